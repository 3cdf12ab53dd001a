import { randomUUID } from 'node:crypto';
import { ApiFactory, chicagoDaysAgo, EnrollmentFixture } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';

/**
 * A payment's received date is a fact about money (issue 29, point 16): never before the
 * enrollment began, never in the future (422 RECEIVED_ON_OUT_OF_RANGE), and more than 30 days
 * back only by a staff member who is also a SUPERVISOR (the payments route is FINANCE's; a
 * FINANCE clerk alone gets 403 FORBIDDEN naming receivedOn). A refused payment writes nothing
 * and uses no receipt number.
 */
describe('the received date of a payment', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let make: ApiFactory;
  let clerk: ApiClient;
  let head: ApiClient;
  let supervisor: ApiClient;
  let e: EnrollmentFixture;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    const admin = await loginAdmin(app);
    make = await ApiFactory.create(app, admin);
    [clerk, head, supervisor] = await Promise.all([
      staffWith(app, admin, ['FINANCE']),
      staffWith(app, admin, ['FINANCE', 'SUPERVISOR']),
      staffWith(app, admin, ['SUPERVISOR']),
    ]);
    e = await make.enroll({ feeCents: 90_000, enrolledOn: chicagoDaysAgo(60) });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  const pay = (by: ApiClient, receivedOn: string, enrollmentId = e.enrollmentId) =>
    by
      .post(`/enrollments/${enrollmentId}/payments`)
      .set('Idempotency-Key', randomUUID())
      .send({ amountCents: 1_000, method: 'CASH', receivedOn });
  const written = async () =>
    db.one<{ entries: number; receipts: number }>(
      `SELECT (SELECT count(*)::int FROM ledger_entries) AS entries,
              (SELECT coalesce(sum(last_number), 0)::int FROM receipt_counters) AS receipts`,
    );

  it('refuses a day before the enrollment or in the future, whoever records it', async () => {
    const before = await written();
    for (const by of [clerk, head]) {
      for (const receivedOn of [
        '2000-01-01', // the back-dated payment
        chicagoDaysAgo(61), // the day before the enrollment
        chicagoDaysAgo(-1), // tomorrow
        '2999-01-01',
      ]) {
        const res = await pay(by, receivedOn);
        expect([receivedOn, res.status, res.body.code]).toEqual([
          receivedOn,
          422,
          'RECEIVED_ON_OUT_OF_RANGE',
        ]);
        expect(res.body.errors.map((x: { field: string }) => x.field)).toEqual(['receivedOn']);
      }
    }
    expect(await written()).toEqual(before);
  });

  it('takes more than 30 days back from a SUPERVISOR only', async () => {
    const before = await written();
    const old = await pay(clerk, chicagoDaysAgo(31));
    expect(old.status).toBe(403);
    expect(old.body.code).toBe('FORBIDDEN');
    expect(old.body.errors.map((x: { field: string }) => x.field)).toEqual(['receivedOn']);
    expect(await written()).toEqual(before);
    // The payments route stays FINANCE's: a SUPERVISOR alone records none.
    expect((await pay(supervisor, chicagoDaysAgo(31))).status).toBe(403);

    const byHead = await pay(head, chicagoDaysAgo(31));
    expect(byHead.status).toBe(201);
    expect(byHead.body.receivedOn).toBe(chicagoDaysAgo(31));
    const firstDay = await pay(head, chicagoDaysAgo(60));
    expect(firstDay.status).toBe(201);
  });

  it('takes today and up to 30 days back from FINANCE', async () => {
    for (const receivedOn of [chicagoDaysAgo(0), chicagoDaysAgo(1), chicagoDaysAgo(30)]) {
      const res = await pay(clerk, receivedOn);
      expect([receivedOn, res.status]).toEqual([receivedOn, 201]);
    }
    // Enrolled today: yesterday is before the enrollment, for anyone.
    const fresh = await make.enroll({ feeCents: 10_000 });
    const yesterday = await pay(head, chicagoDaysAgo(1), fresh.enrollmentId);
    expect([yesterday.status, yesterday.body.code]).toEqual([422, 'RECEIVED_ON_OUT_OF_RANGE']);
  });

  it('holds "not before the enrollment" in the database', async () => {
    const err = await db
      .query(
        `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents,
            method, received_on, receipt_number, created_by)
         VALUES ($1, 'PAYMENT', 100, -100, 'CASH', DATE '2000-01-01', 'R-2000-000001', $2)`,
        [e.enrollmentId, clerk.staffId],
      )
      .then(
        () => undefined,
        (x: { code: string; message: string }) => x,
      );
    expect(err?.code).toBe('23514');
    expect(err?.message).toMatch(/before the enrollment/);
  });
});
