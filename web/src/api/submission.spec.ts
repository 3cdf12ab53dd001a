import createClient from 'openapi-fetch';
import { consoleMiddleware } from './middleware';
import { ApiError, NetworkError } from './problem';
import { Submissions } from './submission';

/**
 * One key per submission, with the real client and middleware: a form's Submissions gives each
 * body its Idempotency-Key; only the network is a fake.
 */
function setUp() {
  const seen: Request[] = [];
  const answers: ((r: Request) => Response)[] = [];
  const network = async (request: Request): Promise<Response> => {
    seen.push(request.clone());
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${request.method} ${request.url}`);
    return answer(request);
  };
  const client = createClient<any>({ baseUrl: 'http://console.test', fetch: network });
  client.use(
    consoleMiddleware({ accessToken: () => 't', refresh: async () => false, fetch: network }),
  );
  let keys = 0;
  const submissions = new Submissions(() => `key-${++keys}`);
  const pay = (body: object = payment) =>
    submissions.send(body, (key) =>
      client.POST('/api/v1/enrollments/{id}/payments', {
        params: { path: { id: 'e-1' }, header: { 'Idempotency-Key': key } },
        body,
      }),
    );
  return {
    pay,
    seen,
    keys: () => seen.map((r) => r.headers.get('Idempotency-Key')),
    answer: (...a: ((r: Request) => Response)[]) => answers.push(...a),
  };
}

const json =
  (status: number, body: unknown, type = 'application/json') =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
const problem = 'application/problem+json';
const lostConnection = (): Response => {
  throw new TypeError('fetch failed');
};
const payment = { amountCents: 12550, method: 'CASH', receivedOn: '2026-11-28' };

describe('Submissions', () => {
  it('reuses the key when the same submission is sent again after a network failure', async () => {
    const t = setUp();
    t.answer(lostConnection, json(201, { id: 'p-1', receiptNumber: 'R-2026-000001' }));
    await expect(t.pay()).rejects.toBeInstanceOf(NetworkError);
    const { data } = await t.pay({ ...payment });
    expect(data).toEqual({ id: 'p-1', receiptNumber: 'R-2026-000001' });
    expect(t.keys()).toEqual(['key-1', 'key-1']);
    expect(await t.seen[1].text()).toBe(JSON.stringify(payment));
  });

  it('reuses the key after a 5xx or 409 IDEMPOTENCY_IN_PROGRESS, which settle nothing', async () => {
    const t = setUp();
    t.answer(
      json(503, { status: 503, code: 'SERVICE_UNAVAILABLE' }, problem),
      json(409, { status: 409, code: 'IDEMPOTENCY_IN_PROGRESS' }, problem),
      json(201, { id: 'p-1' }),
    );
    await expect(t.pay()).rejects.toBeInstanceOf(ApiError);
    await expect(t.pay()).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    await t.pay();
    expect(t.keys()).toEqual(['key-1', 'key-1', 'key-1']);
  });

  it('gives the next identical payment a new key once the first was answered 201', async () => {
    const t = setUp();
    t.answer(json(201, { id: 'p-1' }), json(201, { id: 'p-2' }));
    await t.pay();
    await t.pay();
    expect(t.keys()).toEqual(['key-1', 'key-2']);
  });

  it('gives a different submission its own key, and a refused one (422) settles its key', async () => {
    const t = setUp();
    t.answer(
      lostConnection,
      json(201, { id: 'p-9' }),
      json(422, { status: 422, code: 'OVERPAYMENT' }, problem),
      json(201, { id: 'p-10' }),
    );
    await expect(t.pay()).rejects.toBeInstanceOf(NetworkError);
    await t.pay({ ...payment, amountCents: 100 });
    await expect(t.pay()).rejects.toMatchObject({ code: 'OVERPAYMENT' });
    await t.pay();
    expect(t.keys()).toEqual(['key-1', 'key-2', 'key-1', 'key-3']);
  });
});
