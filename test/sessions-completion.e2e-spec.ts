import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { pdfText } from './support/pdf';
import { ApiFactory, chicagoDaysAgo } from './support/api-factory';

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('completion notice', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let intake: ApiClient;
  let supervisor: ApiClient;
  let auditor: ApiClient;
  let facilitator: ApiClient;
  let make: ApiFactory;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    const admin = await loginAdmin(app);
    make = await ApiFactory.create(app, admin);
    intake = make.intake;
    supervisor = make.supervisors[0];
    auditor = await staffWith(app, admin, ['AUDITOR']);
    facilitator = await staffWith(app, admin, ['FACILITATOR']);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  /** Hours back of the next session: one enrollment's sessions never overlap. */
  let hoursBack = 30;

  async function attendedSession(enrollmentId: string, status: string): Promise<string> {
    // A session that already took place is recorded, and seated, by a supervisor.
    const s = await supervisor.post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt: hoursFromNow(-hoursBack),
      endsAt: hoursFromNow(-hoursBack + 3),
      location: 'Hall',
      capacity: 10,
      facilitatorId: facilitator.staffId,
    });
    hoursBack += 4;
    expect(s.status).toBe(201);
    const seat = await supervisor.post(`/sessions/${s.body.id}/seats`, {
      enrollmentId,
      reason: 'Attendance sheet entered after the class',
    });
    expect(seat.status).toBe(201);
    const put = await facilitator.put(`/sessions/${s.body.id}/attendance`, {
      records: [{ enrollmentId, status }],
    });
    expect(put.status).toBe(200);
    return s.body.id;
  }

  const notice = (client: ApiClient, enrollmentId: string) =>
    client.get(`/enrollments/${enrollmentId}/completion-notice.pdf`).responseType('blob');

  it('issues a one-page notice for an enrollment completed through the API, with its case, name and certificate', async () => {
    const e = await make.enroll({
      feeCents: 50_000,
      requiredSessions: 2,
      enrolledOn: chicagoDaysAgo(7),
    });
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

    // The fee is settled the way staff settle it: a payment and an approved waiver.
    await make.payment(e.enrollmentId, 40_000, { method: 'CASH' });
    const unpaid = await intake.post(`/enrollments/${e.enrollmentId}/transitions`, {
      to: 'COMPLETED',
    });
    expect(unpaid.status).toBe(422);
    expect(unpaid.body.code).toBe('COMPLETION_REQUIREMENTS_UNMET');
    await make.waiver(e.enrollmentId, 10_000);

    const completed = await intake.post(`/enrollments/${e.enrollmentId}/transitions`, {
      to: 'COMPLETED',
      note: 'Sessions attended, fee settled',
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'COMPLETED', balanceCents: 0 });
    const completedOn: string = completed.body.closedOn;
    expect(completedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // C-<year of completion>-<first 8 hex digits of the enrollment id, uppercase>.
    const certificate = `C-${completedOn.slice(0, 4)}-${e.enrollmentId
      .replace(/-/g, '')
      .slice(0, 8)
      .toUpperCase()}`;
    expect(completed.body.certificateNumber).toBe(certificate);
    const programs = await intake.get('/programs');
    const programName = programs.body.find((p: { code: string }) => p.code === e.programCode).name;

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
    expect(text).toContain(`Certificate number ${certificate}`);
    expect(text).toContain(e.caseNumber);
    expect(text).toContain(programName);
    expect(text.replace(/\s+/g, ' ')).toContain(`completed ${programName} on ${completedOn}`);
    expect(text).toContain(`${e.firstName} ${e.lastName}`);
    expect(text).toContain('Kansas City Municipal');
    expect(text).toMatch(/2 of 2 required/);
    expect(text).toContain('$500.00');
    expect(text).toContain('$400.00');
    expect(text).toContain('$100.00');
    expect(text).toContain('$0.00');

    expect((await notice(facilitator, e.enrollmentId)).status).toBe(403);
    const missing = await notice(intake, '00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
  });
});
