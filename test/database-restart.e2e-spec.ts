import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { waitUntilReady } from './support/instances';
import { startPostgresServer, TestPostgresServer } from './support/postgres-server';
import { ApiFactory } from './support/api-factory';

const CLIENTS = 8;

/**
 * Issue 14, point 15: the PostgreSQL server itself restarts (not only its connections) while 8
 * clients post payments. On a server of this file's own, so other test files never notice.
 */
describe('a database server restart under load', () => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  let make: ApiFactory;
  let app: AppInstance;
  let finance: ApiClient;
  const enrollments: string[] = [];

  beforeAll(async () => {
    server = await startPostgresServer();
    db = await TestDatabase.migratedOn(server.adminUrl);
    app = await startApp(db, { DB_POOL_SIZE: '10' });
    const admin = await loginAdmin(app);
    finance = await staffWith(app, admin, ['FINANCE']);
    make = await ApiFactory.create(app, admin);
    for (let i = 0; i < CLIENTS; i++) {
      enrollments.push((await make.enroll({ feeCents: 5_000_000 })).enrollmentId);
    }
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close().catch(() => undefined);
    await server?.destroy();
  });

  it('answers only 201 or 503 with Retry-After, then recovers; money stays right', async () => {
    const today = (await db.one(`SELECT (now() AT TIME ZONE 'America/Chicago')::date::text AS d`))
      .d as string;
    const outcomes: { key: string; status: number; code?: string; retryAfter?: string }[] = [];
    let stop = false;
    const client = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const key = `restart-${n}-${i}`;
        try {
          const res = await finance
            .post(`/enrollments/${enrollments[n]}/payments`, {
              amountCents: 100,
              method: 'CASH',
              receivedOn: today,
            })
            .set('Idempotency-Key', key)
            .timeout(15_000);
          outcomes.push({
            key,
            status: res.status,
            code: res.body?.code,
            retryAfter: res.headers['retry-after'],
          });
          if (res.status === 503) await new Promise((r) => setTimeout(r, 50));
        } catch (err) {
          outcomes.push({ key, status: 0, code: String(err) });
        }
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    await new Promise((r) => setTimeout(r, 1_500));
    await server.stop();
    await new Promise((r) => setTimeout(r, 1_000));
    await server.start();
    expect((await waitUntilReady(app, 30_000)).ready).toBe(true);
    await new Promise((r) => setTimeout(r, 1_500));
    stop = true;
    await load;

    const unexpected = outcomes.filter((o) => o.status !== 201 && o.status !== 503);
    expect(unexpected).toEqual([]);
    const unavailable = outcomes.filter((o) => o.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(
      unavailable.filter(
        (o) => o.code !== 'SERVICE_UNAVAILABLE' || !/^\d+$/.test(o.retryAfter ?? ''),
      ),
    ).toEqual([]);
    // Served again after the restart, by the same process.
    expect(outcomes.slice(-CLIENTS).every((o) => o.status === 201)).toBe(true);

    // Every 201 is one entry; a 503 may have committed just before the server went. An entry
    // and its completed idempotency key commit together or not at all.
    const keys = (
      await db.one(
        `SELECT count(*)::int AS n FROM idempotency_keys WHERE staff_id = $1 AND status = 'COMPLETED'`,
        [finance.staffId],
      )
    ).n as number;
    const created = outcomes.filter((o) => o.status === 201).length;
    const payments = (
      await db.one(`SELECT count(*)::int AS n FROM ledger_entries WHERE kind = 'PAYMENT'`)
    ).n as number;
    expect(payments).toBeGreaterThanOrEqual(created);
    expect(payments).toBeLessThanOrEqual(created + unavailable.length);
    expect(payments).toBe(keys);
    const receipts = await db.query<{ seq: number }>(
      `SELECT split_part(receipt_number, '-', 3)::int AS seq FROM ledger_entries
        WHERE kind = 'PAYMENT' ORDER BY 1`,
    );
    expect(receipts.map((r) => r.seq)).toEqual(receipts.map((_, i) => i + 1));
  });
});
