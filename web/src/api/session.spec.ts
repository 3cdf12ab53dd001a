import { session } from './session';

/**
 * Signing out is never swallowed: a sign-out that does not reach the server leaves the person
 * signed in and says so; one that does ends the session. Only the network is a fake.
 */
describe('console sign-out', () => {
  const realFetch = globalThis.fetch;
  const sent: { url: string; headers: Record<string, string> }[] = [];
  let answer: () => Promise<Response>;

  beforeAll(() => {
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      sent.push({ url, headers: init.headers as Record<string, string> });
      return answer();
    }) as typeof fetch;
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  const json = (body: object, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });

  async function signedIn() {
    answer = async () =>
      json({
        accessToken: 'access-1',
        expiresIn: 900,
        user: { id: 'u1', email: 'a@test.example', displayName: 'A', roles: ['INTAKE'] },
      });
    await session.signIn('a@test.example', 'a-long-password');
    expect(session.state.status).toBe('signedIn');
  }

  it('stays signed in and says so when the server cannot be reached, then signs out', async () => {
    await signedIn();
    answer = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await session.signOut()).toBe(false);
    expect(session.state.status).toBe('signedIn');
    expect(session.state.signOutFailed).toMatch(/may still be signed in/);
    expect(session.accessToken()).toBe('access-1');

    answer = async () =>
      json(
        { status: 503, code: 'SERVICE_UNAVAILABLE', detail: 'The database is unavailable' },
        503,
      );
    expect(await session.signOut()).toBe(false);
    expect(session.state.signOutFailed).toMatch(/database is unavailable/);

    answer = async () => new Response(null, { status: 204 });
    expect(await session.signOut()).toBe(true);
    expect(session.state).toEqual({ status: 'signedOut', user: null });
    expect(session.accessToken()).toBeNull();
    // The cookie is the credential: no access token travels with the sign-out.
    const last = sent[sent.length - 1];
    expect(last.url).toBe('/api/v1/auth/logout');
    expect(last.headers).toEqual({
      'Content-Type': 'application/json',
      'X-Session-Transport': 'cookie',
    });
  });

  it('covers the page at once when idle, and says when the server was not told', async () => {
    await signedIn();
    answer = async () => {
      throw new TypeError('Failed to fetch');
    };
    await session.end('idle');
    expect(session.state.status).toBe('ended');
    expect(session.state.endedBecause).toBe('idle');
    expect(session.state.signOutFailed).toMatch(/may still be signed in/);
    expect(session.accessToken()).toBeNull();
  });
});
