import type { PoolClient } from 'pg';
import { ApiFactory, EnrollmentFixture, EntryRef } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { chicagoDay } from './support/ledger-sql';

/** The key RemittancesService serializes batch creations with. */
const REMITTANCE_LOCK_KEY = 7_204_611_400;

const MOVEMENTS = `
  SELECT e.id, -e.signed_amount_cents::bigint AS remit
    FROM ledger_entries e LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id
   WHERE e.kind IN ('PAYMENT','REFUND') OR t.kind IN ('PAYMENT','REFUND')`;

describe('remittances under concurrency and crashes', () => {
  let db: TestDatabase;
  let app1: AppInstance;
  let app2: AppInstance;
  let finance1: ApiClient;
  let finance2: ApiClient;
  let make: ApiFactory;
  let today: string;
  let enrollments: EnrollmentFixture[];

  beforeAll(async () => {
    db = await TestDatabase.create();
    [app1, app2] = await Promise.all([startApp(db), startApp(db)]);
    const admin = await loginAdmin(app1);
    finance1 = await staffWith(app1, admin, ['FINANCE', 'SUPERVISOR']);
    finance2 = finance1.on(app2);
    make = await ApiFactory.create(app1, admin);
    today = await chicagoDay(db);
    enrollments = [];
    for (let i = 0; i < 8; i++) {
      // Enrolled before the payments of the last days (a payment never precedes its enrollment).
      enrollments.push(
        await make.enroll({
          programCode: i % 2 ? 'OAR' : 'JOHNZ_SCHOOL',
          feeCents: 90_000,
          enrolledOn: await chicagoDay(db, -3),
        }),
      );
    }
  });
  afterAll(async () => {
    await app1?.stop();
    await app2?.stop();
    await db?.close();
  });

  /** Every movement with the live items that hold it. */
  async function placement() {
    return db.query<{ id: string; remit: string; live: number }>(
      `SELECT m.id, m.remit, count(i.batch_id)::int AS live
         FROM (${MOVEMENTS}) m
         LEFT JOIN remittance_items i ON i.ledger_entry_id = m.id AND i.live
        GROUP BY m.id, m.remit`,
    );
  }

  async function expectBatchesConsistent(): Promise<void> {
    const bad = await db.query(
      `SELECT b.id FROM remittance_batches b
         LEFT JOIN remittance_items i ON i.batch_id = b.id
        GROUP BY b.id
       HAVING b.total_cents <> coalesce(sum(i.amount_cents), 0) OR b.item_count <> count(i.*)
           OR count(i.*) = 0`,
    );
    expect(bad).toEqual([]);
  }

  /** Inserts a random mix of movements until told to stop. */
  async function keepInsertingMovements(stop: { done: boolean }): Promise<EntryRef[]> {
    const made: EntryRef[] = [];
    const reversible: EntryRef[] = [];
    let n = 0;
    while (!stop.done || n < 10) {
      const e = enrollments[n % enrollments.length];
      const roll = n % 7;
      if (roll === 3 && reversible.length) {
        made.push(await make.reversal(reversible.shift()!));
      } else if (roll === 5) {
        // A refund pays back part of a payment of the same enrollment (never more than received).
        const p = await make.payment(e.enrollmentId, 500 + n, { receivedOn: today });
        const r = await make.refund(e.enrollmentId, 100 + n);
        made.push(p, r);
        reversible.push(r);
      } else {
        const p = await make.payment(e.enrollmentId, 500 + n, {
          receivedOn: await chicagoDay(db, -(n % 3)),
          method: ['CASH', 'CHECK', 'CARD', 'MONEY_ORDER'][n % 4],
        });
        made.push(p);
        reversible.push(p);
      }
      n++;
    }
    return made;
  }

  it('8 concurrent creations on two instances, while money keeps arriving: each movement in exactly one live batch', async () => {
    // Two drafts to void in the middle of it all.
    await make.payment(enrollments[0].enrollmentId, 1_111, { receivedOn: today });
    const toVoid1 = (await finance1.post('/remittances', { periodEnd: today })).body;
    await make.payment(enrollments[1].enrollmentId, 2_222, { receivedOn: today });
    const toVoid2 = (await finance2.post('/remittances', { periodEnd: today })).body;
    expect([toVoid1.status, toVoid2.status]).toEqual(['DRAFT', 'DRAFT']);
    // Money no batch holds yet, so that some creation has something to take even if every one of
    // them runs before the first of the arriving movements commits (they did once, on a fast run).
    await make.payment(enrollments[2].enrollmentId, 3_333, { receivedOn: today });

    const stop = { done: false };
    const inserting = keepInsertingMovements(stop);
    const requests = Array.from({ length: 8 }, (_, i) =>
      (i % 2 ? finance2 : finance1).post('/remittances', { periodEnd: today }),
    );
    requests.splice(3, 0, finance2.post(`/remittances/${toVoid1.id}/void`, {}));
    requests.splice(6, 0, finance1.post(`/remittances/${toVoid2.id}/void`, {}));
    const responses = await Promise.all(requests);
    stop.done = true;
    const inserted = await inserting;
    expect(inserted.length).toBeGreaterThanOrEqual(10);

    for (const res of responses) {
      expect(res.status).toBeLessThan(500);
      expect([200, 201, 422]).toContain(res.status);
      if (res.status === 422) expect(res.body.code).toBe('NOTHING_TO_REMIT');
    }
    expect(responses.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    await expectBatchesConsistent();
    expect((await placement()).filter((m) => m.live > 1)).toEqual([]);

    // Whatever arrived after the last batch is taken by the next one; then all is placed once.
    const last = await finance1.post('/remittances', { periodEnd: today });
    expect([201, 422]).toContain(last.status);
    const placed = await placement();
    expect(placed.filter((m) => m.live !== 1)).toEqual([]);
    await expectBatchesConsistent();

    const [{ live, all }] = await db.query(
      `SELECT (SELECT coalesce(sum(total_cents), 0) FROM remittance_batches WHERE status <> 'VOIDED')::bigint AS live,
              (SELECT coalesce(sum(remit), 0) FROM (${MOVEMENTS}) m)::bigint AS all`,
    );
    expect(live).toBe(all);
    const voided = await db.query(`SELECT status FROM remittance_batches WHERE id = ANY($1)`, [
      [toVoid1.id, toVoid2.id],
    ]);
    expect(voided.map((v) => v.status)).toEqual(['VOIDED', 'VOIDED']);
  });

  it('a send and a void racing on two instances: exactly one wins, the other is refused', async () => {
    for (let round = 0; round < 3; round++) {
      await make.payment(enrollments[round].enrollmentId, 3_000 + round, { receivedOn: today });
      const draft = await finance1.post('/remittances', { periodEnd: today });
      expect(draft.status).toBe(201);
      const [sent, voided] = await Promise.all([
        finance1.post(`/remittances/${draft.body.id}/send`, {
          transferReference: `ACH-RACE-${round}`,
          sentOn: today,
        }),
        finance2.post(`/remittances/${draft.body.id}/void`, { reason: 'race' }),
      ]);
      expect([sent.status, voided.status].sort()).toEqual([200, 422]);
      const loser = sent.status === 422 ? sent : voided;
      expect(loser.body.code).toBe('BATCH_NOT_DRAFT');
      const final = await finance2.get(`/remittances/${draft.body.id}`);
      expect(final.body.status).toBe(sent.status === 200 ? 'SENT' : 'VOIDED');
      const live = await db.one(
        `SELECT count(*) FILTER (WHERE live)::int AS live, count(*)::int AS all FROM remittance_items
          WHERE batch_id = $1`,
        [draft.body.id],
      );
      expect(live.live).toBe(final.body.status === 'SENT' ? live.all : 0);
      // Released or not, everything is placed once after the next batch.
      await finance1.post('/remittances', { periodEnd: today });
      expect((await placement()).filter((m) => m.live !== 1)).toEqual([]);
    }
  });

  /** The app's database backend for this test database that waits on a lock, once it does. */
  async function waitingBackend(): Promise<number> {
    for (let i = 0; i < 400; i++) {
      const r = await db.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'diversion-case-manager'
            AND wait_event_type = 'Lock' AND state = 'active'`,
        [db.name],
      );
      if (r.length === 1) return r[0].pid;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error('the batch request never blocked');
  }

  async function backendGone(pid: number): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const r = await db.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [pid]);
      if (!r.length) return;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error(`backend ${pid} is still there`);
  }

  async function seedMovements(): Promise<EntryRef[]> {
    const drained = await finance1.post('/remittances', { periodEnd: today });
    expect([201, 422]).toContain(drained.status);
    const made: EntryRef[] = [];
    for (const [i, e] of enrollments.slice(0, 4).entries()) {
      made.push(await make.payment(e.enrollmentId, 1_000 + i, { receivedOn: today }));
    }
    made.push(await make.reversal(made[1]));
    return made;
  }

  async function batchCount(): Promise<{ batches: number; items: number }> {
    return db.one(
      `SELECT (SELECT count(*) FROM remittance_batches)::int AS batches,
              (SELECT count(*) FROM remittance_items)::int AS items`,
    );
  }

  it('a backend terminated half-way through a batch leaves nothing behind', async () => {
    const movements = await seedMovements();
    const before = await batchCount();
    // An uncommitted live item on one movement: the app's INSERT … SELECT will have written its
    // batch row and be waiting on the unique index when its backend is terminated.
    const blocker: PoolClient = await db.pool.connect();
    try {
      await blocker.query('BEGIN');
      const b = await blocker.query(
        `INSERT INTO remittance_batches (period_end, created_by) VALUES ($1, $2) RETURNING id`,
        [today, finance1.staffId],
      );
      await blocker.query(
        `INSERT INTO remittance_items (batch_id, ledger_entry_id, amount_cents) VALUES ($1, $2, 1)`,
        [b.rows[0].id, movements[2].id],
      );
      const pending = finance1.post('/remittances', { periodEnd: today }).then((r) => r);
      const pid = await waitingBackend();
      const killed = await db.one<{ ok: boolean }>(`SELECT pg_terminate_backend($1) AS ok`, [pid]);
      expect(killed.ok).toBe(true);
      const res = await pending;
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
    expect(await batchCount()).toEqual(before);

    const next = await finance1.post('/remittances', { periodEnd: today });
    expect(next.status).toBe(201);
    expect(next.body.itemCount).toBe(movements.length);
    const placed = await placement();
    expect(placed.filter((m) => m.live !== 1)).toEqual([]);
    await expectBatchesConsistent();
  });

  it('a server process killed while its batch waits leaves nothing behind; the next batch takes every movement once', async () => {
    const movements = await seedMovements();
    const before = await batchCount();
    const holder: PoolClient = await db.pool.connect();
    let held = true;
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [REMITTANCE_LOCK_KEY]);
      const pending = finance2
        .post('/remittances', { periodEnd: today })
        .then((r) => r.status)
        .catch(() => 'connection lost');
      const pid = await waitingBackend();
      await app2.kill('SIGKILL');
      expect(await pending).toBe('connection lost');
      await holder.query('SELECT pg_advisory_unlock($1)', [REMITTANCE_LOCK_KEY]);
      held = false;
      await backendGone(pid);
    } finally {
      if (held) await holder.query('SELECT pg_advisory_unlock($1)', [REMITTANCE_LOCK_KEY]);
      holder.release();
    }
    expect(await batchCount()).toEqual(before);

    const next = await finance1.post('/remittances', { periodEnd: today });
    expect(next.status).toBe(201);
    expect(next.body.itemCount).toBe(movements.length);
    expect(next.body.totalCents).toBe(
      movements.reduce((s, m) => s + (m.kind === 'REVERSAL' ? -m.amountCents : m.amountCents), 0),
    );
    expect((await placement()).filter((m) => m.live !== 1)).toEqual([]);
    await expectBatchesConsistent();
  });
});
