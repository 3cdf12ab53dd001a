import { createHmac, randomUUID } from 'node:crypto';
import { bearerToken, signAccessToken, verifyAccessToken } from './access-token';
import { JWT_AUDIENCE, JWT_ISSUER } from './auth.constants';

const secret = Buffer.from('unit-test-secret-0123456789abcdef0123456789abcdef');
const now = 1_780_000_000;
const claims = { sub: randomUUID(), sv: 3, fid: randomUUID() };
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A token signed by hand: any header, any claims, any HMAC key. */
const handSigned = (header: object, payload: object, key: Buffer | string = secret) => {
  const signed = `${b64(header)}.${b64(payload)}`;
  return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
};
/** The base64url character with the same top 4 bits and different spare (low 2) bits. */
const respell = (c: string) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return alphabet[alphabet.indexOf(c) ^ 1];
};
const valid = { ...claims, iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: now - 10, exp: now + 600 };
const hs256 = { alg: 'HS256', typ: 'JWT' };

describe('signAccessToken', () => {
  it('signs what verifyAccessToken accepts until it expires, and under no other secret', () => {
    const token = signAccessToken(claims, secret, now, 600);
    expect(verifyAccessToken(token, secret, now)).toEqual({ ...claims, exp: now + 600 });
    expect(verifyAccessToken(token, secret, now + 599)).toEqual({ ...claims, exp: now + 600 });
    expect(verifyAccessToken(token, secret, now + 600)).toBeUndefined();
    expect(verifyAccessToken(token, Buffer.from('another-secret'), now)).toBeUndefined();
  });

  it('writes an HS256 header and this issuer, audience and issue time', () => {
    const [head, body] = signAccessToken(claims, secret, now, 60).split('.');
    const read = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    expect(read(head)).toEqual(hs256);
    expect(read(body)).toEqual({
      ...claims,
      iat: now,
      exp: now + 60,
      iss: JWT_ISSUER,
      aud: JWT_AUDIENCE,
    });
  });
});

describe('verifyAccessToken', () => {
  it('accepts a token signed with the secret, and the same token under another secret not', () => {
    const token = handSigned(hs256, valid);
    expect(verifyAccessToken(token, secret, now)).toEqual({ ...claims, exp: valid.exp });
    expect(verifyAccessToken(token, Buffer.from('another-secret'), now)).toBeUndefined();
  });

  it('refuses a token whose signature does not match, wherever it was changed', () => {
    const token = handSigned(hs256, valid);
    const [h, p, s] = token.split('.');
    const otherClaims = b64({ ...valid, sv: 4 });
    for (const forged of [
      `${h}.${otherClaims}.${s}`,
      `${h}.${p}.${s.slice(0, -2)}AA`,
      `${h}.${p}.`,
      `${h}.${p}`,
      handSigned(hs256, valid, 'a-guessed-secret'),
      // The same 32 bytes spelled another way: the last character's 2 spare bits set.
      `${h}.${p}.${s.slice(0, -1)}${respell(s.slice(-1))}`,
    ]) {
      expect({ forged, claims: verifyAccessToken(forged, secret, now) }).toEqual({
        forged,
        claims: undefined,
      });
    }
  });

  it('refuses alg "none" and every algorithm but HS256, even with a matching HMAC', () => {
    const unsigned = `${b64({ alg: 'none' })}.${b64(valid)}.`;
    expect(verifyAccessToken(unsigned, secret, now)).toBeUndefined();
    for (const alg of ['none', 'HS512', 'RS256', undefined]) {
      expect(verifyAccessToken(handSigned({ alg }, valid), secret, now)).toBeUndefined();
    }
  });

  it('refuses an expired token, one without exp, one not yet valid, and non-numeric times', () => {
    expect(verifyAccessToken(handSigned(hs256, valid), secret, valid.exp - 1)).toBeDefined();
    expect(verifyAccessToken(handSigned(hs256, valid), secret, valid.exp)).toBeUndefined();
    const { exp: _exp, ...forever } = valid;
    expect(verifyAccessToken(handSigned(hs256, forever), secret, now)).toBeUndefined();
    for (const changed of [
      { exp: String(now + 600) },
      { nbf: now + 60 },
      { nbf: 'soon' },
      { iat: 'today' },
    ]) {
      expect(verifyAccessToken(handSigned(hs256, { ...valid, ...changed }), secret, now)).toBe(
        undefined,
      );
    }
    expect(verifyAccessToken(handSigned(hs256, { ...valid, nbf: now }), secret, now)).toBeDefined();
  });

  it("refuses another issuer or audience, and claims that are not this server's", () => {
    for (const changed of [
      { iss: 'someone-else' },
      { aud: 'another-api' },
      { aud: [JWT_AUDIENCE, 'another-api'] },
      { sub: 'admin' },
      { fid: 'not-a-uuid' },
      { sv: '3' },
      { sv: 3.5 },
    ]) {
      const token = handSigned(hs256, { ...valid, ...changed });
      expect({ changed, claims: verifyAccessToken(token, secret, now) }).toEqual({
        changed,
        claims: undefined,
      });
    }
    const arrayPayload = handSigned(hs256, [valid]);
    expect(verifyAccessToken(arrayPayload, secret, now)).toBeUndefined();
  });

  it('refuses what is not a compact token without throwing', () => {
    for (const junk of ['', 'abc', 'a.b.c.d', 'a b.c.d', '%%%.%%%.%%%', `${'a'.repeat(10)}..x`]) {
      expect(verifyAccessToken(junk, secret, now)).toBeUndefined();
    }
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header, whatever the scheme case, and nothing else', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer  abc.def.ghi ')).toBe('abc.def.ghi');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
