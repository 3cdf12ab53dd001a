import type { Middleware } from 'openapi-fetch';
import { ACCESS_REASON_HEADER } from './access-reason';
import { ApiError, NetworkError, type Problem } from './problem';

export interface MiddlewareDeps {
  /** The access token held in memory, if signed in. */
  accessToken(): string | null;
  /** Refreshes the access token once (cookie mode); false when the session has ended. */
  refresh(): Promise<boolean>;
  fetch(request: Request): Promise<Response>;
  /**
   * Why a closed record is being read, while one is open (SUPERVISOR or AUDITOR): every request
   * then carries it in `X-Access-Reason`. Null otherwise.
   */
  accessReason?(): string | null;
}

function isAuthRoute(request: Request): boolean {
  return /\/auth\/(login|refresh|logout)$/.test(new URL(request.url).pathname);
}

export async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Problem;
    if (body && typeof body === 'object')
      return { ...body, status: body.status ?? response.status };
  } catch {
    // not JSON: fall through
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
}

/**
 * The one middleware of the console's API client: adds the access token (and, while a closed
 * record is open, the reason it was opened for), refreshes it once on a 401 and repeats the
 * request (with the same headers, an `Idempotency-Key` too), and turns problem+json into `ApiError` and a
 * lost connection into `NetworkError`, so that a call either gives data or throws.
 */
export function consoleMiddleware(deps: MiddlewareDeps): Middleware {
  const inFlight = new Map<string, Request>();

  return {
    async onRequest({ request, id }) {
      const token = deps.accessToken();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      const reason = deps.accessReason?.();
      if (reason && !isAuthRoute(request)) request.headers.set(ACCESS_REASON_HEADER, reason);
      inFlight.set(id, request.clone());
      return request;
    },

    async onResponse({ request, response, id }) {
      const sent = inFlight.get(id);
      inFlight.delete(id);
      let answer = response;
      if (answer.status === 401 && sent && !isAuthRoute(request) && (await deps.refresh())) {
        const again = sent.clone();
        again.headers.set('Authorization', `Bearer ${deps.accessToken()}`);
        try {
          answer = await deps.fetch(again);
        } catch {
          throw new NetworkError();
        }
      }
      if (!answer.ok) throw new ApiError(await problemOf(answer));
      return answer;
    },

    onError({ id }) {
      inFlight.delete(id);
      return new NetworkError();
    },
  };
}
