import { randomUUID } from 'node:crypto';
import { ApiFactory } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import {
  addDays,
  chicagoToday,
  followUpDueOn,
  FollowUpWorld,
  lastExitDueBy,
} from './support/follow-up-world';
import { ApiClient, loginAdmin, staffWith } from './support/http';

/**
 * Follow-up after exit (PRODUCT.md, API.md "Follow-up"): which checks are due, and what may be
 * recorded about them. Exits are made through the API and moved back in time in SQL (see
 * FollowUpWorld); the server runs on the real clock, so "today" is today in Chicago.
 */
describe('follow-up after exit: the due list and results', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let make: ApiFactory;
  let world: FollowUpWorld;
  let intake: ApiClient;
  let supervisor: ApiClient;
  let both: ApiClient;
  let finance: ApiClient;
  let auditor: ApiClient;
  let facilitator: ApiClient;
  let today: string;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    const admin = await loginAdmin(app);
    make = await ApiFactory.create(app, admin);
    world = new FollowUpWorld(db, make);
    intake = make.intake;
    supervisor = make.supervisors[0];
    [both, finance, auditor, facilitator] = await Promise.all([
      staffWith(app, admin, ['INTAKE', 'SUPERVISOR']),
      staffWith(app, admin, ['FINANCE']),
      staffWith(app, admin, ['AUDITOR']),
      staffWith(app, admin, ['FACILITATOR']),
    ]);
    today = chicagoToday();
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  const result = (over: object = {}) => ({
    months: 12,
    result: 'NO_NEW_CHARGE',
    source: 'COURT_RECORDS_SEARCH',
    checkedOn: today,
    ...over,
  });

  const listed = async (client: ApiClient, query: string) => {
    const res = await client.get(`/follow-ups?${query}`);
    expect(res.status).toBe(200);
    return res.body as {
      items: {
        enrollmentId: string;
        months: number;
        dueOn: string;
        result: string | null;
        [k: string]: unknown;
      }[];
      total: number;
      page: number;
      limit: number;
    };
  };

  /** The rows of one enrollment in a list over every due day. */
  const rowsOf = async (enrollmentId: string, query = '') =>
    (await listed(intake, `limit=200&${query}`)).items.filter(
      (i) => i.enrollmentId === enrollmentId,
    );

  it('an ACTIVE enrollment has no check: 422 ENROLLMENT_ACTIVE, nothing written', async () => {
    const e = await make.enroll();
    const res = await intake.post(`/enrollments/${e.enrollmentId}/follow-ups`, result());
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('ENROLLMENT_ACTIVE');
    expect(await world.resultsOf(e.enrollmentId)).toEqual({ n: 0 });
    expect(await rowsOf(e.enrollmentId)).toEqual([]);

    const unknown = await intake.post(`/enrollments/${randomUUID()}/follow-ups`, result());
    expect(unknown.status).toBe(404);
    const malformed = await intake.post(`/enrollments/not-a-uuid/follow-ups`, result());
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('id');
  });

  it('is due 12 months after the exit, not a day earlier: 422 FOLLOW_UP_NOT_DUE with the due day', async () => {
    const dueExit = lastExitDueBy(today, 12);
    const due = await world.exited({ on: dueExit });
    const notYet = await world.exited({ on: addDays(dueExit, 1) });
    const tomorrowsDue = followUpDueOn(addDays(dueExit, 1), 12);
    expect(tomorrowsDue > today).toBe(true);

    const early = await intake.post(`/enrollments/${notYet.enrollmentId}/follow-ups`, result());
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'FOLLOW_UP_NOT_DUE', dueOn: tomorrowsDue });
    expect(early.body.detail).toContain(tomorrowsDue);
    expect(await world.resultsOf(notYet.enrollmentId)).toEqual({ n: 0 });
    expect(await rowsOf(notYet.enrollmentId)).toEqual([]);

    // Its 24-month check is a year further off.
    const twoYears = await intake.post(
      `/enrollments/${due.enrollmentId}/follow-ups`,
      result({ months: 24 }),
    );
    expect(twoYears.status).toBe(422);
    expect(twoYears.body).toMatchObject({
      code: 'FOLLOW_UP_NOT_DUE',
      dueOn: followUpDueOn(dueExit, 24),
    });

    expect(await rowsOf(due.enrollmentId)).toEqual([
      expect.objectContaining({ months: 12, dueOn: followUpDueOn(dueExit, 12), result: null }),
    ]);
    const ok = await intake.post(`/enrollments/${due.enrollmentId}/follow-ups`, result());
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({
      id: expect.any(String),
      enrollmentId: due.enrollmentId,
      months: 12,
      result: 'NO_NEW_CHARGE',
      source: 'COURT_RECORDS_SEARCH',
      checkedOn: today,
      dueOn: followUpDueOn(dueExit, 12),
      recordedBy: intake.staffId,
      recordedAt: expect.any(String),
    });
  });

  it('checkedOn is not in the future (400) and not before the due day (422 naming checkedOn); the due day itself counts', async () => {
    const exit = await world.exited({ on: addDays(today, -400), to: 'TERMINATED' });
    const dueOn = followUpDueOn(exit.exitedOn, 12);
    const post = (checkedOn: string) =>
      supervisor.post(`/enrollments/${exit.enrollmentId}/follow-ups`, result({ checkedOn }));

    const future = await post(addDays(today, 1));
    expect(future.status).toBe(400);
    expect(future.body.errors.map((e: { field: string }) => e.field)).toEqual(['checkedOn']);
    const early = await post(addDays(dueOn, -1));
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'FOLLOW_UP_NOT_DUE', dueOn });
    expect(early.body.errors).toEqual([
      { field: 'checkedOn', message: `must not be before the due date (${dueOn})` },
    ]);
    const malformed = await post('2026-02-30');
    expect(malformed.status).toBe(400);
    expect(await world.resultsOf(exit.enrollmentId)).toEqual({ n: 0 });

    expect((await post(dueOn)).status).toBe(201);
    expect(await world.resultsOf(exit.enrollmentId)).toEqual({ n: 1 });
  });

  it('results are codes: no case number, no note, nothing outside the lists; nothing written', async () => {
    const exit = await world.exited({ on: addDays(today, -800) });
    const post = (body: object) =>
      intake.post(`/enrollments/${exit.enrollmentId}/follow-ups`, body);
    const refusals: [object, string][] = [
      [result({ caseNumber: 'CR-2025-000123' }), 'caseNumber'],
      [result({ note: 'Arrested again in Independence' }), 'note'],
      [result({ result: 'ARRESTED' }), 'result'],
      [result({ result: 'no_new_charge' }), 'result'],
      [result({ source: 'NEWSPAPER' }), 'source'],
      [result({ months: 6 }), 'months'],
      [result({ months: '12' }), 'months'],
      [{ months: 12, result: 'NO_NEW_CHARGE', checkedOn: today }, 'source'],
    ];
    for (const [body, field] of refusals) {
      const res = await post(body);
      expect({ field, status: res.status, code: res.body.code }).toEqual({
        field,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await world.resultsOf(exit.enrollmentId)).toEqual({ n: 0 });
    for (const r of ['NO_NEW_CHARGE', 'NEW_CHARGE_SIMILAR', 'NEW_CHARGE_OTHER', 'UNABLE_TO_CHECK'])
      for (const source of ['PROSECUTOR_RETURN', 'COURT_RECORDS_SEARCH'])
        expect((await post(result({ result: r, source, months: 24 }))).status).toBe(201);
  });

  it('append-only: a correction is a newer result, the latest one counts; the earlier stays', async () => {
    const exit = await world.exited({ on: addDays(today, -420) });
    const first = await intake.post(
      `/enrollments/${exit.enrollmentId}/follow-ups`,
      result({ result: 'NEW_CHARGE_SIMILAR', source: 'PROSECUTOR_RETURN' }),
    );
    expect(first.status).toBe(201);
    expect(await rowsOf(exit.enrollmentId, 'status=RECORDED')).toEqual([
      expect.objectContaining({ result: 'NEW_CHARGE_SIMILAR', source: 'PROSECUTOR_RETURN' }),
    ]);
    const correction = await supervisor.post(
      `/enrollments/${exit.enrollmentId}/follow-ups`,
      result({ result: 'NO_NEW_CHARGE', checkedOn: addDays(today, -1) }),
    );
    expect(correction.status).toBe(201);
    expect(await rowsOf(exit.enrollmentId, 'status=RECORDED')).toEqual([
      expect.objectContaining({
        result: 'NO_NEW_CHARGE',
        source: 'COURT_RECORDS_SEARCH',
        checkedOn: addDays(today, -1),
      }),
    ]);
    expect(await rowsOf(exit.enrollmentId, 'status=DUE')).toEqual([]);
    expect(await world.resultsOf(exit.enrollmentId)).toEqual({ n: 2 });
  });

  it('GET /follow-ups: name and date of birth for the search, DUE until a result then RECORDED, by months and due day, oldest due first', async () => {
    // Exits long enough ago that both checks are due; each due day in its own range.
    const a = await world.exited({ on: '2022-03-10', programCode: 'OAR', to: 'TERMINATED' });
    const b = await world.exited({ on: '2022-03-12' });
    const c = await world.exited({ on: '2022-03-11' });
    const range = (months: number) =>
      `from=${followUpDueOn('2022-03-10', months as 12)}&to=${followUpDueOn('2022-03-12', months as 12)}`;

    const twelve = await listed(intake, `months=12&${range(12)}`);
    expect(twelve.total).toBe(3);
    expect(twelve.items.map((i) => i.enrollmentId)).toEqual([
      a.enrollmentId,
      c.enrollmentId,
      b.enrollmentId,
    ]);
    const participant = (await intake.get(`/participants/${a.participantId}`)).body as {
      firstName: string;
      lastName: string;
      dateOfBirth: string;
    };
    expect(twelve.items[0]).toEqual({
      enrollmentId: a.enrollmentId,
      participantId: a.participantId,
      participantName: `${participant.firstName} ${participant.lastName}`,
      dateOfBirth: participant.dateOfBirth,
      programCode: 'OAR',
      exitStatus: 'TERMINATED',
      exitedOn: '2022-03-10',
      months: 12,
      dueOn: '2023-03-10',
      result: null,
      source: null,
      checkedOn: null,
    });
    const twentyFour = await listed(supervisor, `months=24&${range(24)}`);
    expect(twentyFour.items.map((i) => [i.enrollmentId, i.dueOn])).toEqual([
      [a.enrollmentId, '2024-03-10'],
      [c.enrollmentId, '2024-03-11'],
      [b.enrollmentId, '2024-03-12'],
    ]);

    // Both checks of one enrollment, and pages of one.
    const bothChecks = await listed(intake, `from=2023-03-10&to=2024-03-12`);
    expect(bothChecks.items.filter((i) => i.enrollmentId === c.enrollmentId)).toEqual([
      expect.objectContaining({ months: 12, dueOn: '2023-03-11' }),
      expect.objectContaining({ months: 24, dueOn: '2024-03-11' }),
    ]);
    // Pages of both kinds together follow the one order.
    const whole = await listed(intake, `from=2023-03-10&to=2024-03-12`);
    const paged = [];
    for (let page = 1; page <= Math.ceil(whole.total / 2); page++)
      paged.push(
        ...(await listed(intake, `from=2023-03-10&to=2024-03-12&limit=2&page=${page}`)).items,
      );
    expect(paged).toEqual(whole.items);
    expect(whole.items.map((i) => i.dueOn)).toEqual([...whole.items.map((i) => i.dueOn)].sort());
    const page2 = await listed(intake, `months=12&${range(12)}&limit=1&page=2`);
    expect(page2).toMatchObject({ total: 3, page: 2, limit: 1 });
    expect(page2.items.map((i) => i.enrollmentId)).toEqual([c.enrollmentId]);

    // A result moves the check from DUE to RECORDED.
    const recorded = await intake.post(
      `/enrollments/${c.enrollmentId}/follow-ups`,
      result({ result: 'UNABLE_TO_CHECK', source: 'PROSECUTOR_RETURN' }),
    );
    expect(recorded.status).toBe(201);
    const due = await listed(intake, `status=DUE&months=12&${range(12)}`);
    expect(due.items.map((i) => i.enrollmentId)).toEqual([a.enrollmentId, b.enrollmentId]);
    const done = await listed(intake, `status=RECORDED&months=12&${range(12)}`);
    expect(done.items).toEqual([
      expect.objectContaining({
        enrollmentId: c.enrollmentId,
        result: 'UNABLE_TO_CHECK',
        source: 'PROSECUTOR_RETURN',
        checkedOn: today,
      }),
    ]);
    // The other check of the same enrollment is still due.
    expect(
      (await listed(intake, `status=DUE&months=24&${range(24)}`)).items.map((i) => i.enrollmentId),
    ).toContain(c.enrollmentId);
  });

  it('GET /follow-ups refuses a bad filter naming it, and is for INTAKE and SUPERVISOR only', async () => {
    for (const [query, field] of [
      ['status=OPEN', 'status'],
      ['months=6', 'months'],
      ['months=twelve', 'months'],
      ['from=2026-13-01', 'from'],
      ['from=2026-02-01&to=2026-01-31', 'to'],
      ['limit=500', 'limit'],
    ]) {
      const res = await intake.get(`/follow-ups?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    for (const client of [finance, auditor, facilitator]) {
      expect((await client.get('/follow-ups')).status).toBe(403);
      const exit = await world.exited({ on: addDays(today, -500) });
      const res = await client.post(`/enrollments/${exit.enrollmentId}/follow-ups`, result());
      expect(res.status).toBe(403);
    }
    expect((await both.get('/follow-ups')).status).toBe(200);
  });

  it('work queue: "Follow-up checks due" for INTAKE and SUPERVISOR counts exactly GET /follow-ups?status=DUE', async () => {
    const exit = await world.exited({ on: addDays(today, -370) });
    const card = async (client: ApiClient) => {
      const res = await client.get('/work-queue');
      expect(res.status).toBe(200);
      return res.body.cards.filter((c: { key: string }) => c.key === 'followUpsDue');
    };
    const [forIntake] = await card(intake);
    expect(forIntake).toMatchObject({
      role: 'INTAKE',
      list: { path: '/follow-ups', query: { status: 'DUE' } },
    });
    const qs = new URLSearchParams(forIntake.list.query).toString();
    expect(forIntake.count).toBe((await listed(intake, qs)).total);
    expect(forIntake.count).toBeGreaterThan(0);
    expect(await card(supervisor)).toEqual([{ ...forIntake, role: 'SUPERVISOR' }]);
    // One card for someone with both roles; none for the other roles.
    expect(await card(both)).toEqual([forIntake]);
    for (const client of [finance, auditor, facilitator]) expect(await card(client)).toEqual([]);

    const recorded = await intake.post(`/enrollments/${exit.enrollmentId}/follow-ups`, result());
    expect(recorded.status).toBe(201);
    const [after] = await card(intake);
    expect(after.count).toBe(forIntake.count - 1);
    expect(after.count).toBe((await listed(intake, qs)).total);
  });

  it('recording a result is audited on the enrollment, with codes only', async () => {
    const exit = await world.exited({ on: addDays(today, -380) });
    const res = await supervisor.post(
      `/enrollments/${exit.enrollmentId}/follow-ups`,
      result({ result: 'NEW_CHARGE_OTHER', source: 'PROSECUTOR_RETURN' }),
    );
    expect(res.status).toBe(201);
    const events = await db.query(
      `SELECT action, entity_type, entity_id, actor_id, outcome, details FROM audit_events
        WHERE action = 'follow_up.record' AND entity_id = $1`,
      [exit.enrollmentId],
    );
    expect(events).toEqual([
      {
        action: 'follow_up.record',
        entity_type: 'enrollment',
        entity_id: exit.enrollmentId,
        actor_id: supervisor.staffId,
        outcome: 'SUCCESS',
        details: {
          followUpResultId: res.body.id,
          months: 12,
          result: 'NEW_CHARGE_OTHER',
          source: 'PROSECUTOR_RETURN',
        },
      },
    ]);
  });
});
