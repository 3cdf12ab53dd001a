import { createHmac, randomUUID } from 'node:crypto';
import { ApiFactory, EnrollmentFixture } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

interface ListEvent {
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  outcome: string;
  status_code: number;
  details: { route: string; filter: Record<string, string>; shown: number };
}

/**
 * Bulk reads of people are audited (issue 29, point 5): every search, list, roster, report and
 * CSV export that names participants writes one `*.list` event per request — who, the route,
 * the filter (a search text or birth date only as a keyed hash) and how many people it showed.
 * Lists that name no one write none.
 */
describe('audit of lists that name people', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let make: ApiFactory;
  let intake: ApiClient;
  let finance: ApiClient;
  let supervisor: ApiClient;
  let auditor: ApiClient;
  let facilitator: ApiClient;
  let a: EnrollmentFixture;
  let b: EnrollmentFixture;
  let sessionId: string;
  /** The server's key for search texts (README: derived from JWT_SECRET). */
  let hashKey: Buffer;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    hashKey = createHmac('sha256', `test-secret-${db.name}-0123456789abcdef0123456789`)
      .update('audit-filter-hash')
      .digest();
    const admin = await loginAdmin(app);
    make = await ApiFactory.create(app, admin);
    [intake, finance, supervisor, auditor, facilitator] = await Promise.all([
      staffWith(app, admin, ['INTAKE']),
      staffWith(app, admin, ['FINANCE']),
      staffWith(app, admin, ['SUPERVISOR']),
      staffWith(app, admin, ['AUDITOR']),
      staffWith(app, admin, ['FACILITATOR']),
    ]);
    a = await make.enroll({ lastName: `Okafor-${randomUUID().slice(0, 6)}` });
    b = await make.enroll({ programCode: 'JOHNZ_SCHOOL' });
    await make.payment(a.enrollmentId, 5_000);
    const s = await intake.post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt: minutesFromNow(24 * 60),
      endsAt: minutesFromNow(26 * 60),
      location: 'Room 5',
      capacity: 10,
      facilitatorId: facilitator.staffId,
    });
    sessionId = s.body.id;
    for (const e of [a, b]) {
      const seat = await intake.post(`/sessions/${sessionId}/seats`, {
        enrollmentId: e.enrollmentId,
      });
      expect(seat.status).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  const hashOf = (text: string) =>
    `hmac-sha256:${createHmac('sha256', hashKey)
      .update(text.normalize('NFKC').trim().toLowerCase())
      .digest('hex')}`;

  /** The `*.list` events the request wrote (GETs write after answering: wait for it). */
  async function listEventsOf(by: ApiClient, send: () => Promise<{ status: number; body: any }>) {
    const before = await db.one<{ t: Date }>(`SELECT clock_timestamp() AS t`);
    const res = await send();
    const read = () =>
      db.query<ListEvent>(
        `SELECT action, entity_type, entity_id, outcome, status_code, details FROM audit_events
          WHERE actor_id = $1 AND at >= $2 AND action LIKE '%.list' ORDER BY at`,
        [by.staffId, before.t],
      );
    let events = await read();
    for (let i = 0; i < 20 && events.length === 0 && res.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      events = await read();
    }
    return { res, events };
  }

  async function oneEvent(by: ApiClient, path: string, csv = false) {
    const { res, events } = await listEventsOf(by, () =>
      csv ? by.get(path).set('Accept', 'text/csv') : by.get(path),
    );
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    expect({ path, events: events.length }).toEqual({ path, events: 1 });
    expect(events[0]).toMatchObject({ outcome: 'SUCCESS', status_code: 200 });
    return { res, event: events[0] };
  }

  it('GET /participants: the search text and birth date only as keyed hashes', async () => {
    const typed = a.lastName.slice(0, 10);
    const { res, event } = await oneEvent(intake, `/participants?q=${encodeURIComponent(typed)}`);
    expect(res.body.total).toBe(1);
    expect(event).toMatchObject({
      action: 'participant.list',
      entity_type: 'participant',
      entity_id: null,
      details: { route: 'GET /api/v1/participants', shown: 1 },
    });
    expect(event.details.filter).toEqual({ q: hashOf(typed) });
    expect(JSON.stringify(event).toLowerCase()).not.toContain('okafor');

    const dob = (await intake.get(`/participants/${a.participantId}`)).body.dateOfBirth;
    const byBirth = await oneEvent(finance, `/participants?dateOfBirth=${dob}&limit=5&page=1`);
    expect(byBirth.event.details.filter).toEqual({
      dateOfBirth: hashOf(dob),
      limit: '5',
      page: '1',
    });
    expect(byBirth.event.details.shown).toBe(byBirth.res.body.items.length);
    expect(JSON.stringify(byBirth.event)).not.toContain(dob);
    // The same text, the same hash (an investigator can look for a search); another, another.
    const again = await oneEvent(auditor, `/participants?q=${encodeURIComponent(` ${typed} `)}`);
    expect(again.event.details.filter.q).toBe(hashOf(typed));
    const other = await oneEvent(auditor, '/participants?q=Someone');
    expect(other.event.details.filter.q).not.toBe(hashOf(typed));
    expect(other.event.details.shown).toBe(other.res.body.items.length);
  });

  it('GET /referrals and /participants/:id/referrals', async () => {
    const list = await oneEvent(finance, `/referrals?participantId=${a.participantId}`);
    expect(list.event).toMatchObject({
      action: 'referral.list',
      details: {
        route: 'GET /api/v1/referrals',
        filter: { participantId: a.participantId },
        shown: 1,
      },
    });
    const all = await oneEvent(supervisor, '/referrals?limit=200');
    const people = new Set(
      all.res.body.items.map((r: { participantId: string }) => r.participantId),
    );
    expect(all.event.details.shown).toBe(people.size);
    expect(people.size).toBeGreaterThanOrEqual(2);

    const ofOne = await oneEvent(intake, `/participants/${b.participantId}/referrals`);
    expect(ofOne.event).toMatchObject({
      action: 'referral.list',
      entity_type: 'participant',
      entity_id: b.participantId,
      details: { route: 'GET /api/v1/participants/:id/referrals', filter: {}, shown: 1 },
    });
  });

  it('GET /enrollments', async () => {
    const { res, event } = await oneEvent(auditor, '/enrollments?status=ACTIVE&limit=200');
    expect(event).toMatchObject({
      action: 'enrollment.list',
      entity_type: 'enrollment',
      details: { filter: { status: 'ACTIVE', limit: '200' }, shown: res.body.items.length },
    });
    expect(res.body.items.length).toBeGreaterThanOrEqual(2);
  });

  it("GET /sessions/:id/roster: the session's seated people", async () => {
    const { event } = await oneEvent(facilitator, `/sessions/${sessionId}/roster`);
    expect(event).toMatchObject({
      action: 'roster.list',
      entity_type: 'class_session',
      entity_id: sessionId,
      details: { route: 'GET /api/v1/sessions/:id/roster', filter: {}, shown: 2 },
    });
  });

  it('GET /ledger-entries: entries with their participant’s name', async () => {
    const { res, event } = await oneEvent(finance, '/ledger-entries?kind=PAYMENT&limit=200');
    const people = new Set(res.body.items.map((x: { enrollmentId: string }) => x.enrollmentId));
    expect(event).toMatchObject({
      action: 'ledger.list',
      entity_type: 'ledger_entry',
      details: { filter: { kind: 'PAYMENT', limit: '200' }, shown: people.size },
    });
    expect(people.size).toBeGreaterThanOrEqual(1);
  });

  it('GET /reports/balances, as JSON and as CSV', async () => {
    const json = await oneEvent(finance, '/reports/balances');
    expect(json.event).toMatchObject({
      action: 'report.balances.list',
      details: {
        route: 'GET /api/v1/reports/balances',
        filter: {},
        shown: json.res.body.rows.length,
      },
    });
    expect(json.res.body.rows.length).toBeGreaterThanOrEqual(2);
    const csv = await oneEvent(auditor, '/reports/balances?format=csv', true);
    expect(csv.event.details).toMatchObject({
      filter: { format: 'csv' },
      shown: json.res.body.rows.length,
    });
  });

  it('writes nothing for lists that name no one, or for a refused list', async () => {
    const quiet: [ApiClient, string][] = [
      [supervisor, '/sessions'],
      [supervisor, `/sessions/${sessionId}`],
      [supervisor, '/waiver-requests'],
      [supervisor, '/reversal-requests'],
      [finance, '/remittances'],
      [finance, '/reports/fees?from=2026-01-01&to=2026-01-31&groupBy=program'],
      [supervisor, '/work-queue'],
      [intake, `/enrollments/${a.enrollmentId}/seats`],
      [intake, '/programs'],
      // Refused: no rows shown, no list event (the refusal itself is in the request log).
      [facilitator, '/participants?q=Okafor'],
      [intake, '/participants?dateOfBirth=yesterday'],
    ];
    for (const [by, path] of quiet) {
      const { events } = await listEventsOf(by, () => by.get(path));
      expect({ path, events }).toEqual({ path, events: [] });
    }
  });
});
