import { checkInvariants, formatInvariantReport, Invariant } from '../scripts/lib/invariants';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { isAlive, startInstances, stopInstances, waitUntilReady } from './support/instances';
import { ApiFactory } from './support/api-factory';

/**
 * Faults a deployment meets: an instance killed (SIGKILL) in the middle of writing money or a
 * remittance batch, and every database connection of the app cut at once. Afterwards nothing
 * is half-written and the survivors carry on.
 */
const RECEIVED_ON = '2026-11-02';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  key: string;
  status: number;
  id?: string;
  attempts: number;
}

async function assertInvariants(db: TestDatabase, groups: Invariant['group'][]) {
  const broken = (await checkInvariants((sql) => db.query(sql), groups)).filter(
    (r) => r.violations > 0,
  );
  if (broken.length) throw new Error(formatInvariantReport(broken));
}

describe('faults: killed instances and cut database connections', () => {
  let db: TestDatabase;
  let a: AppInstance;
  let b: AppInstance;
  let finance: ApiClient;
  let make: ApiFactory;
  let enrollments: string[];
  /** Every status each instance answered, by instance. */
  const answered = new Map<AppInstance, number[]>();

  beforeAll(async () => {
    db = await TestDatabase.create();
    [a, b] = await startInstances(db, 2);
    const admin = await loginAdmin(a);
    // Payments here are dated RECEIVED_ON, more than 30 days back: a SUPERVISOR's to record.
    finance = await staffWith(a, admin, ['FINANCE', 'SUPERVISOR']);
    make = await ApiFactory.create(a, admin);
    enrollments = [];
    for (let i = 0; i < 12; i++) {
      const e = await make.enroll({ feeCents: 5_000_000, enrolledOn: '2025-01-10' });
      enrollments.push(e.enrollmentId);
    }
  });
  /** Instance A again (each test kills it): a new process, the old one stopped if alive. */
  async function freshA(): Promise<void> {
    if (isAlive(a)) await a.stop();
    a = await startApp(db);
  }

  afterAll(async () => {
    await stopInstances([a, b]);
    await db?.close();
  });

  /**
   * Posts one payment per key: first on `first` (while it lives), and on a connection error or
   * IDEMPOTENCY_IN_PROGRESS retries the same key on `fallback` — what a client behind a load
   * balancer does. Its final answer is the outcome.
   */
  async function pay(key: string, first: AppInstance, fallback: AppInstance): Promise<Outcome> {
    const enrollmentId = enrollments[Number(key.split('-').pop()) % enrollments.length];
    const body = { amountCents: 100, method: 'CARD', receivedOn: RECEIVED_ON };
    for (let attempt = 1; attempt <= 30; attempt++) {
      const target = attempt === 1 && isAlive(first) ? first : fallback;
      let status: number;
      let resBody: { id?: string; code?: string } = {};
      try {
        const res = await finance
          .on(target)
          .post(`/enrollments/${enrollmentId}/payments`, body)
          .set('Idempotency-Key', key)
          .timeout(10_000);
        status = res.status;
        resBody = res.body;
        answered.set(target, [...(answered.get(target) ?? []), status]);
      } catch {
        status = 0; // the instance died under the request: outcome unknown, retry the key
      }
      if (status === 201) return { key, status, id: resBody.id, attempts: attempt };
      if (status === 0 || status === 409 || status >= 500) {
        await sleep(status === 409 ? 300 : 50);
        continue;
      }
      return { key, status, attempts: attempt };
    }
    return { key, status: -1, attempts: 30 };
  }

  /** `workers` loops posting payments with fresh keys until `stopAt`. */
  async function paymentStream(
    prefix: string,
    workers: number,
    stopAt: () => boolean,
    first: (i: number) => AppInstance,
    fallback: AppInstance,
  ): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (!stopAt()) {
          const i = next++;
          outcomes.push(await pay(`${prefix}-${i}`, first(i), fallback));
        }
      }),
    );
    return outcomes;
  }

  it('SIGKILL of an instance in a stream of payments: each key paid exactly once, receipts contiguous', async () => {
    const started = Date.now();
    let killedAt = 0;
    const stream = paymentStream(
      'kill-pay',
      8,
      () => Date.now() - started > 3_000,
      (i) => (i % 2 === 0 ? a : b),
      b,
    );
    await sleep(1_200);
    killedAt = Date.now();
    await a.kill('SIGKILL');
    const outcomes = await stream;

    expect(killedAt - started).toBeGreaterThan(1_000);
    expect(outcomes.length).toBeGreaterThan(20);
    // Every key was eventually paid (the retries on B found the committed ones, or paid them).
    expect(outcomes.filter((o) => o.status !== 201)).toEqual([]);
    // A key retried after the kill: some attempts hit the dead instance.
    expect(outcomes.some((o) => o.attempts > 1)).toBe(true);
    const ids = outcomes.map((o) => o.id!);
    expect(new Set(ids).size).toBe(outcomes.length);

    // Exactly one entry per key: nothing lost, nothing twice.
    const entries = await db.one<{ n: number; matched: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE id = ANY($2::uuid[]))::int AS matched
         FROM ledger_entries WHERE kind = 'PAYMENT' AND enrollment_id = ANY($1::uuid[])`,
      [enrollments, ids],
    );
    expect(entries).toEqual({ n: outcomes.length, matched: outcomes.length });
    const keys = await db.one<{ completed: number; other: number }>(
      `SELECT count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed,
              count(*) FILTER (WHERE status <> 'COMPLETED')::int AS other
         FROM idempotency_keys WHERE key LIKE 'kill-pay-%'`,
    );
    expect(keys).toEqual({ completed: outcomes.length, other: 0 });
    // The survivor never failed a request with a 5xx.
    expect((answered.get(b) ?? []).filter((s) => s >= 500)).toEqual([]);
    await assertInvariants(db, ['ledger', 'receipts', 'idempotency']);
  });

  it('SIGKILL in the middle of building a remittance batch: no half batch, the next one takes everything', async () => {
    await freshA();
    // Payments received in 2025 (recorded late, after the fees), through the API on B.
    const paid = [];
    for (let i = 0; i < 6; i++)
      paid.push(await make.on(b).payment(enrollments[i], 100 + i, { receivedOn: '2025-06-01' }));
    const total = paid.reduce((sum, p) => sum + p.amountCents, 0);

    /*
     * Stop A's request inside its transaction, between the batch row and its items: this test's
     * own connection holds remittance_items in SHARE mode, which conflicts with the ROW EXCLUSIVE
     * lock an INSERT takes, so A's INSERT INTO remittance_items queues behind it after its
     * INSERT INTO remittance_batches. While it provably waits there (pg_stat_activity:
     * wait_event_type = 'Lock' on that statement), A is killed; then the lock is released.
     *
     * What this guards: the batch row and its items are written in one transaction, so a batch
     * exists whole or not at all. Were the batch row committed on its own (its own transaction,
     * or the items filled in a later request), it would be committed by the time A waits here,
     * and `remittance_batches` would hold an empty batch after the kill: the count below fails
     * (and the next batch would not be the only one).
     */
    const blocker = await db.pool.connect();
    let waiting: number | undefined;
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE remittance_items IN SHARE MODE');
      const onA = finance
        .on(a)
        .post('/remittances', { periodEnd: '2025-12-31' })
        .then(
          (r) => r.status,
          () => 0,
        );
      for (let i = 0; i < 200 && waiting === undefined; i++) {
        const blocked = await db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE application_name = 'diversion-case-manager' AND datname = current_database()
              AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO remittance_items%'`,
        );
        waiting = blocked[0]?.pid;
        if (waiting === undefined) await sleep(25);
      }
      expect(waiting).toBeDefined();
      // It waits for this connection's lock, holding the uncommitted batch row of its transaction.
      const holds = await db.query<{ relation: string; granted: boolean }>(
        `SELECT relation::regclass::text AS relation, granted FROM pg_locks
          WHERE pid = $1 AND relation IN ('remittance_items'::regclass, 'remittance_batches'::regclass)`,
        [waiting],
      );
      expect(holds).toEqual(
        expect.arrayContaining([
          { relation: 'remittance_batches', granted: true },
          { relation: 'remittance_items', granted: false },
        ]),
      );
      await a.kill('SIGKILL');
      expect(await onA).toBe(0);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
    // A's backend finds its client gone once its INSERT gets the lock, and rolls back.
    for (let i = 0; i < 200; i++) {
      const left = await db.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [waiting]);
      if (left.length === 0) break;
      await sleep(25);
    }

    const empty = await db.one(`SELECT count(*)::int AS n FROM remittance_batches`);
    expect(empty.n).toBe(0);
    const batch = await finance.on(b).post('/remittances', { periodEnd: '2025-12-31' });
    expect(batch.status).toBe(201);
    expect(batch.body).toMatchObject({
      status: 'DRAFT',
      itemCount: paid.length,
      totalCents: total,
    });
    const again = await finance.on(b).post('/remittances', { periodEnd: '2025-12-31' });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('NOTHING_TO_REMIT');
    await assertInvariants(db, ['remittances', 'receipts']);
  });

  // Only this file's database: other test files' servers share the PostgreSQL server.
  it('every app connection terminated during load: readiness recovers without a restart and requests succeed', async () => {
    await freshA();
    const started = Date.now();
    const stream = paymentStream(
      'cut-pay',
      6,
      () => Date.now() - started > 3_000,
      (i) => (i % 2 === 0 ? a : b),
      b,
    );
    await sleep(800);
    const cut = await db.query<{ t: boolean }>(
      `SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity
        WHERE application_name = 'diversion-case-manager' AND datname = current_database()
          AND pid <> pg_backend_pid()`,
    );
    expect(cut.length).toBeGreaterThan(0);
    const outcomes = await stream;

    for (const app of [a, b]) {
      expect(isAlive(app)).toBe(true);
      const ready = await waitUntilReady(app, 15_000);
      expect(ready.ready).toBe(true);
    }
    // Requests succeed again on both, and keys caught by the cut were paid once on retry.
    expect(outcomes.filter((o) => o.status !== 201)).toEqual([]);
    for (const app of [a, b]) {
      const res = await finance
        .on(app)
        .post(`/enrollments/${enrollments[0]}/payments`, {
          amountCents: 100,
          method: 'CASH',
          receivedOn: RECEIVED_ON,
        })
        .set('Idempotency-Key', `after-cut-${app.url}`);
      expect(res.status).toBe(201);
    }
    const counted = await db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE 'cut-pay-%' AND status = 'COMPLETED'`,
    );
    expect(counted.n).toBe(outcomes.length);
    await assertInvariants(db, ['ledger', 'receipts', 'idempotency', 'remittances']);
  });
});
