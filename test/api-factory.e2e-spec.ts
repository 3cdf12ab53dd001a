import { ApiFactory } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { loginAdmin } from './support/http';

describe('test data builders', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let make: ApiFactory;
  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    make = await ApiFactory.create(app, await loginAdmin(app));
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('makes an ACTIVE enrollment through the API whose balance is the program fee', async () => {
    const e = await make.enroll({ programCode: 'OAR' });
    const row = await db.one(`SELECT status, fee_cents FROM enrollments WHERE id = $1`, [
      e.enrollmentId,
    ]);
    expect(row.status).toBe('ACTIVE');
    const bal = await db.one(
      `SELECT sum(signed_amount_cents)::bigint AS b FROM ledger_entries WHERE enrollment_id = $1`,
      [e.enrollmentId],
    );
    expect(Number(bal.b)).toBe(60_000);
  });

  it('sets the program as asked for one enrollment, and the next one gets the seeded settings again', async () => {
    const custom = await make.enroll({
      feeCents: 12_345,
      requiredSessions: 2,
      enrolledOn: '2025-03-01',
    });
    const plain = await make.enroll();
    const [a, b] = await Promise.all(
      [custom, plain].map((e) => make.intake.get(`/enrollments/${e.enrollmentId}`)),
    );
    expect(a.body).toMatchObject({
      feeCents: 12_345,
      balanceCents: 12_345,
      requiredSessions: 2,
      enrolledOn: '2025-03-01',
    });
    expect(b.body).toMatchObject({ feeCents: 50_000, balanceCents: 50_000 });
    expect(b.body.requiredSessions).not.toBe(2);
  });

  it('posts money through the API: a payment, a waiver, a refund and a reversal by a second supervisor', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const paid = await make.payment(e.enrollmentId, 10_000, { method: 'CHECK' });
    expect(paid.receiptNumber).toMatch(/^R-\d{4}-\d{6}$/);
    const waived = await make.waiver(e.enrollmentId, 5_000);
    await make.refund(e.enrollmentId, 1_000);
    const undone = await make.reversal(waived);
    expect(undone.createdBy).not.toBe(waived.createdBy);
    const ledger = await make.finance.get(`/enrollments/${e.enrollmentId}/ledger`);
    expect(ledger.body).toMatchObject({ balanceCents: 21_000, receivedCents: 9_000 });
    expect((await make.feeOf(e.enrollmentId)).amountCents).toBe(30_000);
  });
});
