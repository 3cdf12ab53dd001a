import createClient from 'openapi-fetch';
import { consoleMiddleware } from './middleware';
import { ApiError, NetworkError } from './problem';

/**
 * The console's one middleware, with the real openapi-fetch client and real Request/Response
 * objects; only the network and the session are fakes.
 */
function setUp() {
  const seen: Request[] = [];
  const answers: ((r: Request) => Response | Promise<Response>)[] = [];
  let token = 'token-1';
  let refreshes = 0;
  let refreshWorks = true;
  let reason: string | null = null;
  const network = async (request: Request): Promise<Response> => {
    seen.push(request.clone());
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${request.method} ${request.url}`);
    return answer(request);
  };
  const client = createClient<any>({ baseUrl: 'http://console.test', fetch: network });
  client.use(
    consoleMiddleware({
      accessToken: () => token,
      refresh: async () => {
        refreshes++;
        if (refreshWorks) token = `token-${refreshes + 1}`;
        return refreshWorks;
      },
      fetch: network,
      accessReason: () => reason,
    }),
  );
  return {
    client,
    seen,
    answer: (...a: ((r: Request) => Response | Promise<Response>)[]) => answers.push(...a),
    refreshes: () => refreshes,
    refreshFails: () => (refreshWorks = false),
    openFor: (r: string | null) => (reason = r),
  };
}

const json =
  (status: number, body: unknown, type = 'application/json') =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
const lostConnection = () => {
  throw new TypeError('fetch failed');
};

const PAY = '/api/v1/enrollments/{id}/payments';
const payment = { amountCents: 12550, method: 'CASH', receivedOn: '2026-11-28' };
const pay = (c: ReturnType<typeof setUp>['client'], body: object = payment) =>
  c.POST(PAY, { params: { path: { id: 'e-1' } }, body });

describe('consoleMiddleware', () => {
  it('adds the access token to every request', async () => {
    const t = setUp();
    t.answer(json(200, [{ code: 'OAR' }]));
    const { data } = await t.client.GET('/api/v1/programs', {});
    expect(data).toEqual([{ code: 'OAR' }]);
    expect(t.seen[0].headers.get('Authorization')).toBe('Bearer token-1');
    expect(t.seen[0].headers.get('Idempotency-Key')).toBeNull();
  });

  it('states why a closed record is read on every request while it is open, and on none after', async () => {
    const t = setUp();
    t.answer(json(200, {}), json(200, {}), json(200, {}));
    await t.client.GET('/api/v1/participants/{id}', { params: { path: { id: 'p-1' } } });
    t.openFor('COURT_ORDER');
    await t.client.GET('/api/v1/participants/{id}', { params: { path: { id: 'p-1' } } });
    t.openFor(null);
    await t.client.GET('/api/v1/participants/{id}', { params: { path: { id: 'p-1' } } });
    expect(t.seen.map((r) => r.headers.get('X-Access-Reason'))).toEqual([
      null,
      'COURT_ORDER',
      null,
    ]);
  });

  it('keeps the reason on the request repeated after a refresh', async () => {
    const t = setUp();
    t.openFor('AUDIT');
    t.answer(json(401, { status: 401, code: 'UNAUTHENTICATED' }), json(200, {}));
    await t.client.GET('/api/v1/participants/{id}', { params: { path: { id: 'p-1' } } });
    expect(t.seen.map((r) => r.headers.get('X-Access-Reason'))).toEqual(['AUDIT', 'AUDIT']);
    expect(t.seen[1].headers.get('Authorization')).toBe('Bearer token-2');
  });

  it('sends an Idempotency-Key given with the request as it is, and adds none of its own', async () => {
    const t = setUp();
    t.answer(json(201, { id: 'p-1' }), json(201, { id: 's-1' }));
    await t.client.POST(PAY, {
      params: { path: { id: 'e-1' }, header: { 'Idempotency-Key': 'key-1' } },
      body: payment,
    });
    await pay(t.client);
    expect(t.seen.map((r) => r.headers.get('Idempotency-Key'))).toEqual(['key-1', null]);
  });

  it('keeps the Idempotency-Key on the request repeated after a refresh', async () => {
    const t = setUp();
    t.answer(
      json(401, { status: 401, code: 'UNAUTHENTICATED' }, 'application/problem+json'),
      json(201, { id: 'p-1' }),
    );
    await t.client.POST(PAY, {
      params: { path: { id: 'e-1' }, header: { 'Idempotency-Key': 'key-1' } },
      body: payment,
    });
    expect(t.seen.map((r) => r.headers.get('Idempotency-Key'))).toEqual(['key-1', 'key-1']);
  });

  it('on a 401 refreshes once and repeats the request with the new token', async () => {
    const t = setUp();
    t.answer(
      json(401, { status: 401, code: 'UNAUTHENTICATED' }, 'application/problem+json'),
      json(201, { id: 'p-1' }),
    );
    const { data } = await pay(t.client);
    expect(data).toEqual({ id: 'p-1' });
    expect(t.refreshes()).toBe(1);
    expect(t.seen.map((r) => r.headers.get('Authorization'))).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    // The repeat is the same submission: same body, same key.
    expect(t.seen[1].headers.get('Idempotency-Key')).toBe(t.seen[0].headers.get('Idempotency-Key'));
    expect(await t.seen[1].text()).toBe(JSON.stringify(payment));
  });

  it('does not repeat when the refresh fails: the 401 becomes the error', async () => {
    const t = setUp();
    t.refreshFails();
    t.answer(json(401, { status: 401, code: 'UNAUTHENTICATED' }, 'application/problem+json'));
    await expect(t.client.GET('/api/v1/programs', {})).rejects.toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expect(t.refreshes()).toBe(1);
    expect(t.seen).toHaveLength(1);
  });

  it('turns problem+json into an ApiError with its code, field errors and request id', async () => {
    const t = setUp();
    t.answer(
      json(
        422,
        {
          type: 'about:blank',
          title: 'Unprocessable Entity',
          status: 422,
          code: 'OVERPAYMENT',
          detail: 'Payment of 60000 exceeds the balance of 50000.',
          errors: [{ field: 'amountCents', message: 'must not exceed the balance (50000)' }],
          requestId: 'req-42',
        },
        'application/problem+json',
      ),
    );
    const err = await pay(t.client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const apiError = err as ApiError;
    expect(apiError.status).toBe(422);
    expect(apiError.code).toBe('OVERPAYMENT');
    expect(apiError.problem.errors).toEqual([
      { field: 'amountCents', message: 'must not exceed the balance (50000)' },
    ]);
    expect(apiError.problem.requestId).toBe('req-42');
    expect(apiError.message).toBe('Payment of 60000 exceeds the balance of 50000.');
  });

  it('keeps the status of an error whose body is not JSON', async () => {
    const t = setUp();
    t.answer(
      () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    await expect(t.client.GET('/api/v1/programs', {})).rejects.toMatchObject({
      status: 502,
      problem: { status: 502, title: 'Bad Gateway' },
    });
  });

  it('turns a lost connection into a NetworkError', async () => {
    const t = setUp();
    t.answer(lostConnection);
    const err = await t.client.GET('/api/v1/programs', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/could not be reached/);
  });
});
