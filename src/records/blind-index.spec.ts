import { createHmac } from 'node:crypto';
import { lastNameKey, stateIdKey } from '../participants/identity';
import { BlindIndexKey, parseKeyChain, wrap } from './blind-index';

const K1 = 'first-key-of-the-chain-0123456789abcdef';
const K2 = 'second-key-of-the-chain-0123456789abcdef';

describe('the blind index', () => {
  it('is HMAC-SHA256 in hex of a labelled JSON input, keyed', () => {
    const key = new BlindIndexKey(K1);
    const expected = createHmac('sha256', K1)
      .update(JSON.stringify(['identity', 'obriennunez', '1984-03-02']))
      .digest('hex');
    expect(key.identity('obriennunez', '1984-03-02')).toBe(expected);
    expect(key.identity('obriennunez', '1984-03-02')).toMatch(/^[0-9a-f]{64}$/);
    expect(new BlindIndexKey(K2).identity('obriennunez', '1984-03-02')).not.toBe(expected);
  });

  it('recognises what the identity rule recognises: the same keys give the same index', () => {
    const key = new BlindIndexKey(K1);
    expect(key.identity(lastNameKey("O'Brien-Núñez"), '1984-03-02')).toBe(
      key.identity(lastNameKey('obrien nunez'), '1984-03-02'),
    );
    expect(key.identity(lastNameKey('Smith'), '1984-03-02')).not.toBe(
      key.identity(lastNameKey('Smith'), '1984-03-03'),
    );
    expect(key.stateId(stateIdKey(' mo-123 456 '), '1984-03-02')).toBe(
      key.stateId(stateIdKey('MO123456'), '1984-03-02'),
    );
    expect(key.stateId(null, '1984-03-02')).toBeNull();
  });

  it('keeps the name index and the state ID index apart, and values from running together', () => {
    const key = new BlindIndexKey(K1);
    expect(key.identity('mo123', '1984-03-02')).not.toBe(key.stateId('mo123', '1984-03-02'));
    expect(key.identity('ab', 'c')).not.toBe(key.identity('a', 'bc'));
  });

  it('rotates by wrapping: a stored index wrapped with the new key is the new chain’s index', () => {
    const old = new BlindIndexKey(K1);
    const rotated = new BlindIndexKey(`${K1},${K2}`);
    const added = rotated.extensionOf(old)!;
    expect(added).toEqual([K2]);
    const stored = old.identity('smith', '1980-05-05');
    expect(wrap(added, stored)).toBe(rotated.identity('smith', '1980-05-05'));
    expect(wrap(added, old.stateId('MO1', '1980-05-05')!)).toBe(
      rotated.stateId('MO1', '1980-05-05'),
    );
    expect(wrap(added, old.check())).toBe(rotated.check());
    expect(rotated.matches(rotated.check())).toBe(true);
    expect(rotated.matches(old.check())).toBe(false);
    expect(old.matches('not hex')).toBe(false);
  });

  it('rotates only onto a chain that extends the old one', () => {
    const old = new BlindIndexKey(K1);
    expect(new BlindIndexKey(K2).extensionOf(old)).toBeUndefined();
    expect(new BlindIndexKey(K1).extensionOf(old)).toBeUndefined();
    expect(new BlindIndexKey(`${K2},${K1}`).extensionOf(old)).toBeUndefined();
  });

  it('refuses keys under 32 characters', () => {
    expect(() => parseKeyChain('short')).toThrow(/32 characters/);
    expect(() => parseKeyChain(`${K1},short`)).toThrow(/32 characters/);
    expect(parseKeyChain(`${K1},${K2}`)).toEqual([K1, K2]);
  });
});
