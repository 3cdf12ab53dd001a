import { chicagoInstant } from '../src/common/chicago-time';
import { addDays, ApiFactory, chicagoToday, EnrollmentFixture } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin } from './support/http';
import { chicagoAt, contactable, MessageView, messagesOf, providerEnv } from './support/reminders';

/**
 * Reminders are planned in the transaction of the change that causes them and withdrawn when the
 * cause goes away (PRODUCT.md "Contact, consent and reminders"), read back through the API. The
 * program clock stands at 10:00 Chicago tomorrow (CLOCK_START): inside the sending hours whatever
 * the hour the test runs. The job runner is off: nothing is sent here.
 */
const CLOCK = chicagoAt(1, '10:00');
const at = (days: number, time: string) =>
  chicagoInstant(addDays(chicagoToday(), days), time).toISOString();

describe('planning reminders', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let make: ApiFactory;
  let intake: ApiClient;
  let supervisor: ApiClient;
  const env = providerEnv(undefined, undefined, {
    JOB_RUNNER_ENABLED: 'false',
    CLOCK_START: CLOCK,
  });

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db, env);
    const admin = await loginAdmin(app);
    make = await ApiFactory.create(app, admin);
    intake = make.intake;
    supervisor = make.supervisors[0];
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  async function session(startsAt: string, location = '1201 Main St, Room 4'): Promise<string> {
    const res = await supervisor.post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
      location,
      capacity: 20,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function seat(sessionId: string, e: EnrollmentFixture) {
    const res = await intake.post(`/sessions/${sessionId}/seats`, { enrollmentId: e.enrollmentId });
    expect(res.status).toBe(201);
  }

  const byKind = (list: MessageView[], kind: string) =>
    list
      .filter((m) => m.kind === kind)
      .map((m) => ({
        channel: m.channel,
        dueAt: m.dueAt,
        status: m.status,
        lastError: m.lastError,
      }))
      .sort((a, b) => a.channel.localeCompare(b.channel));

  const both = (dueAt: string, status = 'PLANNED', lastError: string | null = null) => [
    { channel: 'EMAIL', dueAt, status, lastError },
    { channel: 'SMS', dueAt, status, lastError },
  ];

  it('plans a seat’s reminders 7 days and 1 day before, at the class’s wall-clock time, on each consented channel', async () => {
    const e = await make.enroll();
    await contactable(intake, e.participantId);
    const s = await session(at(11, '18:00'));
    await seat(s, e);
    const list = await messagesOf(intake, e.participantId);
    expect(byKind(list, 'SESSION_REMINDER_7D')).toEqual(both(at(4, '18:00')));
    expect(byKind(list, 'SESSION_REMINDER_1D')).toEqual(both(at(10, '18:00')));
  });

  it('moves a reminder due outside the sending hours to the next allowed minute, and plans none already past', async () => {
    const e = await make.enroll();
    await contactable(intake, e.participantId, ['SMS']);
    // A class at 21:00 in 9 days: its reminders would be due at 21:00; they go at 09:00 next.
    const late = await session(at(9, '21:00'));
    await seat(late, e);
    // A class in 3 days: the 7-day reminder's time has passed; only the 1-day one is planned.
    const soon = await session(at(4, '18:00'));
    await seat(soon, e);
    const list = await messagesOf(intake, e.participantId);
    const reminders = list
      .filter((m) => m.kind.startsWith('SESSION_REMINDER'))
      .map((m) => [m.kind, m.dueAt])
      .sort((a, b) => a[1].localeCompare(b[1]));
    expect(reminders).toEqual([
      ['SESSION_REMINDER_7D', at(3, '09:00')],
      ['SESSION_REMINDER_1D', at(3, '18:00')],
      ['SESSION_REMINDER_1D', at(9, '09:00')],
    ]);
  });

  it('withdraws a seat’s reminders when the seat is removed, and plans the same ones again when it is taken again', async () => {
    const e = await make.enroll();
    await contactable(intake, e.participantId);
    const s = await session(at(12, '18:00'));
    await seat(s, e);
    const planned = (await messagesOf(intake, e.participantId)).filter((m) =>
      m.kind.startsWith('SESSION_REMINDER'),
    );
    expect(planned).toHaveLength(4);
    expect((await intake.delete(`/sessions/${s}/seats/${e.enrollmentId}`)).status).toBe(204);
    let list = await messagesOf(intake, e.participantId);
    expect(byKind(list, 'SESSION_REMINDER_7D')).toEqual(
      both(at(5, '18:00'), 'WITHDRAWN', 'seat removed'),
    );
    await seat(s, e);
    list = await messagesOf(intake, e.participantId);
    expect(byKind(list, 'SESSION_REMINDER_7D')).toEqual(both(at(5, '18:00')));
    // Planned once per cause, kind and channel: the same rows, no second set.
    expect(
      list
        .filter((m) => m.kind.startsWith('SESSION_REMINDER'))
        .map((m) => m.id)
        .sort(),
    ).toEqual(planned.map((m) => m.id).sort());
  });

  it('tells each seated participant at once that a session is cancelled, and withdraws its reminders', async () => {
    const e = await make.enroll();
    await contactable(intake, e.participantId);
    const s = await session(at(8, '18:00'));
    await seat(s, e);
    const cancelled = await supervisor.post(`/sessions/${s}/cancel`, { reason: 'room flooded' });
    expect(cancelled.status).toBe(200);
    const list = await messagesOf(intake, e.participantId);
    expect(byKind(list, 'SESSION_REMINDER_1D')).toEqual(
      both(at(7, '18:00'), 'WITHDRAWN', 'session cancelled'),
    );
    const changed = byKind(list, 'SESSION_CHANGED');
    expect(changed.map((m) => [m.channel, m.status])).toEqual([
      ['EMAIL', 'PLANNED'],
      ['SMS', 'PLANNED'],
    ]);
    // Due at once: the program clock's now (it started at CLOCK a moment ago).
    for (const m of changed) {
      expect(Date.parse(m.dueAt)).toBeGreaterThanOrEqual(Date.parse(CLOCK));
      expect(Date.parse(m.dueAt)).toBeLessThan(Date.parse(CLOCK) + 15 * 60_000);
    }
  });

  it('plans the payment reminder 14 days and the deadline reminder 30 days before the deadline; paying off withdraws the first, a bounced payment plans it again', async () => {
    const e = await make.enroll();
    await contactable(intake, e.participantId, ['EMAIL']);
    const deadline = (await intake.get(`/enrollments/${e.enrollmentId}`)).body.deadline as string;
    const tenAm = (date: string) => chicagoInstant(date, '10:00').toISOString();
    let list = await messagesOf(intake, e.participantId);
    expect(list.map((m) => [m.kind, m.channel, m.dueAt, m.status]).sort()).toEqual([
      ['DEADLINE_REMINDER', 'EMAIL', tenAm(addDays(deadline, -30)), 'PLANNED'],
      ['PAYMENT_REMINDER', 'EMAIL', tenAm(addDays(deadline, -14)), 'PLANNED'],
    ]);
    await make.payment(e.enrollmentId, 100);
    expect(byKind(await messagesOf(intake, e.participantId), 'PAYMENT_REMINDER')[0].status).toBe(
      'PLANNED',
    );
    const rest = await make.payment(e.enrollmentId, e.feeCents - 100);
    list = await messagesOf(intake, e.participantId);
    expect(byKind(list, 'PAYMENT_REMINDER')[0]).toMatchObject({
      status: 'WITHDRAWN',
      lastError: 'balance paid',
    });
    expect(byKind(list, 'DEADLINE_REMINDER')[0].status).toBe('PLANNED');
    await make.reversal(rest);
    list = await messagesOf(intake, e.participantId);
    expect(byKind(list, 'PAYMENT_REMINDER')[0]).toMatchObject({
      status: 'PLANNED',
      lastError: null,
      dueAt: tenAm(addDays(deadline, -14)),
    });
  });

  it('withdraws everything planned when the enrollment ends', async () => {
    const e = await make.enroll();
    await contactable(intake, e.participantId);
    await seat(await session(at(9, '18:00')), e);
    expect((await messagesOf(intake, e.participantId)).length).toBe(8);
    const ended = await intake.post(`/enrollments/${e.enrollmentId}/transitions`, {
      to: 'WITHDRAWN',
      reason: 'moved away',
    });
    expect(ended.status).toBe(200);
    const list = await messagesOf(intake, e.participantId);
    expect(list.map((m) => `${m.status}: ${m.lastError}`)).toEqual(
      list.map(() => 'WITHDRAWN: enrollment ended'),
    );
  });

  it('plans what is still ahead when consent is given later, once however often it is given', async () => {
    const e = await make.enroll();
    await seat(await session(at(4, '18:00')), e);
    await seat(await session(at(20, '18:00')), e);
    expect(await messagesOf(intake, e.participantId)).toEqual([]);
    await contactable(intake, e.participantId, ['SMS']);
    const first = await messagesOf(intake, e.participantId);
    expect(first.map((m) => [m.kind, m.dueAt]).sort((a, b) => a[1].localeCompare(b[1]))).toEqual(
      [
        ['SESSION_REMINDER_1D', at(3, '18:00')],
        ['SESSION_REMINDER_7D', at(13, '18:00')],
        ['SESSION_REMINDER_1D', at(19, '18:00')],
        ...first
          .filter((m) => !m.kind.startsWith('SESSION'))
          .map((m) => [m.kind, m.dueAt])
          .sort((a, b) => a[1].localeCompare(b[1])),
      ].sort((a, b) => a[1].localeCompare(b[1])),
    );
    expect(
      first
        .filter((m) => !m.kind.startsWith('SESSION'))
        .map((m) => m.kind)
        .sort(),
    ).toEqual(['DEADLINE_REMINDER', 'PAYMENT_REMINDER']);
    await intake.post(`/participants/${e.participantId}/consents`, {
      channel: 'SMS',
      granted: true,
      source: 'WRITTEN_REQUEST',
    });
    expect((await messagesOf(intake, e.participantId)).map((m) => m.id).sort()).toEqual(
      first.map((m) => m.id).sort(),
    );
  });

  it('follows up an ABSENT the morning after at 09:00, withdraws it when corrected, and the deadline reminder once sessions are complete', async () => {
    const e = await make.enroll({ requiredSessions: 1 });
    await contactable(intake, e.participantId, ['SMS']);
    // The class starts half an hour after the clock; seated before it starts.
    const s = await session(at(1, '10:30'));
    await seat(s, e);
    expect(byKind(await messagesOf(intake, e.participantId), 'DEADLINE_REMINDER')[0].status).toBe(
      'PLANNED',
    );
    // Later that day: the class has started (the clock moved on by a restart).
    await app.stop();
    app = await startApp(db, { ...env, CLOCK_START: chicagoAt(1, '12:45') });
    intake = intake.on(app);
    const facilitator = make.supervisors[1].on(app);
    const roster = (status: string) =>
      facilitator.put(`/sessions/${s}/attendance`, {
        records: [{ enrollmentId: e.enrollmentId, status }],
      });
    expect((await roster('ABSENT')).status).toBe(200);
    let list = await messagesOf(intake, e.participantId);
    expect(byKind(list, 'MISSED_SESSION')).toEqual([
      { channel: 'SMS', dueAt: at(2, '09:00'), status: 'PLANNED', lastError: null },
    ]);
    expect((await roster('PRESENT')).status).toBe(200);
    list = await messagesOf(intake, e.participantId);
    expect(byKind(list, 'MISSED_SESSION')[0]).toMatchObject({
      status: 'WITHDRAWN',
      lastError: 'attendance changed',
    });
    expect(byKind(list, 'DEADLINE_REMINDER')[0]).toMatchObject({
      status: 'WITHDRAWN',
      lastError: 'sessions completed',
    });
  });
});

