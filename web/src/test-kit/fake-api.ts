// From the DOM library, not React's: this module loads before the test framework (setup.ts).
import { waitFor } from '@testing-library/dom';
import type { Problem } from '../api/problem';
import type { paths } from '../api/schema';

/**
 * The API at the network boundary: `fetch` answers from canned replies, by method and path (the
 * paths and bodies typed from the generated schema), and records every request the console sent
 * (its headers and JSON body), so a test can check what went over the wire: an Idempotency-Key
 * reused on a retry, a body built from the form.
 *
 * A reply may be the success body itself, `problem(...)` (problem+json), `networkFailure()` (the
 * connection dropped: no answer), `noContent()`, or a promise of one of these: `deferred()` holds
 * the answer until the test releases it, `neverAnswers()` never does.
 *
 * A request nothing answers gets a 404 and is listed in `unhandled`; the test then fails
 * (after-env.ts), so each test says every call its screen makes.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type OperationOf<M extends Method, P extends keyof paths> =
  paths[P] extends Record<Lowercase<M>, infer O> ? O : never;

/** The API's paths that answer `M`. */
export type PathFor<M extends Method> = {
  [P in keyof paths]: paths[P] extends Record<Lowercase<M>, object> ? P : never;
}[keyof paths];

type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON body of a success answer of `M P`, as the schema describes it. */
export type AnswerOf<M extends Method, P extends PathFor<M>> =
  OperationOf<M, P> extends { responses: infer R }
    ? { [S in keyof R]: S extends 200 | 201 | 202 ? JsonOf<R[S]> : never }[keyof R]
    : never;

/** The JSON body the console sends with `M P`. */
export type BodyOf<M extends Method, P extends PathFor<M>> =
  OperationOf<M, P> extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : undefined;

/** One request as the console sent it. */
export interface Sent<B = unknown> {
  method: Method;
  /** The path as sent, ids filled in. */
  path: string;
  /** The schema path it was answered as ('' when nothing answered it). */
  route: string;
  /** The path's parameters ({id} → value). */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Headers;
  /** The JSON body, parsed; undefined when there was none. */
  body: B;
}

/** An answer other than a success body: a refusal, no answer, a bare status. */
export class Reply {
  constructor(readonly respond: () => Response) {}
}

export type Handler<M extends Method, P extends PathFor<M>> =
  | AnswerOf<M, P>
  | Reply
  | ((sent: Sent<BodyOf<M, P>>) => AnswerOf<M, P> | Reply | Promise<AnswerOf<M, P> | Reply>);

/** A problem+json refusal, as the API's error catalogue sends it. */
export function problem(
  status: number,
  code?: string,
  extra: Partial<Omit<Problem, 'status'>> = {},
): Reply {
  const body: Problem = {
    type: 'about:blank',
    title: code ?? `HTTP ${status}`,
    status,
    ...(code ? { code } : {}),
    requestId: `req-${status}-${code ?? 'none'}`,
    ...extra,
  };
  return new Reply(
    () =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/problem+json' },
      }),
  );
}

/** The connection dropped before an answer came back (the request may have arrived). */
export function networkFailure(): Reply {
  return new Reply(() => {
    throw new TypeError('Failed to fetch');
  });
}

export function noContent(): Reply {
  return new Reply(() => new Response(null, { status: 204 }));
}

/** An answer that never comes: the screen stays busy. */
export function neverAnswers(): Promise<never> {
  return new Promise<never>(() => undefined);
}

/** An answer the test releases when it has looked at the busy screen. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

interface Route {
  method: Method;
  template: string;
  pattern: RegExp;
  names: string[];
  handler: unknown;
}

function compile(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

class FakeApi {
  private routes: Route[] = [];
  private log: Sent[] = [];
  /** Requests nothing answered ("GET /api/v1/…"). */
  unhandled: string[] = [];

  /** Answers `method path` from now on (a later answer for the same route replaces it). */
  on<M extends Method, P extends PathFor<M>>(method: M, path: P, handler: Handler<M, P>): this {
    const template = path as string;
    this.routes = this.routes.filter((r) => !(r.method === method && r.template === template));
    this.routes.push({ method, template, ...compile(template), handler });
    return this;
  }

  get<P extends PathFor<'GET'>>(path: P, handler: Handler<'GET', P>): this {
    return this.on('GET', path, handler);
  }

  post<P extends PathFor<'POST'>>(path: P, handler: Handler<'POST', P>): this {
    return this.on('POST', path, handler);
  }

  patch<P extends PathFor<'PATCH'>>(path: P, handler: Handler<'PATCH', P>): this {
    return this.on('PATCH', path, handler);
  }

  /** The requests sent, oldest first; of one route (its schema path) when given. */
  sent<M extends Method, P extends PathFor<M>>(method?: M, path?: P): Sent<BodyOf<M, P>>[] {
    return this.log.filter(
      (s) => (!method || s.method === method) && (!path || s.route === path),
    ) as Sent<BodyOf<M, P>>[];
  }

  /**
   * The requests sent to one route, once at least `count` have been: a request is recorded when
   * its body has been read, a moment after the press that sent it (the screen is busy at once).
   */
  async waitForSent<M extends Method, P extends PathFor<M>>(
    method: M,
    path: P,
    count = 1,
  ): Promise<Sent<BodyOf<M, P>>[]> {
    await waitFor(() => expect(this.sent(method, path).length).toBeGreaterThanOrEqual(count));
    return this.sent(method, path);
  }

  /** Forgets the requests sent so far (a test's own sign-in, say): what follows is the screen's. */
  forgetSent(): void {
    this.log = [];
  }

  /** Forgets every answer and every request (before each test). */
  reset(): void {
    this.routes = [];
    this.log = [];
    this.unhandled = [];
  }

  /** The `fetch` of the page under test. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const method = request.method.toUpperCase() as Method;
    const text = await request.clone().text();
    const match = this.match(method, url.pathname);
    const sent: Sent = {
      method,
      path: url.pathname,
      route: match?.route.template ?? '',
      params: match?.params ?? {},
      query: url.searchParams,
      headers: new Headers(request.headers),
      body: text ? JSON.parse(text) : undefined,
    };
    this.log.push(sent);
    if (!match) {
      this.unhandled.push(`${method} ${url.pathname}${url.search}`);
      return problem(404, 'NOT_FOUND', { detail: 'No fake answer for this request' }).respond();
    }
    const handler = match.route.handler;
    const answer = await (typeof handler === 'function' ? handler(sent) : handler);
    if (answer instanceof Reply) return answer.respond();
    return new Response(JSON.stringify(answer), {
      status: method === 'POST' ? 201 : 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };

  private match(
    method: Method,
    pathname: string,
  ): { route: Route; params: Record<string, string> } | undefined {
    // A literal path wins over a template that also matches it (/sessions/new, /sessions/{id}).
    const candidates = this.routes
      .filter((r) => r.method === method && r.pattern.test(pathname))
      .sort((a, b) => a.names.length - b.names.length);
    const route = candidates[0];
    if (!route) return undefined;
    const values = route.pattern.exec(pathname)!.slice(1);
    return {
      route,
      params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(values[i])])),
    };
  }
}

/** The one fake API of a test file; setup.ts makes its `fetch` the page's. */
export const server = new FakeApi();
