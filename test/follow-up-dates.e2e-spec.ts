import { randomUUID } from 'node:crypto';
import { eligibleReferral, uniqueName } from './intake-fixtures';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, login, loginAdmin, STAFF_PASSWORD, staffWith } from './support/http';

/**
 * The days of follow-up, on the program's clock: the server is restarted with CLOCK_START at
 * instants where Chicago's day and UTC's differ (23:30 in Chicago is already tomorrow in UTC),
 * on 29 February and on the 31st. An exit is the Chicago day of its transition; a check is due
 * that day 12 or 24 months later, or on the month's last day when that month is shorter; "due"
 * turns at Chicago's midnight. Everything goes through the API.
 */

/** The instant at which Chicago's wall clock reads `date` `time` (winter: UTC−6). */
const chicago = (date: string, time: string) => `${date}T${time}:00-06:00`;

describe('follow-up dates on the program clock', () => {
  let db: TestDatabase;
  let app: AppInstance | undefined;
  let emails: Record<'intake' | 'facilitator' | 'finance', string>;
  let admin: ApiClient;
  let intake: ApiClient;
  let facilitator: ApiClient;
  let finance: ApiClient;

  /** Restarts the server with its clock at `instant`, and signs everyone in again. */
  async function at(instant: string): Promise<void> {
    await app?.stop();
    app = await startApp(db, { CLOCK_START: instant });
    [admin, intake, facilitator, finance] = await Promise.all([
      loginAdmin(app),
      ...[emails.intake, emails.facilitator, emails.finance].map((e) =>
        login(app!, e, STAFF_PASSWORD),
      ),
    ]);
  }

  beforeAll(async () => {
    db = await TestDatabase.create();
    // The first instant of the story; staff are made on it.
    app = await startApp(db, { CLOCK_START: chicago('2024-02-29', '23:30') });
    const first = await loginAdmin(app);
    const made = await Promise.all(
      ['INTAKE', 'FACILITATOR', 'FINANCE'].map((r) => staffWith(app!, first, [r])),
    );
    emails = { intake: made[0].email, facilitator: made[1].email, finance: made[2].email };
    [admin, intake, facilitator, finance] = [first, ...made];
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  /** Enrolled today (the clock's) in Johnz School. */
  async function enrollToday(today: string): Promise<{ id: string; feeCents: number }> {
    const p = await intake.post('/participants', {
      firstName: 'Pat',
      lastName: uniqueName('Follow'),
      dateOfBirth: '1979-06-15',
    });
    expect(p.status).toBe(201);
    const r = await intake.post(
      '/referrals',
      eligibleReferral(p.body.id, { offenseDate: '2023-12-01' }),
    );
    expect(r.status).toBe(201);
    expect((await intake.post(`/referrals/${r.body.id}/eligibility-checks`)).status).toBe(201);
    const e = await intake.post('/enrollments', {
      referralId: r.body.id,
      programCode: 'JOHNZ_SCHOOL',
      agreementSignedOn: today,
    });
    expect(e.status).toBe(201);
    return e.body;
  }

  const listed = async (query: string) => {
    const res = await intake.get(`/follow-ups?limit=200&${query}`);
    expect(res.status).toBe(200);
    return res.body as { items: Record<string, unknown>[]; total: number };
  };
  const card = async () => {
    const res = await intake.get('/work-queue');
    expect(res.status).toBe(200);
    return res.body.cards.find((c: { key: string }) => c.key === 'followUpsDue');
  };
  const record = (enrollmentId: string, months: number, checkedOn: string) =>
    intake.post(`/enrollments/${enrollmentId}/follow-ups`, {
      months,
      result: 'NO_NEW_CHARGE',
      source: 'COURT_RECORDS_SEARCH',
      checkedOn,
    });

  let leapExit: string;
  let yearEndExit: string;

  it('an enrollment withdrawn at 23:30 on 29 February 2024 (1 March in UTC) ended on 2024-02-29', async () => {
    const e = await enrollToday('2024-02-29');
    const res = await intake.post(`/enrollments/${e.id}/transitions`, { to: 'WITHDRAWN' });
    expect(res.status).toBe(200);
    expect(res.body.closedOn).toBe('2024-02-29');
    leapExit = e.id;
  });

  it('at 23:30 on 27 February 2025 (28 February in UTC) its 12-month check is not due: 422 with dueOn 2025-02-28, not listed, not counted', async () => {
    await at(chicago('2025-02-27', '23:30'));
    const res = await record(leapExit, 12, '2025-02-27');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'FOLLOW_UP_NOT_DUE', dueOn: '2025-02-28' });
    expect(await listed('')).toMatchObject({ items: [], total: 0 });
    expect((await card()).count).toBe(0);
  });

  it('from 00:30 on 28 February 2025 it is due on the 28th: listed, counted, and recorded that day; the 24-month check falls due on 2026-02-28', async () => {
    await at(chicago('2025-02-28', '00:30'));
    expect((await listed('status=DUE')).items).toEqual([
      expect.objectContaining({
        enrollmentId: leapExit,
        exitStatus: 'WITHDRAWN',
        exitedOn: '2024-02-29',
        months: 12,
        dueOn: '2025-02-28',
        result: null,
      }),
    ]);
    expect((await card()).count).toBe(1);
    const ok = await record(leapExit, 12, '2025-02-28');
    expect(ok.status).toBe(201);
    expect(ok.body.dueOn).toBe('2025-02-28');
    expect((await card()).count).toBe(0);
    const later = await record(leapExit, 24, '2025-02-28');
    expect(later.status).toBe(422);
    expect(later.body.dueOn).toBe('2026-02-28');
  });

  it('an enrollment completed at 23:30 on 31 December 2025 (1 January in UTC) ended on 2025-12-31', async () => {
    // One session required; the class runs 19:00-20:30 that evening.
    await at(chicago('2025-12-31', '18:00'));
    const programs = await admin.get('/programs');
    const johnz = programs.body.find((p: { code: string }) => p.code === 'JOHNZ_SCHOOL');
    expect((await admin.patch(`/programs/${johnz.id}`, { requiredSessions: 1 })).status).toBe(200);
    const e = await enrollToday('2025-12-31');
    const session = await intake.post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt: chicago('2025-12-31', '19:00'),
      endsAt: chicago('2025-12-31', '20:30'),
      location: 'Room 4',
      capacity: 10,
      facilitatorId: facilitator.staffId,
    });
    expect(session.status).toBe(201);
    expect(
      (await intake.post(`/sessions/${session.body.id}/seats`, { enrollmentId: e.id })).status,
    ).toBe(201);
    const paid = await finance
      .post(`/enrollments/${e.id}/payments`, {
        amountCents: e.feeCents,
        method: 'CASH',
        receivedOn: '2025-12-31',
      })
      .set('Idempotency-Key', randomUUID());
    expect(paid.status).toBe(201);

    await at(chicago('2025-12-31', '23:30'));
    const attended = await facilitator.put(`/sessions/${session.body.id}/attendance`, {
      records: [{ enrollmentId: e.id, status: 'PRESENT' }],
    });
    expect(attended.status).toBe(200);
    const completed = await intake.post(`/enrollments/${e.id}/transitions`, { to: 'COMPLETED' });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'COMPLETED', closedOn: '2025-12-31' });
    yearEndExit = e.id;
  });

  it('its 12-month check falls due on 2026-12-31: not at 23:30 on the 30th, from 00:30 on the 31st', async () => {
    await at(chicago('2026-12-30', '23:30'));
    const early = await record(yearEndExit, 12, '2026-12-30');
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'FOLLOW_UP_NOT_DUE', dueOn: '2026-12-31' });
    // Meanwhile the leap-day exit's 24-month check came due on 2026-02-28.
    expect((await listed('status=DUE')).items).toEqual([
      expect.objectContaining({ enrollmentId: leapExit, months: 24, dueOn: '2026-02-28' }),
    ]);

    await at(chicago('2026-12-31', '00:30'));
    const due = await listed('status=DUE&months=12');
    expect(due.items).toEqual([
      expect.objectContaining({
        enrollmentId: yearEndExit,
        exitStatus: 'COMPLETED',
        exitedOn: '2025-12-31',
        months: 12,
        dueOn: '2026-12-31',
      }),
    ]);
    expect((await card()).count).toBe((await listed('status=DUE')).total);
    expect((await card()).count).toBe(2);
    expect((await record(yearEndExit, 12, '2026-12-31')).status).toBe(201);
    const report = await intake.get(
      '/reports/follow-up?exitFrom=2024-01-01&exitTo=2025-12-31&months=12',
    );
    expect(report.status).toBe(200);
    expect(report.body.asOf).toBe('2026-12-31');
    // Two exits, each checked: counts of 1 and 2 are not shown.
    expect(report.body.totals).toMatchObject({ exits: null, checked: null });
  });
});
