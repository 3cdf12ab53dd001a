import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { ApiFactory } from './support/api-factory';

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
/** The calendar day `days` from today (UTC is near enough: these days are weeks away). */
const dayFromNow = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('sessions, seats and attendance', () => {
  let db: TestDatabase;
  let make: ApiFactory;
  let app: AppInstance;
  let admin: ApiClient;
  let supervisor: ApiClient;
  let intake: ApiClient;
  let facilitator: ApiClient;
  let auditor: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    admin = await loginAdmin(app);
    supervisor = await staffWith(app, admin, ['SUPERVISOR']);
    intake = await staffWith(app, admin, ['INTAKE']);
    facilitator = await staffWith(app, admin, ['FACILITATOR']);
    auditor = await staffWith(app, admin, ['AUDITOR']);
    make = await ApiFactory.create(app, admin);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  async function session(
    opts: { startsInHours?: number; capacity?: number; programCode?: string } = {},
  ): Promise<string> {
    const starts = opts.startsInHours ?? -1;
    // A session already started is recorded after the fact: SUPERVISOR only. Each is assigned
    // to the facilitator, who may take only their own sessions' attendance.
    const res = await (starts < 0 ? supervisor : intake).post('/sessions', {
      programCode: opts.programCode ?? 'JOHNZ_SCHOOL',
      startsAt: hoursFromNow(starts),
      endsAt: hoursFromNow(starts + 3),
      location: 'Room 204',
      capacity: opts.capacity ?? 20,
      facilitatorId: facilitator.staffId,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function seated(sessionId: string, n: number, lastNames: string[] = []) {
    const out = [];
    for (let i = 0; i < n; i++) {
      const e = await make.enroll({ lastName: lastNames[i] });
      // Most sessions here have started: a seat then is a SUPERVISOR's, with a reason.
      const res = await supervisor.post(`/sessions/${sessionId}/seats`, {
        enrollmentId: e.enrollmentId,
        reason: 'Arrived after the start',
      });
      expect(res.status).toBe(201);
      out.push(e);
    }
    return out;
  }

  it('creates a session and reads it back; checks times and the facilitator', async () => {
    // Weeks ahead of whatever day the test runs: INTAKE may only schedule future sessions.
    const day = dayFromNow(30);
    const startsAt = `${day}T09:00:00-06:00`;
    const endsAt = `${day}T12:00:00-06:00`;
    const created = await supervisor.post('/sessions', {
      programCode: 'OAR',
      startsAt,
      endsAt,
      location: 'Municipal Court, Room 3',
      capacity: 25,
      facilitatorId: facilitator.staffId,
      topic: 'Impact on the community',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      programCode: 'OAR',
      startsAt: `${day}T15:00:00.000Z`,
      capacity: 25,
      seatsTaken: 0,
      seatsAvailable: 25,
      facilitatorId: facilitator.staffId,
      cancelledAt: null,
    });
    const read = await facilitator.get(`/sessions/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const backwards = await intake.post('/sessions', {
      programCode: 'OAR',
      startsAt,
      endsAt: startsAt,
      location: 'X',
      capacity: 5,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e: { field: string }) => e.field)).toEqual(['endsAt']);

    const noOffset = await intake.post('/sessions', {
      programCode: 'OAR',
      startsAt: `${day}T09:00:00`,
      endsAt,
      location: 'X',
      capacity: 501,
    });
    expect(noOffset.status).toBe(400);
    expect(noOffset.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'capacity',
      'startsAt',
    ]);

    const notFacilitator = await intake.post('/sessions', {
      programCode: 'OAR',
      startsAt,
      endsAt,
      location: 'X',
      capacity: 5,
      facilitatorId: intake.staffId,
    });
    expect(notFacilitator.status).toBe(422);
    expect(notFacilitator.body.code).toBe('FACILITATOR_NOT_ELIGIBLE');

    const forbidden = await facilitator.post('/sessions', {
      programCode: 'OAR',
      startsAt,
      endsAt,
      location: 'X',
      capacity: 5,
    });
    expect(forbidden.status).toBe(403);
  });

  it('lists sessions of a program within a range, by start time', async () => {
    const mk = (startsAt: string, programCode = 'OAR') =>
      intake.post('/sessions', {
        programCode,
        startsAt,
        endsAt: startsAt.replace('T09', 'T11'),
        location: 'Hall',
        capacity: 10,
      });
    const first = dayFromNow(60);
    const last = dayFromNow(69);
    const late = await mk(`${last}T09:00:00-05:00`);
    const early = await mk(`${first}T09:00:00-06:00`);
    await mk(`${dayFromNow(64)}T09:00:00-06:00`, 'JOHNZ_SCHOOL');
    await mk(`${dayFromNow(91)}T09:00:00-05:00`);
    const res = await auditor.get(`/sessions?programCode=OAR&from=${first}&to=${last}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([early.body.id, late.body.id]);
    const bad = await auditor.get('/sessions?from=yesterday');
    expect(bad.status).toBe(400);
  });

  it('seats ACTIVE enrollments of the program once, within capacity', async () => {
    const id = await session({ startsInHours: 24, capacity: 2 });
    const a = await make.enroll();
    const b = await make.enroll();
    const c = await make.enroll();
    const oar = await make.enroll({ programCode: 'OAR' });

    const first = await intake.post(`/sessions/${id}/seats`, { enrollmentId: a.enrollmentId });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ enrollmentId: a.enrollmentId, seatsTaken: 1, capacity: 2 });
    const again = await supervisor.post(`/sessions/${id}/seats`, { enrollmentId: a.enrollmentId });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_SEATED');
    const mismatch = await intake.post(`/sessions/${id}/seats`, { enrollmentId: oar.enrollmentId });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe('PROGRAM_MISMATCH');
    await db.query(
      `UPDATE enrollments SET status = 'WITHDRAWN', closed_on = current_date WHERE id = $1`,
      [c.enrollmentId],
    );
    const inactive = await intake.post(`/sessions/${id}/seats`, { enrollmentId: c.enrollmentId });
    expect(inactive.status).toBe(422);
    expect(inactive.body.code).toBe('ENROLLMENT_NOT_ACTIVE');
    expect(
      (await intake.post(`/sessions/${id}/seats`, { enrollmentId: b.enrollmentId })).status,
    ).toBe(201);
    const d = await make.enroll();
    const full = await intake.post(`/sessions/${id}/seats`, { enrollmentId: d.enrollmentId });
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('SESSION_FULL');

    const forbidden = await facilitator.post(`/sessions/${id}/seats`, {
      enrollmentId: d.enrollmentId,
    });
    expect(forbidden.status).toBe(403);

    // Releasing a seat before the start frees it for someone else.
    const released = await intake.delete(`/sessions/${id}/seats/${b.enrollmentId}`);
    expect(released.status).toBe(204);
    expect((await intake.delete(`/sessions/${id}/seats/${b.enrollmentId}`)).status).toBe(404);
    expect(
      (await intake.post(`/sessions/${id}/seats`, { enrollmentId: d.enrollmentId })).status,
    ).toBe(201);
    const counts = await db.one(
      `SELECT seats_taken, (SELECT count(*)::int FROM session_seats WHERE session_id = $1) AS seats
         FROM class_sessions WHERE id = $1`,
      [id],
    );
    expect(counts).toEqual({ seats_taken: 2, seats: 2 });
  });

  it('keeps seats of a session that has started', async () => {
    const id = await session({ startsInHours: -1 });
    const [e] = await seated(id, 1);
    const res = await intake.delete(`/sessions/${id}/seats/${e.enrollmentId}`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('SESSION_STARTED');
  });

  it('shows the roster sorted by last then first name; facilitators may read it', async () => {
    const id = await session();
    await seated(id, 3, ['Zimmer', 'adams', 'Miller']);
    const res = await facilitator.get(`/sessions/${id}/roster`);
    expect(res.status).toBe(200);
    expect(res.body.session.id).toBe(id);
    expect(res.body.rows.map((r: { lastName: string }) => r.lastName)).toEqual([
      'adams',
      'Miller',
      'Zimmer',
    ]);
    expect(res.body.rows[0]).toEqual({
      enrollmentId: expect.any(String),
      participantId: expect.any(String),
      firstName: expect.any(String),
      lastName: 'adams',
      participantName: `${res.body.rows[0].firstName} adams`,
      dateOfBirth: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      status: null,
      note: null,
    });
    expect((await auditor.get(`/sessions/${id}/roster`)).status).toBe(403);
  });

  it('records a roster idempotently and keeps the earlier status of a change', async () => {
    const id = await session();
    const [a, b] = await seated(id, 2);
    const roster = {
      records: [
        { enrollmentId: a.enrollmentId, status: 'PRESENT' },
        { enrollmentId: b.enrollmentId, status: 'ABSENT', note: 'no call' },
      ],
    };
    const first = await facilitator.put(`/sessions/${id}/attendance`, roster);
    expect(first.status).toBe(200);
    const byId = (body: { rows: { enrollmentId: string }[] }, eid: string) =>
      body.rows.find((r) => r.enrollmentId === eid);
    expect(byId(first.body, a.enrollmentId)).toMatchObject({ status: 'PRESENT', note: null });
    expect(byId(first.body, b.enrollmentId)).toMatchObject({ status: 'ABSENT', note: 'no call' });

    const revisions = () =>
      db.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM attendance_revisions WHERE session_id = $1`,
        [id],
      );
    expect((await revisions()).n).toBe(2);
    const again = await supervisor.put(`/sessions/${id}/attendance`, roster);
    expect(again.status).toBe(200);
    expect(again.body.rows).toEqual(first.body.rows);
    expect((await revisions()).n).toBe(2);

    const changed = await supervisor.put(`/sessions/${id}/attendance`, {
      records: [{ enrollmentId: b.enrollmentId, status: 'EXCUSED', note: 'hospital' }],
    });
    expect(changed.status).toBe(200);
    expect(byId(changed.body, b.enrollmentId)).toMatchObject({
      status: 'EXCUSED',
      note: 'hospital',
    });

    const history = await auditor.get(`/sessions/${id}/attendance/history`);
    expect(history.status).toBe(200);
    expect(history.body.total).toBe(3);
    const last = history.body.items[2];
    expect(last).toMatchObject({
      enrollmentId: b.enrollmentId,
      previousStatus: 'ABSENT',
      previousNote: 'no call',
      newStatus: 'EXCUSED',
      newNote: 'hospital',
      changedById: supervisor.staffId,
    });
    expect(history.body.items[0]).toMatchObject({
      previousStatus: null,
      changedById: facilitator.staffId,
    });
    expect((await facilitator.get(`/sessions/${id}/attendance/history`)).status).toBe(403);
  });

  it('saving an unchanged roster writes nothing and says so, with when it was last saved and for how many', async () => {
    const id = await session();
    const other = await session();
    const [a, b, c] = await seated(id, 3);
    const notTaken = await facilitator.get(`/sessions/${id}/roster`);
    expect(notTaken.body.lastSaved).toBeNull();
    expect((await facilitator.get(`/sessions/${id}`)).body).toMatchObject({
      attendanceTaken: false,
      attendanceRecordedAt: null,
      attendanceRecordedCount: 0,
    });
    const everyone = {
      records: [a, b, c].map((e) => ({ enrollmentId: e.enrollmentId, status: 'PRESENT' })),
    };
    const audited = async () =>
      (
        await db.one<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_events
            WHERE action = 'session.attendance' AND entity_id = $1`,
          [id],
        )
      ).n;
    const written = async () =>
      db.one<{ revisions: number; records: string }>(
        `SELECT (SELECT count(*)::int FROM attendance_revisions WHERE session_id = $1) AS revisions,
                (SELECT string_agg(recorded_at::text || recorded_by, ',' ORDER BY enrollment_id)
                   FROM attendance_records WHERE session_id = $1) AS records`,
        [id],
      );

    const first = await facilitator.put(`/sessions/${id}/attendance`, everyone);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      changed: 3,
      unchanged: false,
      lastSaved: {
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        people: 3,
        byId: facilitator.staffId,
        byName: expect.any(String),
      },
    });
    expect(await audited()).toBe(1);
    const before = await written();

    // The same roster again, whole or in part: nothing is written, and the answer says so.
    for (const records of [everyone.records, everyone.records.slice(1)]) {
      const again = await facilitator.put(`/sessions/${id}/attendance`, { records });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ changed: 0, unchanged: true });
      expect(again.body.lastSaved).toEqual(first.body.lastSaved);
      expect(again.body.rows).toEqual(first.body.rows);
    }
    expect(await written()).toEqual(before);
    expect(await audited()).toBe(1);

    // One change: one revision, one audit event, a new "last saved", still three people.
    const changed = await supervisor.put(`/sessions/${id}/attendance`, {
      records: [{ enrollmentId: b.enrollmentId, status: 'LATE' }],
    });
    expect(changed.body).toMatchObject({
      changed: 1,
      unchanged: false,
      lastSaved: { people: 3, byId: supervisor.staffId },
    });
    expect(Date.parse(changed.body.lastSaved.at)).toBeGreaterThan(
      Date.parse(first.body.lastSaved.at),
    );
    expect(await audited()).toBe(2);
    expect((await written()).revisions).toBe(before.revisions + 1);
    const roster = await facilitator.get(`/sessions/${id}/roster`);
    expect(roster.body.lastSaved).toEqual(changed.body.lastSaved);

    // "My sessions today" (the day these sessions started) says which have attendance taken.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(
      new Date((await facilitator.get(`/sessions/${id}`)).body.startsAt),
    );
    const mine = await facilitator.get(
      `/sessions?facilitatorId=${facilitator.staffId}&on=${day}&limit=200`,
    );
    expect(mine.status).toBe(200);
    const byId = new Map(mine.body.items.map((x: { id: string }) => [x.id, x]));
    expect(byId.get(id)).toMatchObject({
      attendanceTaken: true,
      attendanceRecordedAt: changed.body.lastSaved.at,
      attendanceRecordedCount: 3,
    });
    expect(byId.get(other)).toMatchObject({
      attendanceTaken: false,
      attendanceRecordedAt: null,
      attendanceRecordedCount: 0,
    });
  });

  it('lists the sessions an enrollment can be given a seat in, in one call', async () => {
    const e = await make.enroll();
    const open = await session({ startsInHours: 48, capacity: 2 });
    const full = await session({ startsInHours: 50, capacity: 1 });
    await seated(full, 1);
    const alreadyIn = await session({ startsInHours: 52 });
    expect(
      (await intake.post(`/sessions/${alreadyIn}/seats`, { enrollmentId: e.enrollmentId })).status,
    ).toBe(201);
    const otherProgram = await session({ startsInHours: 54, programCode: 'OAR' });
    const started = await session({ startsInHours: -1 });
    const cancelled = await session({ startsInHours: 56 });
    expect(
      (await supervisor.post(`/sessions/${cancelled}/cancel`, { reason: 'Snow' })).status,
    ).toBe(200);
    const mine = [open, full, alreadyIn, otherProgram, started, cancelled];

    const offered = async () => {
      const res = await intake.get(
        `/sessions?programCode=JOHNZ_SCHOOL&upcoming=true&hasFreeSeats=true&excludeEnrollmentId=${e.enrollmentId}&limit=200`,
      );
      expect(res.status).toBe(200);
      const now = Date.now();
      for (const x of res.body.items) {
        expect(x).toMatchObject({ programCode: 'JOHNZ_SCHOOL', cancelledAt: null });
        expect(x.seatsAvailable).toBeGreaterThan(0);
        expect(Date.parse(x.startsAt)).toBeGreaterThan(now);
      }
      return res.body.items
        .map((x: { id: string }) => x.id)
        .filter((id: string) => mine.includes(id));
    };
    expect(await offered()).toEqual([open]);
    // Once seated there, that session is no longer offered to it.
    expect(
      (await intake.post(`/sessions/${open}/seats`, { enrollmentId: e.enrollmentId })).status,
    ).toBe(201);
    expect(await offered()).toEqual([]);

    // Each filter on its own, and its opposite.
    const ids = async (qs: string) =>
      ((await intake.get(`/sessions?${qs}&limit=200`)).body.items as { id: string }[])
        .map((x) => x.id)
        .filter((id) => mine.includes(id));
    expect(await ids('hasFreeSeats=false')).toEqual([full, cancelled]);
    expect(await ids('upcoming=false')).toEqual([started]);
    expect(await ids(`excludeEnrollmentId=${e.enrollmentId}`)).toEqual([
      started,
      full,
      otherProgram,
      cancelled,
    ]);
    for (const bad of ['upcoming=yes', 'hasFreeSeats=1', 'excludeEnrollmentId=42']) {
      const res = await intake.get(`/sessions?${bad}`);
      expect({ bad, status: res.status, field: res.body.errors?.[0]?.field }).toEqual({
        bad,
        status: 400,
        field: bad.split('=')[0],
      });
    }
  });

  it('rejects a whole roster with one unseated row, naming it', async () => {
    const id = await session();
    const [a, b] = await seated(id, 2);
    const stranger = await make.enroll();
    const count = async () =>
      (
        await db.one<{ n: number }>(
          `SELECT (SELECT count(*) FROM attendance_records) + (SELECT count(*) FROM attendance_revisions) AS n`,
        )
      ).n;
    const before = await count();
    const res = await facilitator.put(`/sessions/${id}/attendance`, {
      records: [
        { enrollmentId: a.enrollmentId, status: 'PRESENT' },
        { enrollmentId: stranger.enrollmentId, status: 'PRESENT' },
        { enrollmentId: b.enrollmentId, status: 'LATE' },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NOT_SEATED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'records[1].enrollmentId',
    ]);
    expect(await count()).toBe(before);
  });

  it('refuses duplicate rows, unknown statuses, future and cancelled sessions', async () => {
    const id = await session();
    const [a, b] = await seated(id, 2);
    const dup = await facilitator.put(`/sessions/${id}/attendance`, {
      records: [
        { enrollmentId: a.enrollmentId, status: 'PRESENT' },
        { enrollmentId: b.enrollmentId, status: 'PRESENT' },
        { enrollmentId: a.enrollmentId, status: 'LATE' },
      ],
    });
    expect(dup.status).toBe(400);
    expect(dup.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'records[2].enrollmentId',
    ]);
    const unknown = await facilitator.put(`/sessions/${id}/attendance`, {
      records: [{ enrollmentId: a.enrollmentId, status: 'ASLEEP' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    const empty = await facilitator.put(`/sessions/${id}/attendance`, { records: [] });
    expect(empty.status).toBe(400);
    for (const records of [[[]], [null], ['PRESENT'], { enrollmentId: a.enrollmentId }]) {
      const malformed = await facilitator.put(`/sessions/${id}/attendance`, { records });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('VALIDATION_FAILED');
    }

    const future = await session({ startsInHours: 48 });
    const [f] = await seated(future, 1);
    const early = await facilitator.put(`/sessions/${future}/attendance`, {
      records: [{ enrollmentId: f.enrollmentId, status: 'PRESENT' }],
    });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('SESSION_NOT_STARTED');

    // A class whose attendance was taken took place: it cannot be cancelled afterwards.
    await facilitator.put(`/sessions/${id}/attendance`, {
      records: [{ enrollmentId: a.enrollmentId, status: 'PRESENT' }],
    });
    const held = await supervisor.post(`/sessions/${id}/cancel`, { reason: 'Too late' });
    expect(held.status).toBe(422);
    expect(held.body.code).toBe('ATTENDANCE_RECORDED');

    // One that did not take place is cancelled, and every seat is released.
    const snowDay = await session();
    const [c, d] = await seated(snowDay, 2);
    expect((await intake.post(`/sessions/${snowDay}/cancel`, {})).status).toBe(403);
    const cancelled = await supervisor.post(`/sessions/${snowDay}/cancel`, { reason: 'Snow' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ cancelReason: 'Snow', seatsTaken: 0 });
    expect(cancelled.body.cancelledAt).toEqual(expect.any(String));
    const roster = await supervisor.get(`/sessions/${snowDay}/roster`);
    expect(roster.body.rows).toEqual([]);
    const late = await facilitator.put(`/sessions/${snowDay}/attendance`, {
      records: [{ enrollmentId: c.enrollmentId, status: 'LATE' }],
    });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('SESSION_CANCELLED');
    const seat = await intake.post(`/sessions/${snowDay}/seats`, { enrollmentId: d.enrollmentId });
    expect(seat.status).toBe(422);
    expect(seat.body.code).toBe('SESSION_CANCELLED');
    expect((await supervisor.post(`/sessions/${snowDay}/cancel`, {})).status).toBe(422);
  });
});
