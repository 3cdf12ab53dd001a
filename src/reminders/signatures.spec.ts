import { randomUUID } from 'node:crypto';
import { isValidSmsSignature, smsSignature } from './sms-signature';
import { UnsubscribeTokens } from './unsubscribe-token';

describe('X-Twilio-Signature', () => {
  // Twilio's published example (their security documentation): URL, fields and token.
  const token = '12345';
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const fields = {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+12349013030',
    Digits: '1234',
    From: '+12349013030',
    To: '+18005551212',
  };

  it("computes Twilio's published example", () => {
    expect(smsSignature(token, url, fields)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('refuses a missing, wrong or altered signature, and a field added or changed', () => {
    const good = smsSignature(token, url, fields);
    expect(isValidSmsSignature(token, url, fields, good)).toBe(true);
    expect(isValidSmsSignature(token, url, fields, undefined)).toBe(false);
    expect(isValidSmsSignature(token, url, fields, '')).toBe(false);
    expect(isValidSmsSignature(token, url, fields, good.slice(0, -2))).toBe(false);
    expect(isValidSmsSignature('54321', url, fields, good)).toBe(false);
    expect(isValidSmsSignature(token, `${url}&x=1`, fields, good)).toBe(false);
    expect(isValidSmsSignature(token, url, { ...fields, Body: 'START' }, good)).toBe(false);
    expect(isValidSmsSignature(token, url, { ...fields, Digits: '1235' }, good)).toBe(false);
  });
});

describe('unsubscribe tokens', () => {
  const tokens = new UnsubscribeTokens('a-secret-of-at-least-thirty-two-characters');
  const id = randomUUID();

  it('name the participant and channel they were signed for', () => {
    expect(tokens.verify(tokens.sign(id, 'EMAIL'))).toEqual({
      participantId: id,
      channel: 'EMAIL',
    });
  });

  it('refuse a token signed with another key, altered, re-spelled or malformed', () => {
    const good = tokens.sign(id, 'EMAIL');
    const other = new UnsubscribeTokens('another-secret-of-at-least-thirty-two-chars');
    expect(tokens.verify(other.sign(id, 'EMAIL'))).toBeUndefined();
    const [payload, mac] = good.split('.');
    const forged = Buffer.from(`${randomUUID()}.EMAIL`).toString('base64url');
    expect(tokens.verify(`${forged}.${mac}`)).toBeUndefined();
    const smsPayload = Buffer.from(`${id}.SMS`).toString('base64url');
    expect(tokens.verify(`${smsPayload}.${mac}`)).toBeUndefined();
    const flipped = mac.endsWith('A') ? 'B' : 'A';
    expect(tokens.verify(`${payload}.${mac.slice(0, -1)}${flipped}`)).toBeUndefined();
    expect(tokens.verify(`${payload}=.${mac}`)).toBeUndefined();
    expect(tokens.verify(`${good}.x`)).toBeUndefined();
    for (const bad of [undefined, '', '.', 'abc', 42, 'x'.repeat(500)])
      expect(tokens.verify(bad)).toBeUndefined();
  });
});
