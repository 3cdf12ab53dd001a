import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { ApiFactory } from './support/api-factory';

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
/** A seat added after the start is a SUPERVISOR's, with a reason. */
const LATE = 'Arrived after the start';

describe('sessions under concurrency, two instances on one database', () => {
  let db: TestDatabase;
  let make: ApiFactory;
  let apps: AppInstance[];
  let intake: ApiClient;
  let facilitator: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    apps = await Promise.all([startApp(db), startApp(db)]);
    const admin = await loginAdmin(apps[0]);
    // Sessions here have already started: recording one is a SUPERVISOR's (with INTAKE, to seat).
    intake = await staffWith(apps[0], admin, ['INTAKE', 'SUPERVISOR']);
    facilitator = await staffWith(apps[0], admin, ['FACILITATOR']);
    make = await ApiFactory.create(apps[0], admin);
  });
  afterAll(async () => {
    await Promise.all((apps ?? []).map((a) => a.stop()));
    await db?.close();
  });

  async function session(capacity: number): Promise<string> {
    const res = await intake.post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt: hoursFromNow(-1),
      endsAt: hoursFromNow(2),
      location: 'Hall B',
      capacity,
      facilitatorId: facilitator.staffId,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function enrollments(n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await make.enroll()).enrollmentId);
    return out;
  }

  for (const round of [1, 2, 3]) {
    it(`gives 10 remaining seats to exactly 10 of 30 concurrent requests (round ${round})`, async () => {
      const id = await session(15);
      for (const e of await enrollments(5)) {
        expect(
          (await intake.post(`/sessions/${id}/seats`, { enrollmentId: e, reason: LATE })).status,
        ).toBe(201);
      }
      const contenders = await enrollments(30);
      const results = await Promise.all(
        contenders.map((e, i) =>
          intake.on(apps[i % 2]).post(`/sessions/${id}/seats`, { enrollmentId: e, reason: LATE }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s === 409)).toHaveLength(20);
      expect(
        results.filter((r) => r.status === 409).every((r) => r.body.code === 'SESSION_FULL'),
      ).toBe(true);
      const counts = await db.one(
        `SELECT seats_taken, (SELECT count(*)::int FROM session_seats WHERE session_id = $1) AS seats
           FROM class_sessions WHERE id = $1`,
        [id],
      );
      expect(counts).toEqual({ seats_taken: 15, seats: 15 });
    });
  }

  it('records the same roster submitted twice at once only once', async () => {
    const id = await session(20);
    const ids = await enrollments(8);
    for (const e of ids) {
      expect(
        (await intake.post(`/sessions/${id}/seats`, { enrollmentId: e, reason: LATE })).status,
      ).toBe(201);
    }
    const roster = {
      records: ids.map((e, i) => ({
        enrollmentId: e,
        status: i % 3 === 0 ? 'LATE' : 'PRESENT',
        note: i === 0 ? 'arrived 9:20' : undefined,
      })),
    };
    const results = await Promise.all(
      apps.map((a) => facilitator.on(a).put(`/sessions/${id}/attendance`, roster)),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const counts = await db.one(
      `SELECT (SELECT count(*)::int FROM attendance_records WHERE session_id = $1) AS records,
              (SELECT count(*)::int FROM attendance_revisions WHERE session_id = $1) AS revisions,
              (SELECT count(DISTINCT enrollment_id)::int FROM attendance_revisions WHERE session_id = $1) AS revised`,
      [id],
    );
    expect(counts).toEqual({ records: 8, revisions: 8, revised: 8 });
  });
});
