import { randomUUID } from 'node:crypto';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { pdfText } from './support/pdf';
import { ApiFactory, chicagoDaysAgo } from './support/api-factory';

const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

/**
 * Balance, money received and attended sessions have one definition (the database view
 * ledger_entry_effects and the functions enrollment_ledger_totals and
 * enrollment_attended_sessions): the completion check, the enrollment, the ledger, the
 * completion notice, the reports and the remittance all say the same about one enrollment
 * after corrections of attendance and reversals of every kind of entry.
 */
describe('one definition of balance, money received and attended sessions', () => {
  let db: TestDatabase;
  let make: ApiFactory;
  let app: AppInstance;
  let intake: ApiClient;
  let finance: ApiClient;
  let supervisor1: ApiClient;
  let supervisor2: ApiClient;
  let facilitator: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    const admin = await loginAdmin(app);
    [intake, finance, supervisor1, supervisor2, facilitator] = await Promise.all([
      staffWith(app, admin, ['INTAKE']),
      staffWith(app, admin, ['FINANCE']),
      staffWith(app, admin, ['SUPERVISOR']),
      staffWith(app, admin, ['SUPERVISOR']),
      staffWith(app, admin, ['FACILITATOR']),
    ]);
    make = await ApiFactory.create(app, admin);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  const ok = <T extends { status: number; body: unknown }>(res: T, status: number): T => {
    if (res.status !== status) throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  };
  const money = (path: string, body: object) =>
    finance.post(path).set('Idempotency-Key', randomUUID()).send(body);
  const reverse = async (by: ApiClient, entryId: string) =>
    ok(await by.post(`/ledger-entries/${entryId}/reversal`, { reason: 'Correction' }), 201).body;

  /** Hours back of the next session: one enrollment's sessions never overlap. */
  let hoursBack = 30;
  async function heldSession(enrollmentId: string, status: string): Promise<string> {
    const startsIn = -hoursBack;
    hoursBack += 4;
    const s = ok(
      await supervisor1.post('/sessions', {
        programCode: 'JOHNZ_SCHOOL',
        startsAt: hoursFromNow(startsIn),
        endsAt: hoursFromNow(startsIn + 3),
        location: 'Hall',
        capacity: 10,
        facilitatorId: facilitator.staffId,
      }),
      201,
    );
    // Entered after the class: a seat then is a SUPERVISOR's, with a reason.
    ok(
      await supervisor1.post(`/sessions/${s.body.id}/seats`, {
        enrollmentId,
        reason: 'Entered after the class',
      }),
      201,
    );
    await roster(s.body.id, enrollmentId, status);
    return s.body.id;
  }
  const roster = async (sessionId: string, enrollmentId: string, status: string) =>
    ok(
      await facilitator.put(`/sessions/${sessionId}/attendance`, {
        records: [{ enrollmentId, status }],
      }),
      200,
    );

  it('the completion check, the notice, the ledger, the reports and the remittance agree', async () => {
    const e = await make.enroll({
      feeCents: 50_000,
      requiredSessions: 2,
      enrolledOn: chicagoDaysAgo(7),
    });
    const id = e.enrollmentId;

    // Attendance with corrections: ABSENT → LATE counts, PRESENT → ABSENT does not.
    await heldSession(id, 'PRESENT');
    const corrected = await heldSession(id, 'ABSENT');
    await roster(corrected, id, 'LATE');
    const withdrawn = await heldSession(id, 'PRESENT');
    await roster(withdrawn, id, 'ABSENT');
    await heldSession(id, 'EXCUSED');

    // Money with a reversal of every reversible kind but the fee.
    const pay = async (amountCents: number, method: string) =>
      ok(
        await money(`/enrollments/${id}/payments`, {
          amountCents,
          method,
          reference: `No. ${amountCents}`,
          receivedOn: today(),
        }),
        201,
      ).body;
    const bounced = await pay(30_000, 'CHECK');
    await reverse(supervisor1, bounced.id); // the check bounced
    await pay(30_000, 'MONEY_ORDER');
    await pay(5_000, 'CARD');
    const refund = ok(
      await money(`/enrollments/${id}/refunds`, {
        amountCents: 5_000,
        method: 'CHECK',
        reason: 'Paid twice',
      }),
      201,
    ).body;
    const waiver = async (amountCents: number) => {
      const request = ok(
        await finance.post(`/enrollments/${id}/waiver-requests`, {
          amountCents,
          reason: 'ABILITY_TO_PAY',
          note: 'Income below the guideline',
        }),
        201,
      ).body;
      return ok(await supervisor1.post(`/waiver-requests/${request.id}/approve`, {}), 200).body
        .ledgerEntryId as string;
    };
    const firstWaiver = await waiver(10_000);
    // Reversing a waiver is a request; its approver (who wrote the entry) may not decide it: a
    // second supervisor does.
    const asked = ok(
      await finance.post(`/ledger-entries/${firstWaiver}/reversal`, { reason: 'Wrong amount' }),
      202,
    ).body;
    const own = await supervisor1.post(`/reversal-requests/${asked.id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('SELF_APPROVAL');
    ok(await supervisor2.post(`/reversal-requests/${asked.id}/approve`, {}), 200);
    await waiver(5_000);
    await reverse(supervisor1, refund.id); // the refund was a mistake

    // fee 50,000 − received (30,000 − 30,000 + 30,000 + 5,000 − 5,000 + 5,000) − waived (10,000 −
    // 10,000 + 5,000) = 10,000 still owed.
    const expectState = async (balance: number) => {
      const ledger = ok(await finance.get(`/enrollments/${id}/ledger`), 200).body;
      expect(ledger.balanceCents).toBe(balance);
      expect(ledger.receivedCents).toBe(45_000 - balance);
      const enrollment = ok(await intake.get(`/enrollments/${id}`), 200).body;
      expect(enrollment.balanceCents).toBe(balance);
      expect(enrollment.attendedSessions).toBe(2);
      return ledger;
    };
    await expectState(10_000);

    const refused = await intake.post(`/enrollments/${id}/transitions`, { to: 'COMPLETED' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('COMPLETION_REQUIREMENTS_UNMET');
    expect(JSON.stringify(refused.body)).toContain('10000');
    expect(JSON.stringify(refused.body)).not.toContain('SESSIONS_INCOMPLETE');

    const balances = ok(await finance.get(`/reports/balances?asOf=${today()}`), 200).body;
    expect(balances.rows).toEqual([
      expect.objectContaining({ enrollmentId: id, balanceCents: 10_000 }),
    ]);

    await pay(10_000, 'CASH');
    const ledger = await expectState(0);
    expect(ledger.receivedCents).toBe(45_000);

    const done = ok(await intake.post(`/enrollments/${id}/transitions`, { to: 'COMPLETED' }), 200);
    expect(done.body.status).toBe('COMPLETED');

    const pdf = ok(
      await intake.get(`/enrollments/${id}/completion-notice.pdf`).responseType('blob'),
      200,
    );
    const { text } = await pdfText(pdf.body as Buffer);
    expect(text).toMatch(/2 of 2 required/);
    expect(text).toMatch(/Program fee\s*\$500\.00/);
    expect(text).toMatch(/Paid\s*\$450\.00/);
    expect(text).toMatch(/Waived\s*\$50\.00/);
    expect(text).toMatch(/Balance\s*\$0\.00/);

    // This database holds this one enrollment: the report's totals are its figures.
    const fees = ok(
      await finance.get(`/reports/fees?from=2020-01-01&to=${today()}&groupBy=day`),
      200,
    ).body;
    expect(fees.totals).toEqual({
      assessedCents: 50_000,
      collectedCents: 75_000,
      waivedCents: 5_000,
      refundedCents: 5_000,
      reversedCents: 30_000 - 5_000,
      netCollectedCents: 45_000,
      remittedCents: 0,
      inDraftBatchCents: 0,
      pendingRemittanceCents: 45_000,
    });
    expect((await finance.get(`/reports/balances?asOf=${today()}`)).body.rows).toEqual([]);

    const batch = ok(await finance.post('/remittances', { periodEnd: today() }), 201).body;
    expect(batch.totalCents).toBe(45_000);
    expect(batch.itemCount).toBe(7);
    const after = ok(
      await finance.get(`/reports/fees?from=2020-01-01&to=${today()}&groupBy=program`),
      200,
    ).body;
    // A draft batch holds the money; it is remitted once the batch is sent.
    expect(after.totals).toMatchObject({
      remittedCents: 0,
      inDraftBatchCents: 45_000,
      pendingRemittanceCents: 0,
    });
    ok(
      await finance.post(`/remittances/${batch.id}/send`, {
        transferReference: 'ACH-45000',
        sentOn: today(),
      }),
      200,
    );
    const sent = ok(
      await finance.get(`/reports/fees?from=2020-01-01&to=${today()}&groupBy=program`),
      200,
    ).body;
    expect(sent.totals).toMatchObject({
      remittedCents: 45_000,
      inDraftBatchCents: 0,
      pendingRemittanceCents: 0,
    });
  });

  it('the work queue\'s "Balances over 90 days" counts the balances the database keeps, which follow every entry', async () => {
    const daysAgo = (n: number) => {
      const d = new Date(`${today()}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() - n);
      return d.toISOString().slice(0, 10);
    };
    const over90 = async () => {
      const res = ok(await finance.get('/work-queue'), 200);
      return res.body.cards.find((c: { key: string }) => c.key === 'balancesOver90').count;
    };
    const reportOver90 = async () =>
      ok(await finance.get(`/reports/balances?asOf=${today()}`), 200).body.rows.filter(
        (r: { bucket: string }) => r.bucket === '90+',
      ).length;
    // Kept balance against the one definition, for every enrollment of this database.
    const keptDiffers = async () =>
      db.query(
        `SELECT t.enrollment_id, t.balance_cents, b.balance_cents AS kept
           FROM (SELECT array_agg(id) AS ids FROM enrollments) s
           CROSS JOIN LATERAL enrollment_ledger_totals(s.ids) t
           LEFT JOIN enrollment_balances b ON b.enrollment_id = t.enrollment_id
          WHERE b.balance_cents IS DISTINCT FROM t.balance_cents`,
      );
    const before = await over90();
    const old = await make.enroll({ feeCents: 20_000, enrolledOn: daysAgo(120) });
    await make.enroll({ feeCents: 20_000, enrolledOn: daysAgo(90) }); // 90 days: not over
    expect(await over90()).toBe(before + 1);
    const paid = ok(
      await money(`/enrollments/${old.enrollmentId}/payments`, {
        amountCents: 20_000,
        method: 'CASH',
        receivedOn: today(),
      }),
      201,
    ).body;
    expect(await over90()).toBe(before);
    await reverse(supervisor1, paid.id);
    expect(await over90()).toBe(before + 1);
    expect(await over90()).toBe(await reportOver90());
    expect(await keptDiffers()).toEqual([]);
  });
});
