import { randomUUID } from 'node:crypto';
import {
  checkedReferral,
  createParticipant,
  createReferral,
  today,
  uniqueName,
} from './intake-fixtures';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { ALL_ROLES } from './support/permission-matrix';
import { ApiFactory, chicagoDaysAgo as daysAgo } from './support/api-factory';

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** The routes and fields the staff console reads (API.md "Additions for the staff console"). */
describe('staff console additions', () => {
  let db: TestDatabase;
  let make: ApiFactory;
  let app: AppInstance;
  let admin: ApiClient;
  let intake: ApiClient;
  let supervisor: ApiClient;
  let facilitator: ApiClient;
  let finance: ApiClient;
  let auditor: ApiClient;
  let everyRole: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    admin = await loginAdmin(app);
    intake = await staffWith(app, admin, ['INTAKE']);
    supervisor = await staffWith(app, admin, ['SUPERVISOR']);
    facilitator = await staffWith(app, admin, ['FACILITATOR']);
    finance = await staffWith(app, admin, ['FINANCE']);
    auditor = await staffWith(app, admin, ['AUDITOR']);
    everyRole = await staffWith(app, admin, [...ALL_ROLES]);
    make = await ApiFactory.create(app, admin);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  async function session(
    opts: { startsInMinutes: number; facilitatorId?: string; programCode?: string },
    by: ApiClient = supervisor,
  ): Promise<string> {
    const res = await by.post('/sessions', {
      programCode: opts.programCode ?? 'JOHNZ_SCHOOL',
      startsAt: minutesFromNow(opts.startsInMinutes),
      endsAt: minutesFromNow(opts.startsInMinutes + 120),
      location: 'Room 204',
      capacity: 10,
      ...(opts.facilitatorId ? { facilitatorId: opts.facilitatorId } : {}),
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  /** Sessions here have mostly started: a seat then is a SUPERVISOR's, with a reason. */
  const seat = async (sessionId: string, enrollmentId: string) =>
    expect(
      (
        await supervisor.post(`/sessions/${sessionId}/seats`, {
          enrollmentId,
          reason: 'Entered after the class',
        })
      ).status,
    ).toBe(201);

  const enroll = async (referralId: string) => {
    const res = await intake.post('/enrollments', {
      referralId,
      programCode: 'JOHNZ_SCHOOL',
      agreementSignedOn: today(),
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('GET /staff/directory: names and roles for every role, by name, without emails', async () => {
    const res = await facilitator.get('/staff/directory');
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThanOrEqual(7);
    for (const row of res.body) {
      expect(Object.keys(row).sort()).toEqual(['active', 'displayName', 'id', 'roles']);
    }
    const names = res.body.map((r: { displayName: string }) => r.displayName);
    expect(names).toEqual(
      [...names].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
    expect(res.body).toContainEqual({
      id: finance.staffId,
      displayName: expect.any(String),
      roles: ['FINANCE'],
      active: true,
    });
    expect(JSON.stringify(res.body)).not.toContain('@');
    expect((await admin.get(`/staff/${finance.staffId}`)).status).toBe(200);
  });

  it('GET /participants: date-of-birth filter, case numbers and the enrollment of each result', async () => {
    const lastName = uniqueName('Twin');
    const a = await createParticipant(intake, { lastName, dateOfBirth: '1981-03-04' });
    const b = await createParticipant(intake, { lastName, dateOfBirth: '1979-11-30' });
    const r1 = await createReferral(intake, a.id);
    const checked = await intake.post(`/referrals/${r1.id}/eligibility-checks`);
    expect(checked.body.eligible).toBe(true);
    const enrollment = await enroll(r1.id);
    const r2 = await createReferral(intake, a.id);

    const both = await intake.get(`/participants?q=${lastName}`);
    expect(both.status).toBe(200);
    expect(both.body.total).toBe(2);
    const rowA = both.body.items.find((p: { id: string }) => p.id === a.id);
    const rowB = both.body.items.find((p: { id: string }) => p.id === b.id);
    const caseOf = async (id: string) => (await intake.get(`/referrals/${id}`)).body.caseNumber;
    expect(rowA).toMatchObject({
      dateOfBirth: '1981-03-04',
      caseNumbers: [await caseOf(r1.id), await caseOf(r2.id)],
      enrollmentId: enrollment.id,
      programCode: 'JOHNZ_SCHOOL',
      enrollmentStatus: 'ACTIVE',
    });
    expect(rowB).toMatchObject({
      caseNumbers: [],
      enrollmentId: null,
      programCode: null,
      enrollmentStatus: null,
    });

    const one = await finance.get(`/participants?q=${lastName}&dateOfBirth=1979-11-30`);
    expect(one.body.items.map((p: { id: string }) => p.id)).toEqual([b.id]);
    const byBirthOnly = await auditor.get('/participants?dateOfBirth=1981-03-04');
    expect(byBirthOnly.body.items.map((p: { id: string }) => p.id)).toContain(a.id);
    expect(
      byBirthOnly.body.items.every((p: { dateOfBirth: string }) => p.dateOfBirth === '1981-03-04'),
    ).toBe(true);
    const byCase = await intake.get(`/participants?q=${await caseOf(r2.id)}`);
    expect(byCase.body.items.map((p: { id: string }) => p.id)).toEqual([a.id]);

    const bad = await intake.get('/participants?dateOfBirth=1981-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors[0].field).toBe('dateOfBirth');
  });

  it('GET /participants/:id/referrals: newest first, each with its latest check and enrollment', async () => {
    const p = await createParticipant(intake);
    const first = await createReferral(intake, p.id);
    const check = (await intake.post(`/referrals/${first.id}/eligibility-checks`)).body;
    const enrollment = await enroll(first.id);
    const second = await createReferral(intake, p.id);

    const res = await auditor.get(`/participants/${p.id}/referrals`);
    expect(res.status).toBe(200);
    expect(res.body.map((r: { id: string }) => r.id)).toEqual([second.id, first.id]);
    expect(res.body[1]).toMatchObject({
      participantId: p.id,
      participantName: `Pat ${p.lastName}`,
      latestCheck: {
        id: check.id,
        eligible: true,
        stale: false,
        checkedAt: check.checkedAt,
        ruleSetVersion: check.ruleSetVersion,
      },
      enrollmentId: enrollment.id,
    });
    expect(Object.keys(res.body[1].latestCheck).sort()).toEqual([
      'checkedAt',
      'eligible',
      'id',
      'ruleSetVersion',
      'stale',
    ]);
    expect(res.body[0]).toMatchObject({ latestCheck: null, enrollmentId: null });

    // A changed screening fact makes the check stale.
    const patched = await intake.patch(`/referrals/${first.id}`, { pendingSimilarCharge: true });
    expect(patched.status).toBe(200);
    const after = await intake.get(`/participants/${p.id}/referrals`);
    expect(after.body[1].latestCheck.stale).toBe(true);

    expect((await intake.get(`/participants/${randomUUID()}/referrals`)).status).toBe(404);
    expect((await intake.get('/participants/not-a-uuid/referrals')).status).toBe(400);
    expect((await facilitator.get(`/participants/${p.id}/referrals`)).status).toBe(403);
  });

  it('GET /referrals?needsCheck / eligibleNotEnrolled list what the intake cards count', async () => {
    const unchecked = await createReferral(intake, (await createParticipant(intake)).id);
    const eligible = await checkedReferral(intake);
    const enrolled = await checkedReferral(intake);
    await enroll(enrolled.referralId);
    const staleOne = await checkedReferral(intake);
    await intake.patch(`/referrals/${staleOne.referralId}`, { chargeCode: 'RSMo 567.030.1' });

    const ids = async (query: string) => {
      const res = await intake.get(`/referrals?${query}&limit=200`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(res.body.items.length);
      return res.body.items.map((r: { id: string }) => r.id);
    };
    const needsCheck = await ids('needsCheck=true');
    expect(needsCheck).toEqual(expect.arrayContaining([unchecked.id, staleOne.referralId]));
    expect(needsCheck).not.toContain(eligible.referralId);
    expect(needsCheck).not.toContain(enrolled.referralId);
    const ready = await ids('eligibleNotEnrolled=true');
    expect(ready).toContain(eligible.referralId);
    expect(ready).not.toContain(enrolled.referralId);
    expect(ready).not.toContain(staleOne.referralId);
    expect(ready).not.toContain(unchecked.id);

    const bad = await intake.get('/referrals?needsCheck=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('needsCheck');
    expect((await facilitator.get('/referrals')).status).toBe(403);
  });

  it('enrollments carry participantName; unseated=true lists ACTIVE ones without a future seat', async () => {
    // Enrolled before the class that is over (a seat never precedes the enrollment).
    const e = await make.enroll({ programCode: 'OAR', enrolledOn: daysAgo(2) });
    const one = await finance.get(`/enrollments/${e.enrollmentId}`);
    expect(one.body.participantName).toBe(`${e.firstName} ${e.lastName}`);
    const listed = await intake.get(`/enrollments?participantId=${e.participantId}`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: e.enrollmentId,
        participantName: `${e.firstName} ${e.lastName}`,
      }),
    ]);

    const unseated = async () =>
      (await intake.get('/enrollments?unseated=true&programCode=OAR&limit=200')).body.items.map(
        (x: { id: string; status: string; programCode: string }) => {
          expect(x).toMatchObject({ status: 'ACTIVE', programCode: 'OAR' });
          return x.id;
        },
      );
    expect(await unseated()).toContain(e.enrollmentId);
    // A seat in a class that is over does not count; one in a coming class does.
    await seat(await session({ startsInMinutes: -300, programCode: 'OAR' }), e.enrollmentId);
    expect(await unseated()).toContain(e.enrollmentId);
    await seat(await session({ startsInMinutes: 24 * 60, programCode: 'OAR' }), e.enrollmentId);
    expect(await unseated()).not.toContain(e.enrollmentId);
    const seatedList = await intake.get(
      `/enrollments?unseated=false&participantId=${e.participantId}`,
    );
    expect(seatedList.body.items.map((x: { id: string }) => x.id)).toEqual([e.enrollmentId]);

    const bad = await intake.get('/enrollments?unseated=yes');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('unseated');
  });

  it("GET /enrollments/:id/seats: the enrollment's sessions with its attendance", async () => {
    const e = await make.enroll({ enrolledOn: daysAgo(2) });
    const past = await session({ startsInMinutes: -240, facilitatorId: facilitator.staffId });
    const coming = await session({ startsInMinutes: 3 * 24 * 60 });
    await seat(coming, e.enrollmentId);
    await seat(past, e.enrollmentId);
    const recorded = await facilitator.put(`/sessions/${past}/attendance`, {
      records: [{ enrollmentId: e.enrollmentId, status: 'LATE' }],
    });
    expect(recorded.status).toBe(200);

    const res = await facilitator.get(`/enrollments/${e.enrollmentId}/seats`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: past,
        programCode: 'JOHNZ_SCHOOL',
        startsAt: expect.any(String),
        endsAt: expect.any(String),
        location: 'Room 204',
        cancelled: false,
        attendanceStatus: 'LATE',
      },
      expect.objectContaining({ id: coming, attendanceStatus: null, cancelled: false }),
    ]);
    expect((await intake.get(`/enrollments/${randomUUID()}/seats`)).status).toBe(404);
    // Everyone who reads the participant's record sees its Attendance tab, finance included.
    const forFinance = await finance.get(`/enrollments/${e.enrollmentId}/seats`);
    expect(forFinance.status).toBe(200);
    expect(forFinance.body).toEqual(res.body);
  });

  it('GET /sessions?facilitatorId=&on= with facilitatorName and seatsTaken; withoutAttendance', async () => {
    const mine = await session({ startsInMinutes: -1, facilitatorId: facilitator.staffId });
    const tomorrow = await session({
      startsInMinutes: 36 * 60,
      facilitatorId: facilitator.staffId,
    });
    await seat(mine, (await make.enroll()).enrollmentId);
    const day = today();
    const res = await facilitator.get(`/sessions?facilitatorId=${facilitator.staffId}&on=${day}`);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((s: { id: string }) => s.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(tomorrow);
    const row = res.body.items.find((s: { id: string }) => s.id === mine);
    const directory = (await facilitator.get('/staff/directory')).body;
    const name = directory.find((d: { id: string }) => d.id === facilitator.staffId).displayName;
    expect(row).toMatchObject({
      facilitatorId: facilitator.staffId,
      facilitatorName: name,
      seatsTaken: 1,
    });
    const unassigned = (
      await facilitator.get(`/sessions/${await session({ startsInMinutes: 60 })}`)
    ).body;
    expect(unassigned.facilitatorName).toBeNull();

    // Ended, seated, nothing recorded: listed until attendance is taken.
    const ended = await session({ startsInMinutes: -600, facilitatorId: facilitator.staffId });
    const e = await make.enroll({ enrolledOn: daysAgo(2) });
    await seat(ended, e.enrollmentId);
    const empty = await session({ startsInMinutes: -900 });
    const without = async () =>
      (await supervisor.get('/sessions?withoutAttendance=true&limit=200')).body.items.map(
        (s: { id: string }) => s.id,
      );
    expect(await without()).toContain(ended);
    expect(await without()).not.toContain(empty);
    expect(await without()).not.toContain(mine);
    await facilitator.put(`/sessions/${ended}/attendance`, {
      records: [{ enrollmentId: e.enrollmentId, status: 'PRESENT' }],
    });
    expect(await without()).not.toContain(ended);

    for (const [query, field] of [
      ['on=2026-02-30', 'on'],
      ['facilitatorId=nope', 'facilitatorId'],
      ['withoutAttendance=1', 'withoutAttendance'],
      ['cancelled=no', 'cancelled'],
    ]) {
      const bad = await facilitator.get(`/sessions?${query}`);
      expect({ query, status: bad.status, field: bad.body.errors?.[0]?.field }).toEqual({
        query,
        status: 400,
        field,
      });
    }
  });

  it('GET /ledger-entries?kind=PAYMENT&receivedOn= lists the payments of a day', async () => {
    const e = await make.enroll();
    const paid = await finance
      .post(`/enrollments/${e.enrollmentId}/payments`, {
        amountCents: 5000,
        method: 'CASH',
        receivedOn: today(),
      })
      .set('Idempotency-Key', randomUUID());
    expect(paid.status).toBe(201);
    const res = await supervisor.get(
      `/ledger-entries?kind=PAYMENT&receivedOn=${today()}&limit=200`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toContainEqual(
      expect.objectContaining({
        id: paid.body.id,
        kind: 'PAYMENT',
        receiptNumber: paid.body.receiptNumber,
        enrollmentId: e.enrollmentId,
        participantName: `${e.firstName} ${e.lastName}`,
        programCode: 'JOHNZ_SCHOOL',
      }),
    );
    expect(res.body.items.every((x: { kind: string }) => x.kind === 'PAYMENT')).toBe(true);
    const fee = await auditor.get(`/ledger-entries?enrollmentId=${e.enrollmentId}&kind=FEE`);
    expect(fee.body.total).toBe(1);
    const bad = await finance.get('/ledger-entries?receivedOn=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('receivedOn');
    expect((await intake.get('/ledger-entries')).status).toBe(403);
  });

  it("GET /work-queue: the caller's roles' cards, in order, each counting exactly its list", async () => {
    // Something on every card.
    await createReferral(intake, (await createParticipant(intake)).id);
    await checkedReferral(intake);
    const assessedInError = await make.enroll();
    const feeReversal = await finance.post(
      `/ledger-entries/${(await make.feeOf(assessedInError.enrollmentId)).id}/reversal`,
      { reason: 'Assessed in error' },
    );
    expect(feeReversal.status).toBe(202);
    await make.enroll({ enrolledOn: daysAgo(120) });
    const overdue = await make.enroll({ enrolledOn: daysAgo(400) });
    await session({ startsInMinutes: 0, facilitatorId: everyRole.staffId }); // today, even at 00:01
    const ended = await session({ startsInMinutes: -500 });
    await seat(ended, overdue.enrollmentId);
    const waiver = await finance.post(`/enrollments/${overdue.enrollmentId}/waiver-requests`, {
      amountCents: 1000,
      reason: 'ABILITY_TO_PAY',
      note: 'Unemployed',
    });
    expect(waiver.status).toBe(201);
    const paid = await finance
      .post(`/enrollments/${overdue.enrollmentId}/payments`, {
        amountCents: 2500,
        method: 'CASH',
        receivedOn: today(),
      })
      .set('Idempotency-Key', randomUUID());
    expect(paid.status).toBe(201);
    // An enrollment that ended 13 months ago: its 12-month follow-up check is due (the exit day
    // moved back in SQL, as the API dates an exit by the day of its transition).
    const exited = await make.enroll();
    expect(
      (await intake.post(`/enrollments/${exited.enrollmentId}/transitions`, { to: 'WITHDRAWN' }))
        .status,
    ).toBe(200);
    await db.query(`UPDATE enrollments SET closed_on = $2::date WHERE id = $1`, [
      exited.enrollmentId,
      daysAgo(400),
    ]);

    const res = await everyRole.get('/work-queue');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['cards']);
    expect(res.body.cards.map((c: { key: string; role: string }) => `${c.role} ${c.key}`)).toEqual([
      'INTAKE referralsAwaitingCheck',
      'INTAKE eligibleNotEnrolled',
      'INTAKE enrolledWithoutSeat',
      'INTAKE followUpsDue',
      'FACILITATOR mySessionsToday',
      'FINANCE paymentsToday',
      'FINANCE balancesOver90',
      'SUPERVISOR waiverRequestsWaiting',
      'SUPERVISOR reversalRequestsWaiting',
      'SUPERVISOR sessionsWithoutAttendance',
      'SUPERVISOR enrollmentsPastDeadline',
      'AUDITOR recentActivity',
    ]);
    const byKey = Object.fromEntries(
      res.body.cards.map((c: { key: string }) => [c.key, c]),
    ) as Record<string, { count: number; list: { path: string; query: Record<string, string> } }>;
    expect(byKey.enrolledWithoutSeat.list).toEqual({
      path: '/enrollments',
      query: { status: 'ACTIVE', unseated: 'true' },
    });
    expect(byKey.mySessionsToday.list.query).toMatchObject({
      facilitatorId: everyRole.staffId,
      on: today(),
    });
    expect(byKey.paymentsToday.list).toEqual({
      path: '/ledger-entries',
      query: { kind: 'PAYMENT', receivedOn: today() },
    });
    expect(byKey.balancesOver90.list).toEqual({
      path: '/reports/balances',
      query: { asOf: today(), olderThanDays: '90' },
    });
    expect(byKey.waiverRequestsWaiting.list).toEqual({
      path: '/waiver-requests',
      query: { status: 'PENDING' },
    });
    expect(byKey.reversalRequestsWaiting.list).toEqual({
      path: '/reversal-requests',
      query: { status: 'PENDING' },
    });
    expect(byKey.enrollmentsPastDeadline.list).toEqual({
      path: '/enrollments',
      query: { status: 'ACTIVE', overdue: 'true' },
    });
    expect(byKey.recentActivity.list.path).toBe('/audit-events');
    expect(byKey.followUpsDue.list).toEqual({ path: '/follow-ups', query: { status: 'DUE' } });

    expect(byKey.recentActivity.list).toEqual({
      path: '/audit-events',
      query: { from: expect.any(String), to: expect.any(String) },
    });

    // Each card's list, called as given, lists exactly what the card counts: a paged list's
    // total, a report's rows.
    for (const [key, card] of Object.entries(byKey)) {
      expect({ key, count: card.count }).toEqual({ key, count: expect.any(Number) });
      expect(card.count).toBeGreaterThan(0);
      const paged = !card.list.path.startsWith('/reports/');
      const qs = new URLSearchParams({
        ...card.list.query,
        ...(paged ? { limit: '1' } : {}),
      }).toString();
      const list = await everyRole.get(`${card.list.path}?${qs}`);
      expect({ key, status: list.status }).toEqual({ key, status: 200 });
      const listed = paged ? list.body.total : list.body.rows.length;
      expect({ key, listed }).toEqual({ key, listed: card.count });
    }
    // The over-90 list is not all balances: the younger ones stay out.
    const allBalances = await finance.get(`/reports/balances?asOf=${today()}`);
    expect(allBalances.body.rows.length).toBeGreaterThan(byKey.balancesOver90.count);
  });

  it('GET /work-queue: counts only for the caller’s roles; none for an ADMIN', async () => {
    const keysOf = async (c: ApiClient) =>
      ((await c.get('/work-queue')).body.cards as { key: string }[]).map((x) => x.key);
    expect(await keysOf(admin)).toEqual([]);
    expect(await keysOf(facilitator)).toEqual(['mySessionsToday']);
    expect(await keysOf(finance)).toEqual(['paymentsToday', 'balancesOver90']);
    expect(await keysOf(auditor)).toEqual(['recentActivity']);
    expect(await keysOf(supervisor)).toEqual([
      'waiverRequestsWaiting',
      'reversalRequestsWaiting',
      'sessionsWithoutAttendance',
      'enrollmentsPastDeadline',
      'followUpsDue',
    ]);
    expect(await keysOf(intake)).toEqual([
      'referralsAwaitingCheck',
      'eligibleNotEnrolled',
      'enrolledWithoutSeat',
      'followUpsDue',
    ]);

    // A new session today for this facilitator moves their count by one (it starts now: a time
    // minutes back would be yesterday's just after midnight).
    const before = (await facilitator.get('/work-queue')).body.cards[0].count;
    await session({ startsInMinutes: 0, facilitatorId: facilitator.staffId });
    expect((await facilitator.get('/work-queue')).body.cards[0].count).toBe(before + 1);
    expect((await anonymousGet('/work-queue')).status).toBe(401);
  });

  const anonymousGet = (path: string) =>
    new ApiClient(app.api, 'not-a-token', randomUUID(), 'nobody').get(path);

  it('reading a participant, referral, enrollment or ledger writes a *.view audit event', async () => {
    const e = await make.enroll();
    const tag = randomUUID().slice(0, 8);
    const reads: [string, string, string, string][] = [
      ['participant.view', 'participant', e.participantId, `/participants/${e.participantId}`],
      ['referral.view', 'referral', e.referralId, `/referrals/${e.referralId}`],
      ['enrollment.view', 'enrollment', e.enrollmentId, `/enrollments/${e.enrollmentId}`],
      ['ledger.view', 'enrollment', e.enrollmentId, `/enrollments/${e.enrollmentId}/ledger`],
    ];
    for (const [action, , , path] of reads) {
      const res = await intake.get(path).set('X-Request-Id', `${action}-${tag}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    // A read that finds nothing is not an access to a record.
    expect((await intake.get(`/participants/${randomUUID()}`)).status).toBe(404);

    for (const [action, entityType, entityId] of reads) {
      const res = await auditor.get(`/audit-events?action=${action}&entityId=${entityId}`);
      expect(res.status).toBe(200);
      expect({ action, events: res.body.items }).toEqual({
        action,
        events: [
          expect.objectContaining({
            actorId: intake.staffId,
            action,
            entityType,
            entityId,
            outcome: 'SUCCESS',
            clientRequestId: `${action}-${tag}`,
          }),
        ],
      });
    }
    const viewsByIntake = await auditor.get(
      `/audit-events?action=participant.view&actorId=${intake.staffId}&limit=200`,
    );
    expect(viewsByIntake.body.items.every((v: { entityId: string }) => v.entityId !== null)).toBe(
      true,
    );
    const stray = await db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action LIKE '%.view' AND outcome <> 'SUCCESS'`,
    );
    expect(stray.n).toBe(0);
  });
});