describe('planning reminders with REMINDERS_ENABLED=false', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let make: ApiFactory;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(
      db,
      providerEnv(undefined, undefined, {
        JOB_RUNNER_ENABLED: 'false',
        CLOCK_START: CLOCK,
        REMINDERS_ENABLED: 'false',
      }),
    );
    make = await ApiFactory.create(app, await loginAdmin(app));
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('records consent but plans nothing for a seat, an enrollment or a cancellation', async () => {
    const e = await make.enroll();
    await contactable(make.intake, e.participantId);
    const consents = await make.intake.get(`/participants/${e.participantId}/consents`);
    expect(consents.status).toBe(200);
    expect(JSON.stringify(consents.body)).toContain('SMS');
    const startsAt = at(11, '18:00');
    const s = await make.supervisors[0].post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
      location: '1201 Main St, Room 4',
      capacity: 20,
    });
    expect(s.status).toBe(201);
    expect(
      (await make.intake.post(`/sessions/${s.body.id}/seats`, { enrollmentId: e.enrollmentId }))
        .status,
    ).toBe(201);
    expect((await make.supervisors[0].post(`/sessions/${s.body.id}/cancel`, {})).status).toBe(200);
    expect(await messagesOf(make.intake, e.participantId)).toEqual([]);
    const rows = await db.query(`SELECT 1 FROM messages WHERE participant_id = $1`, [
      e.participantId,
    ]);
    expect(rows).toHaveLength(0);
  });
});
