import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../common/uuid';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './auth.constants';

/** What a valid access token says: the staff member, their session version and login. */
export interface AccessClaims {
  sub: string;
  /** The staff member's session version when the token was issued. */
  sv: number;
  /** The refresh-token family (one login): logging out kills its access tokens as well. */
  fid: string;
  exp: number;
}

/** The header of every access token this server signs. */
const HEADER = Buffer.from(JSON.stringify({ alg: JWT_ALGORITHM, typ: 'JWT' })).toString(
  'base64url',
);

/**
 * An access token for one login: HS256 with the secret, this issuer and audience, issued at
 * `nowSeconds` and valid for `ttlSeconds` (what verifyAccessToken accepts, and nothing more).
 */
export function signAccessToken(
  claims: Omit<AccessClaims, 'exp'>,
  secret: Buffer,
  nowSeconds: number,
  ttlSeconds: number,
): string {
  const payload = {
    sub: claims.sub,
    sv: claims.sv,
    fid: claims.fid,
    iat: nowSeconds,
    exp: nowSeconds + ttlSeconds,
    aud: JWT_AUDIENCE,
    iss: JWT_ISSUER,
  };
  const signed = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

/** header.payload.signature, each base64url without padding. */
const COMPACT_JWS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;
const SHA256_BYTES = 32;

function jsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The claims of an access token this server signed, or undefined. Only what the server issues
 * passes: HS256 with this secret (the header's `alg` must say so; `none` and every other
 * algorithm are refused), this issuer and audience, an expiry in the future (a token without
 * `exp` never passes), `nbf`/`iat` numbers when present, and well-formed subject, session version
 * and login family. The signature is compared in constant time before any claim is read.
 *
 * passport's `jwt` strategy (jwt.strategy.ts) runs it; signAccessToken above makes the tokens it
 * accepts, so both ends of the token live here, with one set of tests. Written out rather than
 * taken from passport-jwt and jsonwebtoken, which cost every authenticated request about a tenth
 * of a millisecond of CPU (their generic option handling); the checks are the ones they made for
 * this server's tokens.
 */
export function verifyAccessToken(
  token: string,
  secret: Buffer,
  nowSeconds: number,
): AccessClaims | undefined {
  const parts = COMPACT_JWS.exec(token);
  if (!parts) return undefined;
  const [, head, body, signature] = parts;
  const given = Buffer.from(signature, 'base64url');
  // Only the one encoding of the 32 bytes: base64url's last character carries 2 spare bits, and
  // decoding ignores them, so 4 spellings of a signature would otherwise pass.
  if (given.length !== SHA256_BYTES || given.toString('base64url') !== signature) return undefined;
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  if (!timingSafeEqual(given, expected)) return undefined;
  if (jsonObject(head)?.alg !== JWT_ALGORITHM) return undefined;
  const claims = jsonObject(body);
  if (!claims) return undefined;
  const { sub, sv, fid, exp, nbf, iat, iss, aud } = claims;
  if (iss !== JWT_ISSUER || aud !== JWT_AUDIENCE) return undefined;
  if (!isTime(exp) || nowSeconds >= exp) return undefined;
  if (nbf !== undefined && (!isTime(nbf) || nowSeconds < nbf)) return undefined;
  if (iat !== undefined && !isTime(iat)) return undefined;
  if (!isUuid(sub) || !isUuid(fid) || typeof sv !== 'number' || !Number.isInteger(sv)) {
    return undefined;
  }
  return { sub, sv, fid, exp };
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive). */
export function bearerToken(header: string | undefined): string | undefined {
  return /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}
