import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiFactory, chicagoDaysAgo, EnrollmentFixture } from './support/api-factory';
import { ApiClient, loginAdmin, staffWith } from './support/http';

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const fields = (body: { errors?: { field: string }[] }) => [
  ...new Set((body.errors ?? []).map((e) => e.field)),
];

/**
 * Attendance, and so completion, cannot be fabricated (issue 29, point 3): sessions last at least
 * their program's minimum, late seats are a SUPERVISOR's with a reason, no seat before the
 * enrollment began, no two seats of one enrollment at the same time (also across instances), and
 * overlapping time is never counted twice.
 */
describe('session integrity: durations, late seats, overlaps', () => {
  let db: TestDatabase;
  let apps: AppInstance[];
  let admin: ApiClient;
  let supervisor: ApiClient;
  let intake: ApiClient;
  let facilitator: ApiClient;
  let doorkeeper: ApiClient;
  let make: ApiFactory;

  beforeAll(async () => {
    db = await TestDatabase.create();
    const first = await startApp(db);
    apps = [first, await startApp(db)];
    admin = await loginAdmin(first);
    [supervisor, intake, facilitator, doorkeeper] = await Promise.all([
      staffWith(first, admin, ['SUPERVISOR']),
      staffWith(first, admin, ['INTAKE']),
      staffWith(first, admin, ['FACILITATOR']),
      staffWith(first, admin, ['INTAKE', 'FACILITATOR']),
    ]);
    make = await ApiFactory.create(first, admin);
  });
  afterAll(async () => {
    await Promise.all((apps ?? []).map((a) => a.stop()));
    await db?.close();
  });

  /** A JOHNZ_SCHOOL session from `start` to `end` minutes from now (past ones by the SUPERVISOR). */
  async function session(start: number, end: number, by?: ApiClient): Promise<string> {
    const res = await (by ?? (start < 0 ? supervisor : intake)).post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt: minutesFromNow(start),
      endsAt: minutesFromNow(end),
      location: 'Room 5',
      capacity: 30,
      facilitatorId: facilitator.staffId,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const seat = (by: ApiClient, sessionId: string, e: EnrollmentFixture, reason?: string) =>
    by.post(`/sessions/${sessionId}/seats`, {
      enrollmentId: e.enrollmentId,
      ...(reason === undefined ? {} : { reason }),
    });

  it("keeps each program's minimum session length, which only an ADMIN sets", async () => {
    const programs = await supervisor.get('/programs');
    const johnz = programs.body.find((p: { code: string }) => p.code === 'JOHNZ_SCHOOL');
    expect(johnz.minSessionMinutes).toBe(60);
    expect(
      (await supervisor.patch(`/programs/${johnz.id}`, { minSessionMinutes: 30 })).status,
    ).toBe(403);
    for (const bad of [0, 1441, 1.5, '60', null]) {
      const res = await admin.patch(`/programs/${johnz.id}`, { minSessionMinutes: bad });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['minSessionMinutes']);
    }
    const longer = await admin.patch(`/programs/${johnz.id}`, { minSessionMinutes: 90 });
    expect(longer.status).toBe(200);
    expect(longer.body.minSessionMinutes).toBe(90);
    const event = await db.one(
      `SELECT details FROM audit_events WHERE action = 'program.update' ORDER BY at DESC LIMIT 1`,
    );
    expect(event.details).toMatchObject({ minSessionMinutes: { from: 60, to: 90 } });
    try {
      const short = await intake.post('/sessions', {
        programCode: 'JOHNZ_SCHOOL',
        startsAt: minutesFromNow(60),
        endsAt: minutesFromNow(60 + 75),
        location: 'Room 5',
        capacity: 10,
      });
      expect(short.status).toBe(400);
      expect(fields(short.body)).toEqual(['endsAt']);
    } finally {
      expect((await admin.patch(`/programs/${johnz.id}`, { minSessionMinutes: 60 })).status).toBe(
        200,
      );
    }
  });

  it('holds the minimum session length in the database', async () => {
    const refused = (sql: string, params: unknown[] = []) =>
      db.query(sql, params).then(
        () => undefined,
        (x: { code: string; constraint?: string; message: string }) => x,
      );
    expect(
      await refused(`UPDATE programs SET min_session_minutes = 0 WHERE code = 'OAR'`),
    ).toMatchObject({ code: '23514', constraint: 'programs_min_session_minutes_check' });
    const short = await refused(
      `INSERT INTO class_sessions (program_id, program_code, starts_at, ends_at, location, capacity,
          created_by)
       SELECT id, code, now() + interval '1 day', now() + interval '1 day 1 second', 'X', 5, $1
         FROM programs WHERE code = 'OAR'`,
      [supervisor.staffId],
    );
    expect(short).toMatchObject({ code: '23514', constraint: 'class_sessions_min_length' });
    const id = await session(24 * 60, 26 * 60);
    expect(
      await refused(
        `UPDATE class_sessions SET ends_at = starts_at + interval '59 minutes' WHERE id = $1`,
        [id],
      ),
    ).toMatchObject({ code: '23514', constraint: 'class_sessions_min_length' });
  });

  it('refuses one-second sessions: the fabricated completion of the issue', async () => {
    // One person with INTAKE and FACILITATOR schedules classes "now" that last a second.
    const now = Date.now() + 60_000;
    const before = await db.one(`SELECT count(*)::int AS n FROM class_sessions`);
    for (const [by, seconds] of [
      [doorkeeper, 1],
      [doorkeeper, 59 * 60],
      [supervisor, 1],
    ] as const) {
      const res = await by.post('/sessions', {
        programCode: 'JOHNZ_SCHOOL',
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + seconds * 1000).toISOString(),
        location: 'Room 5',
        capacity: 10,
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fields(res.body)).toEqual(['endsAt']);
    }
    expect(await db.one(`SELECT count(*)::int AS n FROM class_sessions`)).toEqual(before);
    // Exactly the minimum is a session.
    await session(5, 65, doorkeeper);
  });

  it('reschedules with PATCH /sessions/:id, never shorter than the minimum', async () => {
    const id = await session(24 * 60, 24 * 60 + 120);
    const short = await supervisor.patch(`/sessions/${id}`, {
      startsAt: minutesFromNow(24 * 60),
      endsAt: minutesFromNow(24 * 60 + 30),
    });
    expect(short.status).toBe(400);
    expect(fields(short.body)).toEqual(['endsAt']);
    const onlyEnd = await supervisor.patch(`/sessions/${id}`, {
      endsAt: minutesFromNow(24 * 60 + 10),
    });
    expect(onlyEnd.status).toBe(400);
    expect(fields(onlyEnd.body)).toEqual(['endsAt']);
    const moved = await supervisor.patch(`/sessions/${id}`, {
      startsAt: minutesFromNow(48 * 60),
      endsAt: minutesFromNow(48 * 60 + 90),
    });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.endsAt) - Date.parse(moved.body.startsAt)).toBe(90 * 60_000);
    expect((await intake.patch(`/sessions/${id}`, { endsAt: minutesFromNow(3000) })).status).toBe(
      403,
    );
    const event = await db.one(
      `SELECT action, details FROM audit_events WHERE entity_id = $1 AND outcome = 'SUCCESS'
        ORDER BY at DESC LIMIT 1`,
      [id],
    );
    expect(event.action).toBe('session.reschedule');
    expect(Object.keys(event.details).sort()).toEqual(['endsAt', 'programCode', 'startsAt']);
  });

  it('lets INTAKE seat late arrivals for 15 minutes, then only a SUPERVISOR with a reason', async () => {
    const [door, late, weeksAgo] = await Promise.all([
      session(-5, 60),
      session(-20, 60),
      session(-21 * 24 * 60, -21 * 24 * 60 + 120),
    ]);
    const a = await make.enroll();
    const b = await make.enroll();
    const old = await make.enroll({ enrolledOn: chicagoDaysAgo(40) });

    expect((await seat(intake, door, a)).status).toBe(201);

    const tooLate = await seat(intake, late, b);
    expect(tooLate.status).toBe(422);
    expect(tooLate.body.code).toBe('SESSION_STARTED');
    const longAgo = await seat(intake, weeksAgo, old);
    expect(longAgo.status).toBe(422);
    expect(longAgo.body.code).toBe('SESSION_STARTED');
    // The one who records attendance never seats.
    expect((await seat(facilitator, late, b)).status).toBe(403);

    const noReason = await seat(supervisor, late, b);
    expect(noReason.status).toBe(400);
    expect(fields(noReason.body)).toEqual(['reason']);
    expect((await seat(supervisor, late, b, '   ')).status).toBe(400);
    const withReason = await seat(supervisor, late, b, 'Arrived 25 minutes late: bus delay');
    expect(withReason.status).toBe(201);
    const stored = await db.one(
      `SELECT late_reason FROM session_seats WHERE session_id = $1 AND enrollment_id = $2`,
      [late, b.enrollmentId],
    );
    expect(stored.late_reason).toBe('Arrived 25 minutes late: bus delay');
    const event = await db.one(
      `SELECT actor_id, details FROM audit_events
        WHERE action = 'session.seat' AND entity_id = $1 AND outcome = 'SUCCESS'`,
      [late],
    );
    expect(event.actor_id).toBe(supervisor.staffId);
    // Ids and flags only: the reason's text stays with the seat.
    expect(event.details).toEqual({ enrollmentId: b.enrollmentId, afterStart: true });
    // Before the start a SUPERVISOR needs no reason.
    const ahead = await session(60, 180);
    expect((await seat(supervisor, ahead, a)).status).toBe(201);
  });

  it('never seats in a session that ended before the enrollment began', async () => {
    const yesterday = await session(-26 * 60, -25 * 60);
    const today = await make.enroll();
    const res = await seat(supervisor, yesterday, today, 'Attended, paperwork late');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('SEAT_BEFORE_ENROLLMENT');
    const earlier = await make.enroll({ enrolledOn: chicagoDaysAgo(3) });
    expect((await seat(supervisor, yesterday, earlier, 'Paperwork late')).status).toBe(201);
    // The database refuses it too, past every check of the API.
    const err = await db
      .query(
        `INSERT INTO session_seats (session_id, enrollment_id, seated_by) VALUES ($1, $2, $3)`,
        [yesterday, today.enrollmentId, supervisor.staffId],
      )
      .then(
        () => undefined,
        (x: { code: string; message: string }) => x,
      );
    expect(err?.code).toBe('23514');
    expect(err?.message).toMatch(/before the enrollment/);
  });

  it('never gives one enrollment two seats at the same time', async () => {
    const s1 = await session(3 * 60, 5 * 60);
    const s2 = await session(4 * 60, 6 * 60);
    const backToBack = await session(5 * 60, 6 * 60);
    const e = await make.enroll();
    expect((await seat(intake, s1, e)).status).toBe(201);
    const overlapping = await seat(intake, s2, e);
    expect(overlapping.status).toBe(422);
    expect(overlapping.body.code).toBe('SEAT_OVERLAPS');
    expect((await seat(intake, backToBack, e)).status).toBe(201);
    const counter = await db.one(`SELECT seats_taken FROM class_sessions WHERE id = $1`, [s2]);
    expect(counter.seats_taken).toBe(0);

    // Moving a seated session onto another seat of the same enrollment is refused as well.
    const moved = await supervisor.patch(`/sessions/${backToBack}`, {
      startsAt: minutesFromNow(4 * 60),
      endsAt: minutesFromNow(5 * 60),
    });
    expect(moved.status).toBe(422);
    expect(moved.body.code).toBe('SEAT_OVERLAPS');

    const err = await db
      .query(
        `INSERT INTO session_seats (session_id, enrollment_id, seated_by) VALUES ($1, $2, $3)`,
        [s2, e.enrollmentId, intake.staffId],
      )
      .then(
        () => undefined,
        (x: { code: string; constraint?: string }) => x,
      );
    expect(err?.code).toBe('23P01');
    expect(err?.constraint).toBe('session_seats_no_overlap');
  });

  it('holds across two instances: of two overlapping seats asked at once, one is given', async () => {
    const pairs = 8;
    const sessions = await Promise.all(
      Array.from({ length: pairs }, (_, i) =>
        Promise.all([
          session(10 * 60 + i * 180, 12 * 60 + i * 180),
          session(11 * 60 + i * 180, 13 * 60 + i * 180),
        ]),
      ),
    );
    const people: EnrollmentFixture[] = [];
    for (let i = 0; i < pairs; i++) people.push(await make.enroll());
    const results = await Promise.all(
      sessions.flatMap(([a, b], i) => [
        seat(intake.on(apps[0]), a, people[i]),
        seat(intake.on(apps[1]), b, people[i]),
      ]),
    );
    for (let i = 0; i < pairs; i++) {
      const statuses = [results[2 * i].status, results[2 * i + 1].status].sort();
      expect(statuses).toEqual([201, 422]);
      const refused = [results[2 * i], results[2 * i + 1]].find((r) => r.status === 422)!;
      expect(refused.body.code).toBe('SEAT_OVERLAPS');
    }
    const counts = await db.one(
      `SELECT (SELECT count(*)::int FROM session_seats WHERE enrollment_id = ANY($1::uuid[])) AS seats,
              (SELECT sum(seats_taken)::int FROM class_sessions WHERE id = ANY($2::uuid[])) AS taken`,
      [people.map((p) => p.enrollmentId), sessions.flat()],
    );
    expect(counts).toEqual({ seats: pairs, taken: pairs });
  });

  it('counts attended sessions, never overlapping time twice', async () => {
    // Seats from before the overlap rule was enforced: kept, but their time counts once.
    const e = await make.enroll({ enrolledOn: chicagoDaysAgo(10) });
    const a = await session(-8 * 24 * 60, -8 * 24 * 60 + 120);
    const b = await session(-8 * 24 * 60 + 60, -8 * 24 * 60 + 180);
    const c = await session(-7 * 24 * 60, -7 * 24 * 60 + 60);
    expect((await seat(supervisor, a, e, 'Recorded late')).status).toBe(201);
    await db.query(
      `INSERT INTO session_seats (session_id, enrollment_id, seated_by, legacy_overlap)
       VALUES ($1, $2, $3, true)`,
      [b, e.enrollmentId, supervisor.staffId],
    );
    await db.query(`UPDATE class_sessions SET seats_taken = 1 WHERE id = $1`, [b]);
    expect((await seat(supervisor, c, e, 'Recorded late')).status).toBe(201);
    for (const id of [a, b, c]) {
      const res = await facilitator.put(`/sessions/${id}/attendance`, {
        records: [{ enrollmentId: e.enrollmentId, status: 'PRESENT' }],
      });
      expect(res.status).toBe(200);
    }
    const read = await intake.get(`/enrollments/${e.enrollmentId}`);
    expect(read.status).toBe(200);
    expect(read.body.attendedSessions).toBe(2);
  });
});
