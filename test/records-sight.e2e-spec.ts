import { randomUUID } from 'node:crypto';
import {
  addDays,
  ApiFactory,
  chicagoToday,
  EnrollmentFixture,
  EntryRef,
} from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { FollowUpWorld } from './support/follow-up-world';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { fetchOpenApi, operationsOf } from './support/openapi';

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

interface Refusal {
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  outcome: string;
  status_code: number;
  error_code: string;
  details: Record<string, unknown> | null;
}

/**
 * Closed means out of sight, not gone (PRODUCT.md "After the class"; API.md "Records after
 * exit"). A record closes when the court's disposition ends the case after the enrollment: here
 * a DISMISSED disposition is written as the owner (the database keeps record_status from it),
 * everything else goes through the HTTP API. A closed participant leaves searches, lists, the
 * work queue and rosters; report rows stay without the person and every total is unchanged;
 * opening the record needs SUPERVISOR or AUDITOR and X-Access-Reason, and each opening is a
 * disclosure the AUDITOR can list.
 */
describe('closed records: out of sight, not gone', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let make: ApiFactory;
  let admin: ApiClient;
  let intake: ApiClient;
  let finance: ApiClient;
  let supervisor: ApiClient;
  let auditor: ApiClient;
  let facilitator: ApiClient;
  let today: string;

  /** The record that closes, and one that stays open beside it. */
  let closed: EnrollmentFixture;
  let open: EnrollmentFixture;
  let payment: EntryRef;
  let sessionId: string;
  let dateOfBirth: string;
  /** What the reports and lists said after the exit, before the court closed the case. */
  const before: Record<string, any> = {};

  const reportPaths = () => [
    `/reports/balances?asOf=${today}`,
    `/reports/fees?from=${addDays(today, -60)}&to=${today}&groupBy=program`,
    `/reports/fees?from=${addDays(today, -60)}&to=${today}&groupBy=method`,
    `/reports/outcomes?from=${addDays(today, -60)}&to=${today}`,
  ];

  async function closeRecord(referralId: string): Promise<void> {
    await db.query(
      `INSERT INTO referral_dispositions (referral_id, disposition, decided_on, recorded_by)
       VALUES ($1, 'DISMISSED', current_date, $2)`,
      [referralId, supervisor.staffId],
    );
  }

  const recordStatusOf = async (participantId: string) =>
    (
      await db.one<{ record_status: string }>(
        `SELECT record_status FROM participants WHERE id = $1`,
        [participantId],
      )
    ).record_status;

  const disclosuresOf = (participantId: string) =>
    db.query<{ actor_id: string; reason: string; entity_type: string; entity_id: string }>(
      `SELECT actor_id, reason, entity_type, entity_id FROM disclosures
        WHERE participant_id = $1 ORDER BY at, id`,
      [participantId],
    );

  /** The refusals of closed records by `by` since `since`. */
  const refusalsBy = (by: ApiClient, since: Date) =>
    db.query<Refusal>(
      `SELECT action, entity_type, entity_id, outcome, status_code, error_code, details
         FROM audit_events WHERE actor_id = $1 AND at >= $2 AND error_code = 'RECORD_CLOSED'
        ORDER BY at`,
      [by.staffId, since],
    );

  const now = async () => (await db.one<{ t: Date }>(`SELECT clock_timestamp() AS t`)).t;

  /** Nothing of the closed person in a body: name, birth date, case number. */
  const expectNothingOf = (body: unknown, who: EnrollmentFixture) => {
    const text = JSON.stringify(body);
    for (const part of [who.firstName, who.lastName, who.caseNumber, dateOfBirth])
      expect(text).not.toContain(part);
  };

  /** A refusal: 403 RECORD_CLOSED with the problem's members only. */
  const expectRefused = (res: { status: number; body: any }, who: EnrollmentFixture) => {
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 403,
      code: 'RECORD_CLOSED',
    });
    for (const key of Object.keys(res.body))
      expect(['type', 'title', 'status', 'code', 'detail', 'errors', 'requestId']).toContain(key);
    expectNothingOf(res.body, who);
  };

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    admin = await loginAdmin(app);
    make = await ApiFactory.create(app, admin);
    intake = make.intake;
    finance = make.finance;
    supervisor = make.supervisors[0];
    [auditor, facilitator] = await Promise.all([
      staffWith(app, admin, ['AUDITOR']),
      staffWith(app, admin, ['FACILITATOR']),
    ]);
    today = chicagoToday();

    // Two people enrolled today, each paying part of the fee and seated in a class that began
    // an hour ago (recorded after the fact: a SUPERVISOR's seat, with a reason).
    closed = await make.enroll();
    open = await make.enroll();
    payment = await make.payment(closed.enrollmentId, 5_000);
    await make.payment(open.enrollmentId, 7_000);
    const s = await supervisor.post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt: hoursFromNow(-1),
      endsAt: hoursFromNow(2),
      location: 'Room 204',
      capacity: 20,
      facilitatorId: facilitator.staffId,
    });
    expect(s.status).toBe(201);
    sessionId = s.body.id;
    for (const e of [closed, open]) {
      const seat = await supervisor.post(`/sessions/${sessionId}/seats`, {
        enrollmentId: e.enrollmentId,
        reason: 'Arrived after the start',
      });
      expect(seat.status).toBe(201);
    }
    dateOfBirth = (await intake.get(`/participants/${closed.participantId}`)).body.dateOfBirth;

    // The enrollment ends; the case goes back to court. Until the court decides it stays open.
    const withdrawn = await intake.post(`/enrollments/${closed.enrollmentId}/transitions`, {
      to: 'WITHDRAWN',
    });
    expect(withdrawn.status).toBe(200);
    expect(await recordStatusOf(closed.participantId)).toBe('OPEN');

    for (const path of reportPaths()) {
      const res = await finance.get(path);
      if (res.status !== 200) {
        const other = await supervisor.get(path);
        expect(other.status).toBe(200);
        before[path] = other.body;
      } else before[path] = res.body;
    }
    before.workQueue = (await finance.get('/work-queue')).body;
    before.search = (await intake.get(`/participants?q=${closed.lastName}`)).body;
    before.roster = (await facilitator.get(`/sessions/${sessionId}/roster`)).body;

    await closeRecord(closed.referralId);
    expect(await recordStatusOf(closed.participantId)).toBe('CLOSED');
    expect(await recordStatusOf(open.participantId)).toBe('OPEN');
  });

  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  describe('out of everyday sight', () => {
    it('search finds a closed participant no more (by name, by case number), an open one still', async () => {
      expect(before.search.items.map((p: { id: string }) => p.id)).toEqual([closed.participantId]);
      for (const q of [closed.lastName, closed.caseNumber]) {
        const res = await intake.get(`/participants?q=${encodeURIComponent(q)}`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ items: [], total: 0 });
      }
      const byBirth = await supervisor.get(`/participants?dateOfBirth=${dateOfBirth}&limit=200`);
      expect(byBirth.body.items.map((p: { id: string }) => p.id)).not.toContain(
        closed.participantId,
      );
      const still = await intake.get(`/participants?q=${open.lastName}`);
      expect(still.body.items.map((p: { id: string }) => p.id)).toEqual([open.participantId]);
      expect(await disclosuresOf(closed.participantId)).toEqual([]);
    });

    it('lists of referrals, enrollments and ledger entries leave the closed record out', async () => {
      const lists = [
        [intake, `/referrals?participantId=${closed.participantId}`],
        [intake, `/enrollments?participantId=${closed.participantId}`],
        [supervisor, `/enrollments?status=WITHDRAWN&limit=200`],
        [finance, `/ledger-entries?enrollmentId=${closed.enrollmentId}`],
        [finance, `/ledger-entries?kind=PAYMENT&receivedOn=${today}&limit=200`],
      ] as const;
      for (const [by, path] of lists) {
        const res = await by.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        expectNothingOf(res.body, closed);
        expect(JSON.stringify(res.body)).not.toContain(closed.participantId);
        expect(JSON.stringify(res.body)).not.toContain(closed.enrollmentId);
      }
      const openEntries = await finance.get(`/ledger-entries?enrollmentId=${open.enrollmentId}`);
      expect(openEntries.body.total).toBeGreaterThan(0);
    });

    it("the work queue's counts leave it out, and each still equals its list's total", async () => {
      const card = (wq: { cards: { key: string; count: number }[] }) =>
        wq.cards.find((c) => c.key === 'paymentsToday')!.count;
      const after = (await finance.get('/work-queue')).body;
      // The closed record's payment of today is out of the card and out of its list.
      expect(card(after)).toBe(card(before.workQueue) - 1);
      const list = await finance.get(`/ledger-entries?kind=PAYMENT&receivedOn=${today}`);
      expect(list.body.total).toBe(card(after));
      expect(list.body.items.map((e: { id: string }) => e.id)).not.toContain(payment.id);
    });

    it("the session's roster no longer shows the closed record's seat", async () => {
      const ids = (r: { rows: { enrollmentId: string }[] }) => r.rows.map((x) => x.enrollmentId);
      expect(ids(before.roster).sort()).toEqual([closed.enrollmentId, open.enrollmentId].sort());
      for (const by of [facilitator, supervisor, intake]) {
        const res = await by.get(`/sessions/${sessionId}/roster`);
        expect(res.status).toBe(200);
        expect(ids(res.body)).toEqual([open.enrollmentId]);
        expectNothingOf(res.body, closed);
      }
    });

    it('balances keep the row without the person ("Closed record"); totals and buckets are unchanged to the cent', async () => {
      const path = `/reports/balances?asOf=${today}`;
      const res = await finance.get(path);
      expect(res.status).toBe(200);
      const was = before[path];
      expect(res.body.totalCents).toBe(was.totalCents);
      expect(res.body.buckets).toEqual(was.buckets);
      expect(res.body.rows).toHaveLength(was.rows.length);
      const rowOf = (r: { rows: { enrollmentId: string }[] }) =>
        r.rows.find((x) => x.enrollmentId === closed.enrollmentId)!;
      expect(rowOf(was)).toMatchObject({
        participantName: `${closed.firstName} ${closed.lastName}`,
        recordClosed: false,
        balanceCents: closed.feeCents - 5_000,
      });
      expect(rowOf(res.body)).toEqual({
        ...rowOf(was),
        participantName: null,
        recordClosed: true,
      });
      expectNothingOf(res.body, closed);
      // Every other row as it was.
      const others = (r: { rows: { enrollmentId: string }[] }) =>
        r.rows.filter((x) => x.enrollmentId !== closed.enrollmentId);
      expect(others(res.body)).toEqual(others(was));

      const csv = await finance.get(`${path}&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.text).toContain('Closed record');
      expect(csv.text).not.toContain(closed.lastName);
    });

    it('the fee and outcome reports answer exactly as before the record closed', async () => {
      for (const path of reportPaths().filter((p) => !p.startsWith('/reports/balances'))) {
        const by = path.startsWith('/reports/outcomes') ? supervisor : finance;
        const res = await by.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        expect({ path, body: res.body }).toEqual({ path, body: before[path] });
      }
    });
  });

  describe('opening a closed record', () => {
    /** Every read of one person's record, with a role the route allows. */
    const reads = () =>
      [
        ['participant', `/participants/${closed.participantId}`],
        ['their referrals', `/participants/${closed.participantId}/referrals`],
        ['their consents', `/participants/${closed.participantId}/consents`],
        ['their messages', `/participants/${closed.participantId}/messages`],
        ['referral', `/referrals/${closed.referralId}`],
        ['eligibility checks', `/referrals/${closed.referralId}/eligibility-checks`],
        ['enrollment', `/enrollments/${closed.enrollmentId}`],
        ['ledger', `/enrollments/${closed.enrollmentId}/ledger`],
        ['seats', `/enrollments/${closed.enrollmentId}/seats`],
        ['completion notice', `/enrollments/${closed.enrollmentId}/completion-notice.pdf`],
        ['receipt', `/ledger-entries/${payment.id}/receipt.pdf`],
        ['history', `/audit-events?entityType=participant&entityId=${closed.participantId}`],
      ] as const;

    it.each([
      ['INTAKE', `/participants/:p`, () => intake, 'participant'],
      ['INTAKE', `/enrollments/:e`, () => intake, 'enrollment'],
      ['FINANCE', `/participants/:p`, () => finance, 'participant'],
      ['FINANCE', `/enrollments/:e/ledger`, () => finance, 'enrollment'],
      ['FINANCE', `/ledger-entries/:l/receipt.pdf`, () => finance, 'ledger_entry'],
      ['FACILITATOR', `/enrollments/:e`, () => facilitator, 'enrollment'],
      ['FACILITATOR', `/enrollments/:e/seats`, () => facilitator, 'enrollment'],
    ])(
      '%s opening %s: 403 RECORD_CLOSED, nothing shown, the refusal audited',
      async (_role, template, who, auditType) => {
        const path = template
          .replace(':p', closed.participantId)
          .replace(':e', closed.enrollmentId)
          .replace(':l', payment.id);
        const by = who();
        const since = await now();
        // Even naming a reason does not open it for this role.
        for (const reason of [undefined, 'COURT_ORDER']) {
          const req = by.get(path);
          const res = await (reason ? req.set('X-Access-Reason', reason) : req);
          expectRefused(res, closed);
        }
        const refusals = await refusalsBy(by, since);
        expect(refusals).toHaveLength(2);
        const entityId = { participant: closed.participantId, enrollment: closed.enrollmentId }[
          auditType as 'participant' | 'enrollment'
        ];
        for (const r of refusals)
          expect(r).toMatchObject({
            action: 'closed_record.view',
            entity_type: auditType,
            entity_id: entityId ?? payment.id,
            outcome: 'FAILURE',
            status_code: 403,
            error_code: 'RECORD_CLOSED',
            details: expect.objectContaining({ participantId: closed.participantId }),
          });
        expect(await disclosuresOf(closed.participantId)).toEqual([]);
      },
    );

    it('a SUPERVISOR without X-Access-Reason, or with another value: 403 RECORD_CLOSED naming the header', async () => {
      const since = await now();
      const without = await supervisor.get(`/participants/${closed.participantId}`);
      expectRefused(without, closed);
      expect(without.body.errors).toEqual([
        { field: 'X-Access-Reason', message: expect.stringContaining('COURT_ORDER') },
      ]);
      for (const bad of ['CURIOSITY', 'court_order', 'COURT_ORDER,AUDIT', '']) {
        const res = await supervisor
          .get(`/enrollments/${closed.enrollmentId}/ledger`)
          .set('X-Access-Reason', bad);
        expectRefused(res, closed);
        expect(res.body.errors[0].field).toBe('X-Access-Reason');
      }
      expect(await refusalsBy(supervisor, since)).toHaveLength(5);
      expect(await disclosuresOf(closed.participantId)).toEqual([]);
    });

    it('every read of the record refuses INTAKE or FINANCE and opens for a SUPERVISOR with a reason', async () => {
      for (const [what, path] of reads()) {
        const reader =
          path.startsWith('/ledger-entries') || path.startsWith('/audit-events') ? finance : intake;
        const refused = await reader.get(path);
        if (path.startsWith('/audit-events')) {
          // The history is not FINANCE's to read at all.
          expect({ what, status: refused.status }).toEqual({ what, status: 403 });
        } else expectRefused(refused, closed);
        const unexplained = await supervisor.get(path);
        expect({ what, code: unexplained.body.code }).toEqual({ what, code: 'RECORD_CLOSED' });
      }
      expect(await disclosuresOf(closed.participantId)).toEqual([]);
    });

    it('a SUPERVISOR stating a reason reads it: 200 and exactly one disclosure, in the AUDITOR’s list', async () => {
      const since = await now();
      const res = await supervisor
        .get(`/participants/${closed.participantId}`)
        .set('X-Access-Reason', 'COURT_ORDER');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: closed.participantId,
        firstName: closed.firstName,
        lastName: closed.lastName,
      });
      expect(await disclosuresOf(closed.participantId)).toEqual([
        {
          actor_id: supervisor.staffId,
          reason: 'COURT_ORDER',
          entity_type: 'PARTICIPANT',
          entity_id: closed.participantId,
        },
      ]);
      // The read itself is audited as ever.
      const views = await db.query(
        `SELECT outcome FROM audit_events WHERE actor_id = $1 AND at >= $2
            AND action = 'participant.view' AND entity_id = $3`,
        [supervisor.staffId, since, closed.participantId],
      );
      expect(views).toEqual([{ outcome: 'SUCCESS' }]);

      const listed = await auditor.get(`/disclosures?participantId=${closed.participantId}`);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({
        items: [
          {
            id: expect.any(String),
            at: expect.any(String),
            actorId: supervisor.staffId,
            reason: 'COURT_ORDER',
            entityType: 'PARTICIPANT',
            entityId: closed.participantId,
            participantId: closed.participantId,
          },
        ],
        total: 1,
        page: 1,
        limit: 50,
      });
      expect(new Date(listed.body.items[0].at).getTime()).toBeGreaterThanOrEqual(
        since.getTime() - 1_000,
      );
    });

    it('each read of the record with a reason is one disclosure of what was read; a failed read is none', async () => {
      const start = (await disclosuresOf(closed.participantId)).length;
      const expected: { entity_type: string; entity_id: string; reason: string }[] = [];
      for (const [what, path] of reads()) {
        const res = await supervisor.get(path).set('X-Access-Reason', 'AUDIT');
        if (what === 'completion notice') {
          // A WITHDRAWN enrollment has no notice: nothing was shown, nothing is disclosed.
          expect({ what, code: res.body.code }).toEqual({
            what,
            code: 'ENROLLMENT_NOT_COMPLETED',
          });
          continue;
        }
        expect({ what, status: res.status }).toEqual({ what, status: 200 });
        const entity_type = path.startsWith('/referrals')
          ? 'REFERRAL'
          : path.startsWith('/enrollments')
            ? 'ENROLLMENT'
            : path.startsWith('/ledger-entries')
              ? 'LEDGER_ENTRY'
              : 'PARTICIPANT';
        const entity_id = {
          REFERRAL: closed.referralId,
          ENROLLMENT: closed.enrollmentId,
          LEDGER_ENTRY: payment.id,
          PARTICIPANT: closed.participantId,
        }[entity_type];
        expected.push({ entity_type, entity_id, reason: 'AUDIT' });
      }
      const written = (await disclosuresOf(closed.participantId)).slice(start);
      expect(written).toEqual(expected.map((e) => ({ ...e, actor_id: supervisor.staffId })));
    });

    it('an AUDITOR opens it with a reason too; INTAKE cannot change it (403, nothing written), a SUPERVISOR with a reason can', async () => {
      const res = await auditor
        .get(`/enrollments/${closed.enrollmentId}/ledger`)
        .set('X-Access-Reason', 'PROSECUTOR_REQUEST');
      expect(res.status).toBe(200);
      expect(res.body.balanceCents).toBe(closed.feeCents - 5_000);
      const mine = await auditor.get(`/disclosures?actorId=${auditor.staffId}`);
      expect(mine.body.items).toEqual([
        expect.objectContaining({
          reason: 'PROSECUTOR_REQUEST',
          entityType: 'ENROLLMENT',
          entityId: closed.enrollmentId,
          participantId: closed.participantId,
        }),
      ]);

      const since = await now();
      const patch = await intake.patch(`/participants/${closed.participantId}`, {
        phone: '816-555-0199',
      });
      expectRefused(patch, closed);
      const row = await db.one(`SELECT phone FROM participants WHERE id = $1`, [
        closed.participantId,
      ]);
      expect(row.phone).not.toBe('816-555-0199');
      // A SUPERVISOR stating why may correct it: the change and its disclosure commit together.
      const disclosed = (await disclosuresOf(closed.participantId)).length;
      const corrected = await supervisor
        .patch(`/participants/${closed.participantId}`, { phone: '816-555-0142' })
        .set('X-Access-Reason', 'PARTICIPANT_REQUEST');
      expect(corrected.status).toBe(200);
      expect(corrected.body.phone).toBe('816-555-0142');
      expect((await disclosuresOf(closed.participantId)).slice(disclosed)).toEqual([
        {
          actor_id: supervisor.staffId,
          reason: 'PARTICIPANT_REQUEST',
          entity_type: 'PARTICIPANT',
          entity_id: closed.participantId,
        },
      ]);
      expect(await refusalsBy(intake, since)).toEqual([
        expect.objectContaining({
          action: 'participant.update',
          entity_type: 'participant',
          entity_id: closed.participantId,
          outcome: 'FAILURE',
          error_code: 'RECORD_CLOSED',
        }),
      ]);
    });

    it('an open record needs no header and writes no disclosure', async () => {
      const count = async () =>
        (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM disclosures`)).n;
      const start = await count();
      for (const by of [intake, supervisor]) {
        const res = await by.get(`/participants/${open.participantId}`);
        expect(res.status).toBe(200);
        expect(res.body.lastName).toBe(open.lastName);
      }
      const withReason = await supervisor
        .get(`/enrollments/${open.enrollmentId}`)
        .set('X-Access-Reason', 'AUDIT');
      expect(withReason.status).toBe(200);
      expect((await finance.get(`/enrollments/${open.enrollmentId}/ledger`)).status).toBe(200);
      expect(await disclosuresOf(open.participantId)).toEqual([]);
      expect(await count()).toBe(start);
      // An unknown or malformed id is still 404 / 400.
      expect((await intake.get(`/participants/${randomUUID()}`)).status).toBe(404);
      expect((await intake.get(`/participants/not-a-uuid`)).status).toBe(400);
    });
  });

  it('every read of a person’s record by its id goes through the gate (it declares X-Access-Reason)', async () => {
    // A route under a person's record (/participants/{id}…, /referrals/{id}…, /enrollments/{id}…,
    // /ledger-entries/{id}…) that reads it: a new one must be marked @OpensRecord, or be named
    // here with the reason it shows nothing of the record.
    const exempt = new Map<string, string>([]);
    const personRecord = /^\/api\/v1\/(participants|referrals|enrollments|ledger-entries)\/\{id\}/;
    const reads = operationsOf(await fetchOpenApi(app)).filter(
      (op) => op.method === 'GET' && personRecord.test(op.path),
    );
    expect(reads.length).toBeGreaterThanOrEqual(11);
    const ungated = reads
      .filter((op) => !op.headerParams.some((h) => h.name === 'X-Access-Reason'))
      .map((op) => op.key)
      .filter((key) => !exempt.has(key));
    expect(ungated).toEqual([]);
  });

  describe('includeClosed on the search', () => {
    it('lets closed participants in for a SUPERVISOR or AUDITOR with a reason, each one a disclosure', async () => {
      const start = (await disclosuresOf(closed.participantId)).length;
      const res = await auditor
        .get(`/participants?q=${closed.lastName}&includeClosed=true`)
        .set('X-Access-Reason', 'PARTICIPANT_REQUEST');
      expect(res.status).toBe(200);
      expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([closed.participantId]);
      expect(res.body.total).toBe(1);
      const written = (await disclosuresOf(closed.participantId)).slice(start);
      expect(written).toEqual([
        {
          actor_id: auditor.staffId,
          reason: 'PARTICIPANT_REQUEST',
          entity_type: 'PARTICIPANT',
          entity_id: closed.participantId,
        },
      ]);
      // Open people found beside it are no disclosure.
      const both = await supervisor
        .get(`/participants?dateOfBirth=${dateOfBirth}&includeClosed=true&limit=200`)
        .set('X-Access-Reason', 'AUDIT');
      expect(both.status).toBe(200);
      expect(both.body.items.map((p: { id: string }) => p.id)).toContain(closed.participantId);
      expect(await disclosuresOf(open.participantId)).toEqual([]);
    });

    it('without the header, with a bad one, or for INTAKE: 403 RECORD_CLOSED, audited, nothing shown', async () => {
      const since = await now();
      const asIntake = await intake
        .get(`/participants?q=${closed.lastName}&includeClosed=true`)
        .set('X-Access-Reason', 'AUDIT');
      expectRefused(asIntake, closed);
      const noHeader = await supervisor.get(
        `/participants?q=${closed.lastName}&includeClosed=true`,
      );
      expectRefused(noHeader, closed);
      const bad = await supervisor
        .get(`/participants?q=${closed.lastName}&includeClosed=true`)
        .set('X-Access-Reason', 'NOSY');
      expectRefused(bad, closed);
      expect(await refusalsBy(intake, since)).toEqual([
        expect.objectContaining({
          action: 'closed_record.view',
          entity_type: 'participant',
          entity_id: null,
        }),
      ]);
      expect(await refusalsBy(supervisor, since)).toHaveLength(2);
      const wrong = await supervisor.get(`/participants?includeClosed=yes`);
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors[0].field).toBe('includeClosed');
    });
  });

  describe('GET /disclosures', () => {
    it('is the AUDITOR’s: filters by participant, actor and day; others get 403', async () => {
      const all = await auditor.get(`/disclosures?from=${today}&to=${today}&limit=200`);
      expect(all.status).toBe(200);
      expect(all.body.total).toBeGreaterThan(2);
      // Newest first.
      const times = all.body.items.map((d: { at: string }) => d.at);
      expect([...times].sort().reverse()).toEqual(times);

      const bySupervisor = await auditor.get(
        `/disclosures?participantId=${closed.participantId}&actorId=${supervisor.staffId}&limit=200`,
      );
      expect(bySupervisor.body.items.length).toBeGreaterThan(0);
      for (const d of bySupervisor.body.items)
        expect(d).toMatchObject({
          actorId: supervisor.staffId,
          participantId: closed.participantId,
        });
      expect(
        (await auditor.get(`/disclosures?participantId=${open.participantId}`)).body.total,
      ).toBe(0);
      expect(
        (await auditor.get(`/disclosures?actorId=${intake.staffId}&from=${today}`)).body.total,
      ).toBe(0);
      const tomorrow = addDays(today, 1);
      expect((await auditor.get(`/disclosures?from=${tomorrow}`)).body.total).toBe(0);
      expect((await auditor.get(`/disclosures?to=${addDays(today, -1)}`)).body.total).toBe(0);
      const page = await auditor.get(`/disclosures?limit=1&page=2`);
      expect(page.body).toMatchObject({ page: 2, limit: 1, total: all.body.total });
      expect(page.body.items).toEqual([all.body.items[1]]);

      for (const [field, bad] of [
        ['participantId', 'x'],
        ['actorId', '123'],
        ['from', 'yesterday'],
      ]) {
        const res = await auditor.get(`/disclosures?${field}=${bad}`);
        expect(res.status).toBe(400);
        expect(res.body.errors[0].field).toBe(field);
      }
      for (const by of [supervisor, intake, finance, admin])
        expect((await by.get('/disclosures')).status).toBe(403);
    });
  });

  describe('the follow-up list', () => {
    let world: FollowUpWorld;
    beforeAll(() => {
      world = new FollowUpWorld(db, make);
    });

    it('still names a closed record (a check needs it), each showing a FOLLOW_UP disclosure by whoever was shown it', async () => {
      const exit = await world.exited({ on: addDays(today, -400) });
      const stillOpen = await world.exited({ on: addDays(today, -400) });
      await closeRecord(exit.referralId);
      expect(await recordStatusOf(exit.participantId)).toBe('CLOSED');

      const rowsOf = async (by: ApiClient, enrollmentId: string) =>
        (await by.get(`/follow-ups?limit=200`)).body.items.filter(
          (i: { enrollmentId: string }) => i.enrollmentId === enrollmentId,
        );
      const shown = await rowsOf(intake, exit.enrollmentId);
      expect(shown).toEqual([
        expect.objectContaining({
          participantId: exit.participantId,
          participantName: `${exit.firstName} ${exit.lastName}`,
          months: 12,
        }),
      ]);
      expect(await rowsOf(supervisor, exit.enrollmentId)).toHaveLength(1);
      expect(await disclosuresOf(exit.participantId)).toEqual([
        {
          actor_id: intake.staffId,
          reason: 'FOLLOW_UP',
          entity_type: 'ENROLLMENT',
          entity_id: exit.enrollmentId,
        },
        {
          actor_id: supervisor.staffId,
          reason: 'FOLLOW_UP',
          entity_type: 'ENROLLMENT',
          entity_id: exit.enrollmentId,
        },
      ]);
      // An open record in the same list is no disclosure.
      expect(await rowsOf(intake, stillOpen.enrollmentId)).toHaveLength(1);
      expect(await disclosuresOf(stillOpen.participantId)).toEqual([]);
      // A page that does not show it discloses nothing.
      const n = (await disclosuresOf(exit.participantId)).length;
      await intake.get(`/follow-ups?from=${addDays(today, 1)}`);
      expect(await disclosuresOf(exit.participantId)).toHaveLength(n);
      // The check itself is still recorded on the closed record by INTAKE.
      const recorded = await intake.post(`/enrollments/${exit.enrollmentId}/follow-ups`, {
        months: 12,
        result: 'NO_NEW_CHARGE',
        source: 'COURT_RECORDS_SEARCH',
        checkedOn: today,
      });
      expect(recorded.status).toBe(201);
    });
  });
});
