import { UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { API_PREFIX } from '../app.setup';
import { DomainError, validationFailed } from '../common/domain-error';

/**
 * The staff console's session transport: the refresh token travels in an HttpOnly cookie
 * scoped to the auth routes instead of the JSON body, so no script on the page can read it.
 * API clients that do not send the header keep the JSON flow.
 */
export const SESSION_TRANSPORT_HEADER = 'X-Session-Transport';
export const REFRESH_COOKIE = 'refresh_token';
/** Sent only to the auth routes: refresh and logout, never the rest of the API. */
export const REFRESH_COOKIE_PATH = `/${API_PREFIX}/auth`;

/** The request asked for the cookie transport (`X-Session-Transport: cookie`). */
export const wantsCookie = (req: Request): boolean =>
  (req.header(SESSION_TRANSPORT_HEADER) ?? '').trim().toLowerCase() === 'cookie';

/** HTTPS as Express sees it (X-Forwarded-Proto counts only with TRUST_PROXY). */
const overHttps = (req: Request): boolean => req.secure || req.protocol === 'https';

/** The `refresh_token` cookie of the request, parsed by hand (the first one wins). */
export function refreshCookieOf(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== REFRESH_COOKIE) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      return undefined;
    }
    return value.length > 0 && value.length <= 200 ? value : undefined;
  }
  return undefined;
}

/**
 * A console session whose refresh token has not been used for this long is over: the console
 * refreshes every few minutes while someone works and signs out after 15 idle minutes, so a
 * cookie left behind on a shared desk (browser closed without "Sign out") cannot be resumed.
 */
export const CONSOLE_IDLE_MINUTES = 20;

function cookie(req: Request, value: string, maxAgeSeconds: number | undefined): string {
  const parts = [
    `${REFRESH_COOKIE}=${value}`,
    ...(maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`]),
    `Path=${REFRESH_COOKIE_PATH}`,
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
 * The refresh token a refresh or logout presents: the cookie in cookie mode, the body
 * otherwise. A cookie sent without the header is never used: that is the CSRF defence.
 */
export function presentedRefreshToken(
  req: Request,
  body: { refreshToken?: string } | undefined,
  cookieMode: boolean,
): string | undefined {
  if (cookieMode) return refreshCookieOf(req);
  if (body?.refreshToken !== undefined) return body.refreshToken;
  if (refreshCookieOf(req) !== undefined) {
    throw new UnauthorizedException(
      `The refresh cookie is read only with the header ${SESSION_TRANSPORT_HEADER}: cookie.`,
    );
  }
  throw validationFailed('refreshToken', 'must be a string');
}
