import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { createParticipant, createReferral, eligibleReferral, uniqueName } from './intake-fixtures';

describe('intake: participants, referrals, eligibility', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let app2: AppInstance;
  let intake: ApiClient;
  let supervisor: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    [app, app2] = await Promise.all([startApp(db), startApp(db)]);
    const admin = await loginAdmin(app);
    intake = await staffWith(app, admin, ['INTAKE']);
    supervisor = await staffWith(app, admin, ['SUPERVISOR']);
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), app2?.stop()]);
    await db?.close();
  });

  describe('participants', () => {
    it('registers a participant and finds it by id and by name', async () => {
      const lastName = uniqueName('Núñez');
      const created = await intake.post('/participants', {
        firstName: ' Jordan ',
        lastName,
        dateOfBirth: '1984-03-02',
        stateIdNumber: 'mo-123 456',
        phone: '816-555-0100',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        firstName: 'Jordan',
        lastName,
        dateOfBirth: '1984-03-02',
        stateIdNumber: 'mo-123 456',
        phone: '816-555-0100',
        email: null,
        address: null,
      });
      const got = await intake.get(`/participants/${created.body.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(created.body);

      const found = await intake.get(
        `/participants?q=${encodeURIComponent(lastName.slice(0, 8).toUpperCase().replace('Ú', 'U'))}`,
      );
      expect(found.status).toBe(200);
      expect(found.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);
      expect(found.body).toMatchObject({ page: 1, limit: 50 });
    });

    it('finds a participant by case number', async () => {
      const p = await createParticipant(intake);
      const r = await createReferral(intake, p.id, { caseNumber: 'KC-77-ABCDE' });
      expect(r.id).toBeDefined();
      const found = await intake.get('/participants?q=kc-77-abcde');
      expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
      expect(found.body.total).toBe(1);
    });

    it('paginates the list', async () => {
      const prefix = uniqueName('Page');
      // Born on different days: one letter apart on one day would be a possible duplicate.
      for (let i = 0; i < 3; i++)
        await createParticipant(intake, {
          lastName: `${prefix}${'abc'[i]}`,
          dateOfBirth: `1981-0${i + 1}-15`,
        });
      const page2 = await intake.get(`/participants?q=${prefix}&page=2&limit=2`);
      expect(page2.status).toBe(200);
      expect(page2.body).toMatchObject({ total: 3, page: 2, limit: 2 });
      expect(page2.body.items).toHaveLength(1);
    });

    it.each([
      ['accents', 'Muñoz-Pérez', 'munoz perez'],
      ['case', 'McDonald', 'MCDONALD'],
      ['hyphens and apostrophes', "O'Brien-Smith", 'OBrien Smith'],
    ])(
      'answers 409 with existingId for the same person written with other %s',
      async (_w, first, second) => {
        const suffix = uniqueName('');
        const a = await intake.post('/participants', {
          firstName: 'Alex',
          lastName: `${first}${suffix}`,
          dateOfBirth: '1979-12-31',
        });
        expect(a.status).toBe(201);
        const b = await intake.post('/participants', {
          firstName: 'Alexander',
          lastName: `${second}${suffix.toUpperCase()}`,
          dateOfBirth: '1979-12-31',
        });
        expect(b.status).toBe(409);
        expect(b.body.code).toBe('DUPLICATE_PARTICIPANT');
        expect(b.body.existingId).toBe(a.body.id);
      },
    );

    it('matches on state id only when both have one', async () => {
      const lastName = uniqueName('Ident');
      const withId = await intake.post('/participants', {
        firstName: 'A',
        lastName,
        dateOfBirth: '1990-01-01',
        stateIdNumber: 'MO-111',
      });
      expect(withId.status).toBe(201);
      // A different state id: maybe a different person, which a SUPERVISOR confirms.
      const maybe = {
        firstName: 'B',
        lastName,
        dateOfBirth: '1990-01-01',
        stateIdNumber: 'MO-222',
      };
      const asked = await intake.post('/participants', maybe);
      expect(asked.status).toBe(409);
      expect(asked.body.code).toBe('POSSIBLE_DUPLICATE');
      const other = await supervisor.post('/participants', {
        ...maybe,
        overrideDuplicate: { reason: 'Another man of that name and birth date; IDs checked' },
      });
      expect(other.status).toBe(201);
      // No state id: it might be either, so it is refused.
      const without = await intake.post('/participants', {
        firstName: 'C',
        lastName,
        dateOfBirth: '1990-01-01',
      });
      expect(without.status).toBe(409);
      expect(without.body.existingId).toBe(withId.body.id);
      const sameId = await intake.post('/participants', {
        firstName: 'D',
        lastName,
        dateOfBirth: '1990-01-01',
        stateIdNumber: 'mo 222',
      });
      expect(sameId.status).toBe(409);
      expect(sameId.body.existingId).toBe(other.body.id);
    });

    it('registers two identical concurrent requests on two instances once', async () => {
      const body = { firstName: 'Sam', lastName: uniqueName('Race'), dateOfBirth: '1975-07-04' };
      const other = intake.on(app2);
      const results = await Promise.all(
        [0, 1, 2, 3].map((i) => (i % 2 ? other : intake).post('/participants', body)),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409]);
      const winner = results.find((r) => r.status === 201)!;
      for (const r of results.filter((x) => x.status === 409))
        expect(r.body.existingId).toBe(winner.body.id);
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM participants WHERE last_name = $1`,
        [body.lastName],
      );
      expect(n).toBe(1);
    });

    it('registers "with state id" and "without" racing each other once', async () => {
      const lastName = uniqueName('Cross');
      const other = intake.on(app2);
      const results = await Promise.all([
        intake.post('/participants', {
          firstName: 'X',
          lastName,
          dateOfBirth: '1970-02-02',
          stateIdNumber: 'MO-9',
        }),
        other.post('/participants', { firstName: 'X', lastName, dateOfBirth: '1970-02-02' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM participants WHERE last_name = $1`,
        [lastName],
      );
      expect(n).toBe(1);
    });

    it('refuses dates of birth in the future or before 1900', async () => {
      for (const dateOfBirth of ['2999-01-01', '1899-12-31', '1990-02-30', '01/02/1990']) {
        const res = await intake.post('/participants', {
          firstName: 'F',
          lastName: uniqueName(),
          dateOfBirth,
        });
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['dateOfBirth']);
      }
    });

    it('updates a participant, clears optional fields, and refuses becoming a duplicate', async () => {
      const a = await createParticipant(intake, { email: 'a@example.com' });
      const b = await createParticipant(intake);
      const res = await intake.patch(`/participants/${a.id}`, { email: null, phone: '555' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ email: null, phone: '555' });
      const dup = await intake.patch(`/participants/${b.id}`, { lastName: a.lastName });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ code: 'DUPLICATE_PARTICIPANT', existingId: a.id });
      const nulled = await intake.patch(`/participants/${b.id}`, { lastName: null });
      expect(nulled.status).toBe(400);
      const missing = await intake.patch('/participants/00000000-0000-4000-8000-000000000000', {
        phone: '1',
      });
      expect(missing.status).toBe(404);
    });
  });

  describe('referrals', () => {
    it('records a referral and refuses the same case number in the same jurisdiction', async () => {
      const p = await createParticipant(intake);
      const body = eligibleReferral(p.id, { caseNumber: 'cr-2026-0001', victimAgeAtOffense: 30 });
      const created = await intake.post('/referrals', body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        participantId: p.id,
        caseNumber: 'cr-2026-0001',
        victimAgeAtOffense: 30,
        childrenDivisionReportRequired: false,
        screeningVersion: 1,
      });
      const got = await intake.get(`/referrals/${created.body.id}`);
      expect(got.body).toEqual(created.body);

      const dup = await intake.post('/referrals', {
        ...body,
        caseNumber: ' CR-2026-0001 ',
        jurisdiction: ' kc-municipal ',
      });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ code: 'DUPLICATE_CASE', existingId: created.body.id });
      const elsewhere = await intake.post('/referrals', {
        ...body,
        jurisdiction: 'JACKSON-CIRCUIT',
      });
      expect(elsewhere.status).toBe(201);
      expect(elsewhere.body).toMatchObject({
        jurisdiction: 'JACKSON-CIRCUIT',
        courtName: 'Jackson County Circuit Court',
      });
    });

    it('bumps the screening version only when a screening fact changes', async () => {
      const p = await createParticipant(intake);
      const r = await createReferral(intake, p.id);
      const agency = await intake.patch(`/referrals/${r.id}`, { referringAgency: 'Sheriff' });
      expect(agency.body.screeningVersion).toBe(1);
      const fact = await intake.patch(`/referrals/${r.id}`, { pendingSimilarCharge: true });
      expect(fact.status).toBe(200);
      expect(fact.body).toMatchObject({ pendingSimilarCharge: true, screeningVersion: 2 });
      const age = await intake.patch(`/referrals/${r.id}`, { victimAgeAtOffense: 25 });
      expect(age.body.screeningVersion).toBe(3);
      const cleared = await intake.patch(`/referrals/${r.id}`, { victimAgeAtOffense: null });
      expect(cleared.body).toMatchObject({ victimAgeAtOffense: null, screeningVersion: 4 });
    });

    it('refuses a referral of an unknown participant and stores nothing about the prostituted person beyond age', async () => {
      const res = await intake.post(
        '/referrals',
        eligibleReferral('00000000-0000-4000-8000-000000000000'),
      );
      expect(res.status).toBe(404);
      const p = await createParticipant(intake);
      const named = await intake.post('/referrals', {
        ...eligibleReferral(p.id),
        victimName: 'Someone',
      });
      expect(named.status).toBe(400);
      expect(named.body.errors.map((e: { field: string }) => e.field)).toEqual(['victimName']);
    });
  });

  describe('eligibility', () => {
    const cases: [string, object, object, string][] = [
      ['another statute', {}, { chargeCode: 'RSMo 566.020' }, 'CHARGE_NOT_ELIGIBLE'],
      ['a Class A misdemeanor', {}, { offenseClass: 'A_MISDEMEANOR' }, 'CHARGE_NOT_ELIGIBLE'],
      ['a minor involved', {}, { minorInvolved: 'YES' }, 'MINOR_INVOLVED'],
      ['a victim aged 17', {}, { victimAgeAtOffense: 17 }, 'MINOR_INVOLVED'],
      ['minor status UNKNOWN', {}, { minorInvolved: 'UNKNOWN' }, 'MINOR_STATUS_UNVERIFIED'],
      ['17 years 364 days old', { dateOfBirth: '2008-01-16' }, {}, 'PARTICIPANT_NOT_ADULT'],
      ['one prior conviction', {}, { priorProstitutionConvictions: 1 }, 'PRIOR_CONVICTION'],
      ['a declared prior diversion', {}, { priorDiversionDeclared: true }, 'PRIOR_DIVERSION'],
      ['a pending similar charge', {}, { pendingSimilarCharge: true }, 'PENDING_CHARGE'],
      ['a registered sex offender', {}, { registeredSexOffender: true }, 'REGISTERED_SEX_OFFENDER'],
      ['a trafficking charge', {}, { traffickingCharge: true }, 'TRAFFICKING_CHARGE'],
    ];

    it.each(cases)('%s fails exactly its rule', async (_name, participant, referral, code) => {
      const p = await createParticipant(intake, participant);
      const r = await createReferral(intake, p.id, referral);
      const res = await intake.post(`/referrals/${r.id}/eligibility-checks`);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        referralId: r.id,
        eligible: false,
        ruleSetVersion: 'MO-2026.1',
        checkedBy: intake.staffId,
      });
      expect(res.body.reasons).toHaveLength(9);
      expect(res.body.reasons.filter((x: { passed: boolean }) => !x.passed)).toEqual([
        { code, passed: false, message: expect.any(String) },
      ]);
      const ref = await intake.get(`/referrals/${r.id}`);
      expect(ref.body.childrenDivisionReportRequired).toBe(code === 'MINOR_INVOLVED');
    });

    it.each([
      ['a victim aged 18', {}, { victimAgeAtOffense: 18 }],
      ['a participant turning 18 on the offense date', { dateOfBirth: '2008-01-15' }, {}],
    ])('%s is eligible', async (_name, participant, referral) => {
      const p = await createParticipant(intake, participant);
      const r = await createReferral(intake, p.id, referral);
      const res = await intake.post(`/referrals/${r.id}/eligibility-checks`);
      expect(res.status).toBe(201);
      expect(res.body.eligible).toBe(true);
      expect(res.body.reasons.every((x: { passed: boolean }) => x.passed)).toBe(true);
    });

    it('fails PRIOR_DIVERSION for a second referral of an enrolled participant', async () => {
      const p = await createParticipant(intake);
      const first = await createReferral(intake, p.id);
      await intake.post(`/referrals/${first.id}/eligibility-checks`);
      const enrolled = await intake.post('/enrollments', {
        referralId: first.id,
        programCode: 'JOHNZ_SCHOOL',
        agreementSignedOn: '2026-02-01',
      });
      expect(enrolled.status).toBe(201);
      const second = await createReferral(intake, p.id);
      const res = await intake.post(`/referrals/${second.id}/eligibility-checks`);
      expect(res.body.eligible).toBe(false);
      expect(
        res.body.reasons
          .filter((x: { passed: boolean }) => !x.passed)
          .map((x: { code: string }) => x.code),
      ).toEqual(['PRIOR_DIVERSION']);
      // The enrolled referral itself is not its own "prior" diversion.
      const again = await intake.post(`/referrals/${first.id}/eligibility-checks`);
      expect(again.body.eligible).toBe(true);
    });

    it('stores an immutable record of the inputs and lists the history newest first', async () => {
      const p = await createParticipant(intake);
      const r = await createReferral(intake, p.id);
      const first = await intake.post(`/referrals/${r.id}/eligibility-checks`);
      await intake.patch(`/referrals/${r.id}`, { minorInvolved: 'UNKNOWN' });
      const second = await intake.post(`/referrals/${r.id}/eligibility-checks`);
      const history = await intake.get(`/referrals/${r.id}/eligibility-checks`);
      expect(history.status).toBe(200);
      expect(history.body.total).toBe(2);
      expect(history.body.items.map((c: { id: string }) => c.id)).toEqual([
        second.body.id,
        first.body.id,
      ]);
      expect(history.body.items.map((c: { stale: boolean }) => c.stale)).toEqual([false, true]);
      const row = await db.one(
        `SELECT rule_set_version, screening_version, input_snapshot, checked_by
           FROM eligibility_checks WHERE id = $1`,
        [first.body.id],
      );
      expect(row).toMatchObject({
        rule_set_version: 'MO-2026.1',
        screening_version: 1,
        checked_by: intake.staffId,
      });
      expect(row.input_snapshot.referral.minorInvolved).toBe('NO');
      // Born 1980-05-05, offense 2026-01-15: the age is kept, never the date of birth.
      expect(row.input_snapshot.participant).toEqual({ ageAtOffense: 45 });
      expect(JSON.stringify(row.input_snapshot)).not.toContain('1980-05-05');
      await expect(
        db.query(`UPDATE eligibility_checks SET eligible = NOT eligible WHERE id = $1`, [
          first.body.id,
        ]),
      ).rejects.toThrow();
    });

    it('has no override route', async () => {
      const p = await createParticipant(intake);
      const r = await createReferral(intake, p.id, { minorInvolved: 'YES' });
      const check = await intake.post(`/referrals/${r.id}/eligibility-checks`);
      const override = await intake.patch(
        `/referrals/${r.id}/eligibility-checks/${check.body.id}`,
        { eligible: true },
      );
      expect(override.status).toBe(404);
    });
  });
});
