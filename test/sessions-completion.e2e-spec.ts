import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { pdfText } from './support/pdf';
import { makeEnrollment } from './support/sql-factory';

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('completion notice', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let intake: ApiClient;
  let supervisor: ApiClient;
  let auditor: ApiClient;
  let facilitator: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    const admin = await loginAdmin(app);
    intake = await staffWith(app, admin, ['INTAKE']);
    supervisor = await staffWith(app, admin, ['SUPERVISOR']);
    auditor = await staffWith(app, admin, ['AUDITOR']);
    facilitator = await staffWith(app, admin, ['FACILITATOR']);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  async function attendedSession(enrollmentId: string, status: string): Promise<string> {
    // A session that already took place is recorded by a supervisor.
    const s = await supervisor.post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt: hoursFromNow(-30),
      endsAt: hoursFromNow(-27),
      location: 'Hall',
      capacity: 10,
      facilitatorId: facilitator.staffId,
    });
    expect(s.status).toBe(201);
    expect((await intake.post(`/sessions/${s.body.id}/seats`, { enrollmentId })).status).toBe(201);
    const put = await facilitator.put(`/sessions/${s.body.id}/attendance`, {
      records: [{ enrollmentId, status }],
    });
    expect(put.status).toBe(200);
    return s.body.id;
  }

  const notice = (client: ApiClient, enrollmentId: string) =>
    client.get(`/enrollments/${enrollmentId}/completion-notice.pdf`).responseType('blob');

  it('issues a one-page notice for a completed enrollment with its case, name and certificate', async () => {
    const e = await makeEnrollment(db, { feeCents: 50_000, requiredSessions: 2 });
    await attendedSession(e.enrollmentId, 'PRESENT');
    await attendedSession(e.enrollmentId, 'LATE');
    // A class that took place cannot be cancelled afterwards: its attendance keeps counting.
    const held = await attendedSession(e.enrollmentId, 'ABSENT');
    const cancel = await supervisor.post(`/sessions/${held}/cancel`, {});
    expect(cancel.status).toBe(422);
    expect(cancel.body.code).toBe('ATTENDANCE_RECORDED');

    const early = await notice(intake, e.enrollmentId);
    expect(early.status).toBe(409);
    expect(early.body.toString()).toContain('ENROLLMENT_NOT_COMPLETED');

    const staffId = (await db.one(`SELECT id FROM staff ORDER BY created_at LIMIT 1`)).id;
    await db.query(
      `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents, method,
          received_on, receipt_number, reason, created_by)
       VALUES ($1, 'PAYMENT', 40000, -40000, 'CASH', current_date, 'R-2026-900001', NULL, $2),
              ($1, 'WAIVER', 10000, -10000, NULL, NULL, NULL, 'Hardship', $2)`,
      [e.enrollmentId, staffId],
    );
    const certificate = `C-2026-${e.enrollmentId.slice(0, 6).toUpperCase()}`;
    await db.query(
      `UPDATE enrollments SET status = 'COMPLETED', certificate_number = $2, closed_on = current_date
        WHERE id = $1`,
      [e.enrollmentId, certificate],
    );

    for (const client of [intake, supervisor, auditor]) {
      const res = await notice(client, e.enrollmentId);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    }
    const res = await notice(auditor, e.enrollmentId);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBe(1);
    expect(text).toContain(certificate);
    expect(text).toContain(e.caseNumber);
    expect(text).toContain(`${e.firstName} ${e.lastName}`);
    expect(text).toContain('Kansas City Municipal');
    expect(text).toMatch(/2 of 2 required/);
    expect(text).toContain('$400.00');
    expect(text).toContain('$100.00');
    expect(text).toContain('$0.00');

    expect((await notice(facilitator, e.enrollmentId)).status).toBe(403);
    const missing = await notice(intake, '00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
  });
});
