import { randomUUID } from 'node:crypto';
import { checkedReferral, today } from './intake-fixtures';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { pdfText } from './support/pdf';
import { chicagoDaysAgo as daysAgo } from './support/api-factory';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/**
 * One participant's whole way through the program, through HTTP only, as staff would work it:
 * intake, eligibility, enrollment, classes, fees, completion, the notice for the prosecutor,
 * and the money on its way to Veronica's Voice.
 */
describe('a participant from referral to completion', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let admin: ApiClient;
  let intake: ApiClient;
  let supervisor: ApiClient;
  let facilitator: ApiClient;
  let finance: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    admin = await loginAdmin(app);
    [intake, supervisor, facilitator, finance] = await Promise.all([
      staffWith(app, admin, ['INTAKE']),
      staffWith(app, admin, ['SUPERVISOR']),
      staffWith(app, admin, ['FACILITATOR']),
      staffWith(app, admin, ['FINANCE']),
    ]);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('refuses completion with the exact unmet list, then completes once classes and fees are done', async () => {
    const programs = await admin.get('/programs');
    const johnz = programs.body.find((p: { code: string }) => p.code === 'JOHNZ_SCHOOL');
    await admin.patch(`/programs/${johnz.id}`, { feeCents: 40_000, requiredSessions: 2 });

    const { referralId, eligible } = await checkedReferral(intake, { lastName: 'Okafor' });
    expect(eligible).toBe(true);
    // The agreement was signed two days ago and its paperwork entered today.
    const enrolled = await intake.post('/enrollments', {
      referralId,
      programCode: 'JOHNZ_SCHOOL',
      agreementSignedOn: daysAgo(2),
    });
    expect(enrolled.status).toBe(201);
    const enrollmentId = enrolled.body.id as string;
    expect(enrolled.body).toMatchObject({
      status: 'ACTIVE',
      feeCents: 40_000,
      balanceCents: 40_000,
      attendedSessions: 0,
      requiredSessions: 2,
    });

    const refused = await intake.post(`/enrollments/${enrollmentId}/transitions`, {
      to: 'COMPLETED',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('COMPLETION_REQUIREMENTS_UNMET');
    expect(refused.body.unmet.map((u: { code: string }) => u.code).sort()).toEqual([
      'BALANCE_DUE',
      'SESSIONS_INCOMPLETE',
    ]);

    for (const [i, status] of (['PRESENT', 'LATE'] as const).entries()) {
      const s = await supervisor.post('/sessions', {
        programCode: 'JOHNZ_SCHOOL',
        startsAt: hoursAgo(10 - i * 4),
        endsAt: hoursAgo(8 - i * 4),
        location: 'Municipal Court, Room 4',
        capacity: 25,
        facilitatorId: facilitator.staffId,
        topic: `Class ${i + 1}`,
      });
      expect(s.status).toBe(201);
      // The classes were held before they were entered: seats added after the start are a
      // SUPERVISOR's, with the reason.
      const seat = await supervisor.post(`/sessions/${s.body.id}/seats`, {
        enrollmentId,
        reason: 'Class held before it was entered',
      });
      expect(seat.status).toBe(201);
      const roster = await facilitator.put(`/sessions/${s.body.id}/attendance`, {
        records: [{ enrollmentId, status }],
      });
      expect(roster.status).toBe(200);
    }

    const paid = await finance
      .post(`/enrollments/${enrollmentId}/payments`, {
        amountCents: 25_000,
        method: 'MONEY_ORDER',
        reference: 'MO-55501',
        receivedOn: today(),
      })
      .set('Idempotency-Key', randomUUID());
    expect(paid.status).toBe(201);
    const waiver = await finance.post(`/enrollments/${enrollmentId}/waiver-requests`, {
      amountCents: 15_000,
      reason: 'ABILITY_TO_PAY',
      note: 'Unemployed since March; pay stubs reviewed.',
    });
    expect(waiver.status).toBe(201);

    const stillOwing = await intake.post(`/enrollments/${enrollmentId}/transitions`, {
      to: 'COMPLETED',
    });
    expect(stillOwing.status).toBe(422);
    expect(stillOwing.body.unmet.map((u: { code: string }) => u.code)).toEqual(['BALANCE_DUE']);

    expect((await supervisor.post(`/waiver-requests/${waiver.body.id}/approve`, {})).status).toBe(
      200,
    );
    const progress = await intake.get(`/enrollments/${enrollmentId}`);
    expect(progress.body).toMatchObject({
      attendedSessions: 2,
      requiredSessions: 2,
      balanceCents: 0,
    });

    const completed = await intake.post(`/enrollments/${enrollmentId}/transitions`, {
      to: 'COMPLETED',
      note: 'All classes attended; fees settled.',
    });
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('COMPLETED');
    expect(completed.body.certificateNumber).toMatch(/^C-\d{4}-[0-9A-F]{8}$/);
    const again = await intake.post(`/enrollments/${enrollmentId}/transitions`, {
      to: 'WITHDRAWN',
    });
    expect(again.status).toBe(409);

    const notice = await intake
      .get(`/enrollments/${enrollmentId}/completion-notice.pdf`)
      .responseType('blob');
    expect(notice.status).toBe(200);
    expect(notice.headers['content-type']).toBe('application/pdf');
    const { text, pages } = await pdfText(notice.body as Buffer);
    expect(pages).toBe(1);
    expect(text).toContain(completed.body.certificateNumber);
    expect(text).toContain('Okafor');

    // The money goes to Veronica's Voice: the payment is remitted, the waiver is not money.
    const batch = await finance.post('/remittances', { periodEnd: today() });
    expect(batch.status).toBe(201);
    expect(batch.body).toMatchObject({
      totalCents: 25_000,
      itemCount: 1,
      beneficiary: "Veronica's Voice",
    });
    const fees = await finance.get(`/reports/fees?from=${today()}&to=${today()}&groupBy=program`);
    expect(fees.body.totals).toMatchObject({
      assessedCents: 40_000,
      collectedCents: 25_000,
      waivedCents: 15_000,
      netCollectedCents: 25_000,
      remittedCents: 0,
      inDraftBatchCents: 25_000,
      pendingRemittanceCents: 0,
    });
    // Remitted means sent: once the transfer is recorded, the draft's money is remitted.
    const sent = await finance.post(`/remittances/${batch.body.id}/send`, {
      transferReference: 'ACH-2026-0001',
      sentOn: today(),
    });
    expect(sent.status).toBe(200);
    const after = await finance.get(`/reports/fees?from=${today()}&to=${today()}&groupBy=program`);
    expect(after.body.totals).toMatchObject({
      netCollectedCents: 25_000,
      remittedCents: 25_000,
      inDraftBatchCents: 0,
      pendingRemittanceCents: 0,
    });
  });
});
