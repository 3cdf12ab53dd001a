import { randomUUID } from 'node:crypto';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { ApiFactory } from './support/api-factory';

const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());

/** Two API instances on one database: every guarantee must hold across processes. */
describe('fee ledger under concurrency, across two instances', () => {
  let db: TestDatabase;
  let make: ApiFactory;
  let app1: AppInstance;
  let app2: AppInstance;
  let finance1: ApiClient;
  let finance2: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    [app1, app2] = await Promise.all([startApp(db), startApp(db)]);
    const admin = await loginAdmin(app1);
    // A head of finance: also a SUPERVISOR, who may date a payment more than 30 days back.
    finance1 = await staffWith(app1, admin, ['FINANCE', 'SUPERVISOR']);
    finance2 = finance1.on(app2);
    make = await ApiFactory.create(app1, admin);
  });
  afterAll(async () => {
    await Promise.all([app1?.stop(), app2?.stop()]);
    await db?.close();
  });

  const pay = (client: ApiClient, enrollmentId: string, key: string, body: object) =>
    client.post(`/enrollments/${enrollmentId}/payments`).set('Idempotency-Key', key).send(body);

  it('records 20 concurrent identical payments with one key exactly once', async () => {
    const e = await make.enroll({ feeCents: 50_000 });
    const key = randomUUID();
    const body = { amountCents: 12_345, method: 'CARD', reference: 'AUTH-1', receivedOn: today() };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pay(i % 2 ? finance2 : finance1, e.enrollmentId, key, body),
      ),
    );

    const created = answers.filter((r) => r.status === 201);
    const others = answers.filter((r) => r.status !== 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of others) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    }
    for (const r of created) expect(r.body).toEqual(created[0].body);
    expect(created.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);

    const payments = await db.query(
      `SELECT id, receipt_number FROM ledger_entries WHERE enrollment_id = $1 AND kind = 'PAYMENT'`,
      [e.enrollmentId],
    );
    expect(payments).toEqual([
      { id: created[0].body.id, receipt_number: created[0].body.receiptNumber },
    ]);
    const numbers = await db.query(
      `SELECT count(*)::int AS n FROM ledger_entries WHERE receipt_number IS NOT NULL`,
    );
    expect(numbers[0].n).toBe(1);

    for (const client of [finance1, finance2]) {
      const replay = await pay(client, e.enrollmentId, key, body);
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(created[0].body);
    }
    const reused = await pay(finance2, e.enrollmentId, key, { ...body, amountCents: 1 });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const ledger = await finance1.get(`/enrollments/${e.enrollmentId}/ledger`);
    expect(ledger.body.balanceCents).toBe(50_000 - 12_345);
  });

  it('gives 50 concurrent payments on two instances a contiguous run of receipt numbers', async () => {
    const year = 2025;
    // Enrolled before the payments were received (a payment never precedes its enrollment).
    const enrollments = await Promise.all(
      Array.from({ length: 50 }, () =>
        make.enroll({ feeCents: 10_000, enrolledOn: `${year}-06-30` }),
      ),
    );
    const answers = await Promise.all(
      enrollments.map((e, i) =>
        pay(i % 2 ? finance2 : finance1, e.enrollmentId, randomUUID(), {
          amountCents: 1_000 + i,
          method: 'CASH',
          receivedOn: `${year}-07-${String((i % 28) + 1).padStart(2, '0')}`,
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(201));
    const numbers = answers
      .map((r) => r.body.receiptNumber as string)
      .map((n) => {
        expect(n).toMatch(new RegExp(`^R-${year}-\\d{6}$`));
        return Number(n.slice(7));
      })
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const counter = await db.one(`SELECT last_number FROM receipt_counters WHERE year = $1`, [
      year,
    ]);
    expect(counter.last_number).toBe(50);
  });

  it('never lets concurrent payments on one enrollment exceed its balance', async () => {
    const e = await make.enroll({ feeCents: 10_000 });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        pay(i % 2 ? finance2 : finance1, e.enrollmentId, randomUUID(), {
          amountCents: 3_000,
          method: 'CASH',
          receivedOn: today(),
        }),
      ),
    );
    const won = answers.filter((r) => r.status === 201);
    const lost = answers.filter((r) => r.status !== 201);
    expect(won).toHaveLength(3);
    expect(lost).toHaveLength(9);
    for (const r of lost) {
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('OVERPAYMENT');
    }
    const { balance } = await db.one(
      `SELECT sum(signed_amount_cents)::int AS balance FROM ledger_entries WHERE enrollment_id = $1`,
      [e.enrollmentId],
    );
    expect(balance).toBe(1_000);
    const ledger = await finance2.get(`/enrollments/${e.enrollmentId}/ledger`);
    expect(ledger.body).toMatchObject({ balanceCents: 1_000, receivedCents: 9_000 });
  });
});
