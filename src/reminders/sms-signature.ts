import { createHmac, timingSafeEqual } from 'node:crypto';

/** A webhook's form fields as parsed (a repeated field is an array). */
export type FormFields = Record<string, string | string[] | undefined>;

/**
 * `X-Twilio-Signature` as API.md defines it: base64 HMAC-SHA1, keyed with `SMS_AUTH_TOKEN`, over
 * the URL the gateway called (`PUBLIC_BASE_URL`, an origin, + the full path with `/api/v1` and
 * any query string) followed by each POST field's name and value, fields sorted by name (a
 * repeated field: each of its values, in order).
 */
export function smsSignature(authToken: string, url: string, fields: FormFields): string {
  let data = url;
  for (const name of Object.keys(fields).sort()) {
    const value = fields[name];
    for (const v of Array.isArray(value) ? value : [value ?? '']) data += name + v;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Whether `given` is the signature of this request, compared in constant time. */
export function isValidSmsSignature(
  authToken: string,
  url: string,
  fields: FormFields,
  given: string | undefined,
): boolean {
  if (!given) return false;
  const expected = Buffer.from(smsSignature(authToken, url, fields));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
