import type { Middleware } from 'openapi-fetch';
import { ACCESS_REASON_HEADER } from './access-reason';
import { ApiError, NetworkError, type Problem } from './problem';

export interface MiddlewareDeps {
  /** The access token held in memory, if signed in. */
  accessToken(): string | null;
  /** Refreshes the access token once (cookie mode); false when the session has ended. */
  refresh(): Promise<boolean>;
  fetch(request: Request): Promise<Response>;
  newKey(): string;
  /**
   * Why a closed record is being read, while one is open (SUPERVISOR or AUDITOR): every request
   * then carries it in `X-Access-Reason`. Null otherwise.
   */
  accessReason?(): string | null;
}

/**
 * Posts that move money need an `Idempotency-Key` (API.md, Ledger); a waiver request, which
 * leads to money, takes one too, so that sending it again after a lost answer makes no second
 * request.
 */
export function isMoneyPost(request: Request): boolean {
  return (
    request.method === 'POST' &&
    /\/enrollments\/[^/]+\/(payments|refunds|waiver-requests)$/.test(new URL(request.url).pathname)
  );
}

function isAuthRoute(request: Request): boolean {
  return /\/auth\/(login|refresh|logout)$/.test(new URL(request.url).pathname);
}

/**
 * A retry of the same submission after a network failure (or a 5xx, or 409
 * IDEMPOTENCY_IN_PROGRESS) must reuse its key so that it can never post twice; any other
 * answer settles the submission and the next one gets a new key.
 */
function settles(response: Response | undefined): boolean {
  return response !== undefined && response.status < 500 && response.status !== 409;
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
 * request, adds an `Idempotency-Key` to money posts (one key per submission,
 * reused when the same submission is sent again), and turns problem+json into `ApiError` and a
 * lost connection into `NetworkError`, so that a call either gives data or throws.
 */
export function consoleMiddleware(deps: MiddlewareDeps): Middleware {
  const keysBySubmission = new Map<string, string>();
  const inFlight = new Map<string, { copy: Request; submission?: string }>();

  return {
    async onRequest({ request, id }) {
      const token = deps.accessToken();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      const reason = deps.accessReason?.();
      if (reason && !isAuthRoute(request)) request.headers.set(ACCESS_REASON_HEADER, reason);
      let submission: string | undefined;
      if (isMoneyPost(request) && !request.headers.has('Idempotency-Key')) {
        submission = `${new URL(request.url).pathname} ${await request.clone().text()}`;
        let key = keysBySubmission.get(submission);
        if (!key) {
          key = deps.newKey();
          keysBySubmission.set(submission, key);
        }
        request.headers.set('Idempotency-Key', key);
      }
      inFlight.set(id, { copy: request.clone(), submission });
      return request;
    },

    async onResponse({ request, response, id }) {
      const sent = inFlight.get(id);
      inFlight.delete(id);
      let answer = response;
      if (answer.status === 401 && sent && !isAuthRoute(request) && (await deps.refresh())) {
        const again = sent.copy.clone();
        again.headers.set('Authorization', `Bearer ${deps.accessToken()}`);
        try {
          answer = await deps.fetch(again);
        } catch {
          throw new NetworkError();
        }
      }
      if (sent?.submission && settles(answer)) keysBySubmission.delete(sent.submission);
      if (!answer.ok) throw new ApiError(await problemOf(answer));
      return answer;
    },

    onError({ id }) {
      inFlight.delete(id);
      return new NetworkError();
    },
  };
}
