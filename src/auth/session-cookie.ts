import { UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { API_PREFIX } from '../common/api-prefix';
import { DomainError, validationFailed } from '../common/domain-error';

/**
 * The staff console's session transport: the refresh token travels in an HttpOnly cookie instead
 * of the JSON body, so no script on the page can read it. API clients that do not send the header
 * keep the JSON flow.
 *
 * Over HTTPS the cookie is `__Host-refresh_token`: the browser then accepts it only with `Secure`,
 * no `Domain` and `Path=/`, so no other host (a sibling subdomain) can set or shadow it. The price
 * of the prefix is the path: the cookie is sent with every request to this origin, not only to the
 * auth routes. That is why the origin must be the case manager's alone (no other application under
 * the same host name), why the server reads the cookie on refresh and logout only (with the
 * console's header), why it is HttpOnly and SameSite=Strict, and why request logs carry no headers.
 * Over plain HTTP (development, tests) the prefix is impossible and the cookie stays
 * `refresh_token` with `Path=/api/v1/auth`.
 */
export const SESSION_TRANSPORT_HEADER = 'X-Session-Transport';
export const REFRESH_COOKIE = 'refresh_token';
export const SECURE_REFRESH_COOKIE = '__Host-refresh_token';
/** Over plain HTTP the cookie goes only to the auth routes: refresh and logout. */
export const REFRESH_COOKIE_PATH = `/${API_PREFIX}/auth`;

/** The request asked for the cookie transport (`X-Session-Transport: cookie`). */
export const wantsCookie = (req: Request): boolean =>
  (req.header(SESSION_TRANSPORT_HEADER) ?? '').trim().toLowerCase() === 'cookie';

/** HTTPS as Express sees it (X-Forwarded-Proto counts only with TRUST_PROXY). */
const overHttps = (req: Request): boolean => req.secure || req.protocol === 'https';

/** The cookie's name and path for this request's transport. */
const cookieNameOf = (req: Request) => (overHttps(req) ? SECURE_REFRESH_COOKIE : REFRESH_COOKIE);
const cookiePathOf = (req: Request) => (overHttps(req) ? '/' : REFRESH_COOKIE_PATH);

/** Every value of the cookie `name` in the request, parsed by hand, in the order sent. */
function cookieValues(req: Request, name: string): string[] {
  const values: string[] = [];
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      value = '';
    }
    values.push(value.length > 0 && value.length <= 200 ? value : '');
  }
  return values;
}

/**
 * The refresh cookies the request carries under this transport's name. More than one means a
 * cookie was planted beside the console's (another path, another subdomain over HTTP): which one
 * is the console's cannot be told, so refresh refuses both and logout ends both.
 */
export const refreshCookiesOf = (req: Request): string[] =>
  cookieValues(req, cookieNameOf(req)).filter((v) => v.length > 0);

function cookie(req: Request, value: string, maxAgeSeconds: number | undefined): string {
  const parts = [
    `${cookieNameOf(req)}=${value}`,
    ...(maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`]),
    `Path=${cookiePathOf(req)}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (overHttps(req)) parts.push('Secure');
  return parts.join('; ');
}

/**
 * Set-Cookie carrying a refresh token. A browser-session cookie (no Max-Age): it goes when the
 * browser closes; the token itself still ends after its lifetime, the sign-in's absolute
 * lifetime and CONSOLE_IDLE_MINUTES unused.
 */
export const refreshCookie = (req: Request, token: string): string =>
  cookie(req, encodeURIComponent(token), undefined);

/** Set-Cookie that removes the refresh cookie (same name and path, Max-Age=0). */
export const clearedRefreshCookie = (req: Request): string => cookie(req, '', 0);

/**
 * CSRF defence for the routes that act on the cookie: the custom header (a cross-site form
 * cannot set it, and a cross-origin script needs a CORS preflight this server never grants)
 * and, when the browser names where the request came from, that it is this server's origin.
 */
export function assertSameOrigin(req: Request): void {
  if ((req.header('sec-fetch-site') ?? '').toLowerCase() === 'cross-site') {
    throw forbidden('cross-site requests may not use the session cookie');
  }
  const origin = req.header('origin');
  if (origin === undefined) return;
  const own = `${req.protocol}://${req.host}`.toLowerCase();
  if (origin.trim().toLowerCase() !== own) {
    throw forbidden(`requests from ${origin.slice(0, 100)} may not use the session cookie`);
  }
}

const forbidden = (why: string) =>
  new DomainError('FORBIDDEN', `Forbidden: ${why}.`, [{ field: 'Origin', message: why }]);

/**
 * The refresh token a refresh presents: the cookie in cookie mode, the body otherwise. A cookie
 * sent without the header is never used: that is the CSRF defence. Two refresh cookies: 401.
 */
export function presentedRefreshToken(
  req: Request,
  body: { refreshToken?: string } | undefined,
  cookieMode: boolean,
): string | undefined {
  if (cookieMode) {
    const cookies = refreshCookiesOf(req);
    if (cookies.length > 1) {
      throw new UnauthorizedException(
        'The request carries more than one refresh cookie; sign in again.',
      );
    }
    return cookies[0];
  }
  if (body?.refreshToken !== undefined) return body.refreshToken;
  if (cookieValues(req, REFRESH_COOKIE).length + cookieValues(req, SECURE_REFRESH_COOKIE).length) {
    throw new UnauthorizedException(
      `The refresh cookie is read only with the header ${SESSION_TRANSPORT_HEADER}: cookie.`,
    );
  }
  throw validationFailed('refreshToken', 'must be a string');
}
