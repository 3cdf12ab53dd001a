import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { ApiFactory, chicagoDaysAgo } from './support/api-factory';
import { checkedReferral, createParticipant, createReferral, today } from './intake-fixtures';

describe('intake: enrollments and their lifecycle', () => {
  let db: TestDatabase;
  let make: ApiFactory;
  let app: AppInstance;
  let app2: AppInstance;
  let intake: ApiClient;
  let supervisor: ApiClient;
  let facilitator: ApiClient;
  let program: { feeCents: number; requiredSessions: number; completionWindowDays: number };

  beforeAll(async () => {
    db = await TestDatabase.create();
    [app, app2] = await Promise.all([startApp(db), startApp(db)]);
    const admin = await loginAdmin(app);
    intake = await staffWith(app, admin, ['INTAKE']);
    supervisor = await staffWith(app, admin, ['SUPERVISOR']);
    facilitator = await staffWith(app, admin, ['FACILITATOR']);
    make = await ApiFactory.create(app, admin);
    const programs = await intake.get('/programs');
    program = programs.body.find((p: { code: string }) => p.code === 'OAR');
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), app2?.stop()]);
    await db?.close();
  });

  const enroll = (client: ApiClient, referralId: string, agreementSignedOn = '2026-02-01') =>
    client.post('/enrollments', { referralId, programCode: 'OAR', agreementSignedOn });

  const addDays = (date: string, days: number) => {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };

  it('enrolls on a fresh eligible check and assesses the fee in the ledger', async () => {
    const { participantId, referralId } = await checkedReferral(intake);
    const res = await enroll(intake, referralId, '2026-02-01');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      participantId,
      referralId,
      programCode: 'OAR',
      status: 'ACTIVE',
      agreementSignedOn: '2026-02-01',
      enrolledOn: '2026-02-01',
      deadline: addDays('2026-02-01', program.completionWindowDays),
      feeCents: program.feeCents,
      balanceCents: program.feeCents,
      attendedSessions: 0,
      requiredSessions: program.requiredSessions,
      certificateNumber: null,
      closedOn: null,
    });
    const ledger = await db.query(
      `SELECT kind, amount_cents::int AS amount, signed_amount_cents::int AS signed
         FROM ledger_entries WHERE enrollment_id = $1`,
      [res.body.id],
    );
    expect(ledger).toEqual([{ kind: 'FEE', amount: program.feeCents, signed: program.feeCents }]);
    const got = await supervisor.get(`/enrollments/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('needs a check, and a fresh one after the referral changed', async () => {
    const p = await createParticipant(intake);
    const r = await createReferral(intake, p.id);
    const never = await enroll(intake, r.id);
    expect(never.status).toBe(422);
    expect(never.body.code).toBe('ELIGIBILITY_STALE');

    await intake.post(`/referrals/${r.id}/eligibility-checks`);
    await intake.patch(`/referrals/${r.id}`, { offenseDate: '2026-01-14' });
    const stale = await enroll(intake, r.id);
    expect(stale.status).toBe(422);
    expect(stale.body.code).toBe('ELIGIBILITY_STALE');

    const fresh = await intake.post(`/referrals/${r.id}/eligibility-checks`);
    expect(fresh.body.eligible).toBe(true);
    const ok = await enroll(intake, r.id);
    expect(ok.status).toBe(201);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM ledger_entries WHERE enrollment_id = $1 AND kind = 'FEE'`,
      [ok.body.id],
    );
    expect(n).toBe(1);
  });

  it('makes checks stale when the participant’s date of birth is corrected', async () => {
    const { participantId, referralId } = await checkedReferral(intake);
    await intake.patch(`/participants/${participantId}`, { dateOfBirth: '1981-05-05' });
    const res = await enroll(intake, referralId);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('ELIGIBILITY_STALE');
  });

  it('refuses an ineligible referral with the failing codes and writes nothing', async () => {
    const { participantId, referralId } = await checkedReferral(
      intake,
      {},
      { minorInvolved: 'UNKNOWN', pendingSimilarCharge: true },
    );
    const res = await enroll(intake, referralId);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NOT_ELIGIBLE');
    expect(res.body.reasons).toEqual(['MINOR_STATUS_UNVERIFIED', 'PENDING_CHARGE']);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM enrollments WHERE participant_id = $1`,
      [participantId],
    );
    expect(n).toBe(0);
  });

  it('refuses an agreement signed in the future or before the offense', async () => {
    const { referralId } = await checkedReferral(intake);
    const future = await enroll(intake, referralId, addDays(today(), 1));
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('agreementSignedOn');
    const early = await enroll(intake, referralId, '2026-01-14');
    expect(early.status).toBe(400);
    expect(early.body.errors[0].field).toBe('agreementSignedOn');
  });

  it('enrolls a participant once when two referrals race on two instances', async () => {
    const p = await createParticipant(intake);
    const referrals = [await createReferral(intake, p.id), await createReferral(intake, p.id)];
    for (const r of referrals) {
      const c = await intake.post(`/referrals/${r.id}/eligibility-checks`);
      expect(c.body.eligible).toBe(true);
    }
    const results = await Promise.all([
      enroll(intake, referrals[0].id),
      enroll(supervisor.on(app2), referrals[1].id),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = results.find((r) => r.status === 409)!;
    const winner = results.find((r) => r.status === 201)!;
    expect(loser.body.code).toBe('ALREADY_ENROLLED');
    expect(loser.body.existingId).toBe(winner.body.id);
    const [{ n, fees }] = await db.query(
      `SELECT count(DISTINCT e.id)::int AS n, count(l.id)::int AS fees
         FROM enrollments e JOIN ledger_entries l ON l.enrollment_id = e.id
        WHERE e.participant_id = $1`,
      [p.id],
    );
    expect({ n, fees }).toEqual({ n: 1, fees: 1 });
  });

  it('enrolls one referral once when the same request races', async () => {
    const { referralId } = await checkedReferral(intake);
    const results = await Promise.all([
      enroll(intake, referralId),
      enroll(intake.on(app2), referralId),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('ALREADY_ENROLLED');
  });

  it('lists enrollments by status, program and overdue', async () => {
    const old = await make.enroll({ programCode: 'JOHNZ_SCHOOL', enrolledOn: '2024-01-10' });
    const current = await make.enroll({ programCode: 'JOHNZ_SCHOOL', enrolledOn: today() });
    const overdue = await intake.get('/enrollments?overdue=true&programCode=JOHNZ_SCHOOL');
    expect(overdue.status).toBe(200);
    const ids = overdue.body.items.map((e: { id: string }) => e.id);
    expect(ids).toContain(old.enrollmentId);
    expect(ids).not.toContain(current.enrollmentId);
    expect(overdue.body.items.every((e: { overdue: boolean }) => e.overdue)).toBe(true);

    const notOverdue = await intake.get('/enrollments?overdue=false&status=ACTIVE');
    const notIds = notOverdue.body.items.map((e: { id: string }) => e.id);
    expect(notIds).toContain(current.enrollmentId);
    expect(notIds).not.toContain(old.enrollmentId);

    const oar = await intake.get('/enrollments?programCode=OAR&limit=1');
    expect(oar.body.limit).toBe(1);
    expect(oar.body.items).toHaveLength(1);
    expect(oar.body.items[0].programCode).toBe('OAR');
    expect(oar.body.total).toBeGreaterThan(1);

    const bad = await intake.get('/enrollments?status=DONE&overdue=yes');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'overdue',
      'status',
    ]);
  });

  describe('transitions', () => {
    it('terminates with a reason, and final states are final', async () => {
      const e = await make.enroll();
      const url = `/enrollments/${e.enrollmentId}/transitions`;
      const noReason = await intake.post(url, { to: 'TERMINATED' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors[0].field).toBe('reason');
      const badReason = await intake.post(url, { to: 'TERMINATED', reason: 'BORED' });
      expect(badReason.status).toBe(400);

      const res = await supervisor.post(url, {
        to: 'TERMINATED',
        reason: 'NEW_OFFENSE',
        note: 'Arrested again',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: e.enrollmentId,
        status: 'TERMINATED',
        closedOn: today(),
        closedReason: 'NEW_OFFENSE',
        certificateNumber: null,
      });
      for (const to of ['WITHDRAWN', 'COMPLETED', 'TERMINATED']) {
        const again = await intake.post(url, {
          to,
          reason: to === 'TERMINATED' ? 'OTHER' : undefined,
        });
        expect(again.status).toBe(409);
        expect(again.body.code).toBe('INVALID_TRANSITION');
      }
      const rows = await db.query(
        `SELECT from_status, to_status, reason, note, by_staff_id FROM enrollment_transitions
          WHERE enrollment_id = $1`,
        [e.enrollmentId],
      );
      expect(rows).toEqual([
        {
          from_status: 'ACTIVE',
          to_status: 'TERMINATED',
          reason: 'NEW_OFFENSE',
          note: 'Arrested again',
          by_staff_id: supervisor.staffId,
        },
      ]);
    });

    it('closes an enrollment once when two transitions race on two instances', async () => {
      const e = await make.enroll();
      const url = `/enrollments/${e.enrollmentId}/transitions`;
      const results = await Promise.all([
        intake.post(url, { to: 'TERMINATED', reason: 'NON_COMPLIANCE' }),
        supervisor.on(app2).post(url, { to: 'WITHDRAWN', reason: 'Moved away' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM enrollment_transitions WHERE enrollment_id = $1`,
        [e.enrollmentId],
      );
      expect(n).toBe(1);
    });

    it('withdraws with an optional reason', async () => {
      const e = await make.enroll();
      const res = await intake.post(`/enrollments/${e.enrollmentId}/transitions`, {
        to: 'WITHDRAWN',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'WITHDRAWN', closedReason: null });
    });

    it('refuses completion listing every unmet condition', async () => {
      const e = await make.enroll({ feeCents: 40000, requiredSessions: 2 });
      const res = await intake.post(`/enrollments/${e.enrollmentId}/transitions`, {
        to: 'COMPLETED',
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('COMPLETION_REQUIREMENTS_UNMET');
      expect(res.body.unmet).toEqual([
        { code: 'SESSIONS_INCOMPLETE', message: expect.stringContaining('0 of 2') },
        { code: 'BALANCE_DUE', message: expect.stringContaining('40000') },
      ]);
      const after = await intake.get(`/enrollments/${e.enrollmentId}`);
      expect(after.body.status).toBe('ACTIVE');
    });

    it('completes when enough sessions were attended and the balance is zero', async () => {
      // Enrolled before the sessions below (a seat never precedes the enrollment).
      const e = await make.enroll({
        feeCents: 40000,
        requiredSessions: 2,
        enrolledOn: chicagoDaysAgo(2),
      });
      const staff = intake.staffId;
      // One enrollment's sessions never overlap: each a few hours before the previous one.
      let hoursBack = 0;
      const { id: programId } = await db.one(`SELECT id FROM programs WHERE code = $1`, [
        e.programCode,
      ]);
      // Attended: two PRESENT/LATE sessions; one more in a cancelled session and one ABSENT do not count.
      const attend = async (status: string, cancelled: boolean) => {
        const s = await db.one(
          `INSERT INTO class_sessions (program_id, program_code, starts_at, ends_at, location,
              capacity, seats_taken, created_by, cancelled_at, cancelled_by)
           VALUES ($1, $2, now() - make_interval(hours => $5 + 3), now() - make_interval(hours => $5 + 1),
              'Room 1', 10, 1, $3, CASE WHEN $4 THEN now() END, CASE WHEN $4 THEN $3::uuid END)
           RETURNING id`,
          [programId, e.programCode, staff, cancelled, hoursBack],
        );
        hoursBack += 3;
        await db.query(
          `INSERT INTO session_seats (session_id, enrollment_id, seated_by) VALUES ($1, $2, $3)`,
          [s.id, e.enrollmentId, staff],
        );
        await db.query(
          `INSERT INTO attendance_records (session_id, enrollment_id, status, recorded_by)
           VALUES ($1, $2, $3, $4)`,
          [s.id, e.enrollmentId, status, staff],
        );
      };
      await attend('PRESENT', true);
      await attend('ABSENT', false);
      await attend('PRESENT', false);
      const one = await intake.get(`/enrollments/${e.enrollmentId}`);
      expect(one.body.attendedSessions).toBe(1);
      await attend('LATE', false);

      const unpaid = await intake.post(`/enrollments/${e.enrollmentId}/transitions`, {
        to: 'COMPLETED',
      });
      expect(unpaid.status).toBe(422);
      expect(unpaid.body.unmet.map((u: { code: string }) => u.code)).toEqual(['BALANCE_DUE']);

      await db.query(
        `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents, method,
            received_on, receipt_number, created_by)
         VALUES ($1, 'PAYMENT', 40000, -40000, 'CASH', current_date, 'R-2026-900001', $2)`,
        [e.enrollmentId, staff],
      );
      const res = await intake.post(`/enrollments/${e.enrollmentId}/transitions`, {
        to: 'COMPLETED',
        note: 'All done',
      });
      expect(res.status).toBe(200);
      const year = today().slice(0, 4);
      expect(res.body).toMatchObject({
        status: 'COMPLETED',
        attendedSessions: 2,
        requiredSessions: 2,
        balanceCents: 0,
        closedOn: today(),
        certificateNumber: `C-${year}-${e.enrollmentId.slice(0, 8).toUpperCase()}`,
      });
      const facilitatorView = await facilitator.get(`/enrollments/${e.enrollmentId}`);
      expect(facilitatorView.status).toBe(200);
      expect(facilitatorView.body.certificateNumber).toBe(res.body.certificateNumber);
    });
  });
});
