/** A small fetch-based client for the tools (the tests use supertest instead). */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  ms: number;
  headers: Headers;
}

export class Api {
  constructor(
    readonly base: string,
    readonly token: string,
    readonly staffId: string,
  ) {}

  on(base: string): Api {
    return new Api(base, this.token, this.staffId);
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const started = performance.now();
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (CSV/PDF): keep the text
    }
    return {
      status: res.status,
      body: parsed as T,
      ms: performance.now() - started,
      headers: res.headers,
    };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body ?? {});
  }
}

export async function login(base: string, email: string, password: string): Promise<Api> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { accessToken: string; user: { id: string } };
  if (res.status !== 200)
    throw new Error(`login as ${email}: ${res.status} ${JSON.stringify(body)}`);
  return new Api(base, body.accessToken, body.user.id);
}

/** Creates a staff member (as an ADMIN) and logs them in. */
export async function staffWith(
  admin: Api,
  email: string,
  roles: string[],
  password: string,
): Promise<Api> {
  const res = await admin.post('/staff', {
    email,
    displayName: email.split('@')[0],
    roles,
    password,
  });
  if (res.status !== 201)
    throw new Error(`creating ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return login(admin.base, email, password);
}
