import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { createReferral } from './intake-fixtures';
import {
  addDays,
  ApiFactory,
  chicagoDaysAgo,
  chicagoToday,
  EnrollmentFixture,
} from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';

/**
 * After the class (PRODUCT.md "After the class", API.md "Records after exit"): the court's
 * disposition of a referral, an expungement order, and the record status the database keeps from
 * them — on the participant, the referral and the enrollment as the API shows them. Everything is
 * made through the HTTP API; SQL only reads (and, in the schema test, tries what the API must
 * never manage).
 */
describe('records after exit: dispositions, expungement and record status', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let make: ApiFactory;
  let intake: ApiClient;
  let supervisor: ApiClient;
  let auditor: ApiClient;
  let finance: ApiClient;
  let facilitator: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    const admin = await loginAdmin(app);
    make = await ApiFactory.create(app, admin);
    intake = make.intake;
    supervisor = make.supervisors[0];
    [auditor, finance, facilitator] = await Promise.all([
      staffWith(app, admin, ['AUDITOR']),
      staffWith(app, admin, ['FINANCE']),
      staffWith(app, admin, ['FACILITATOR']),
    ]);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  /** An enrollment that has ended (WITHDRAWN): the case is back with the court. */
  const ended = async (): Promise<EnrollmentFixture> => {
    const e = await make.enroll();
    const res = await intake.post(`/enrollments/${e.enrollmentId}/transitions`, {
      to: 'WITHDRAWN',
    });
    expect(res.status).toBe(200);
    return e;
  };

  const dispose = (
    referralId: string,
    disposition: string,
    decidedOn = chicagoDaysAgo(2),
    by: ApiClient = intake,
    extra: object = {},
  ) => by.post(`/referrals/${referralId}/dispositions`, { disposition, decidedOn, ...extra });

  const disposed = async (referralId: string, disposition: string, decidedOn?: string) => {
    const res = await dispose(referralId, disposition, decidedOn);
    expect(res.status).toBe(201);
    return res.body as { id: string; decidedOn: string };
  };

  /** The record status as a user sees it: on the participant, the referral and the enrollment. */
  const statusOf = async (e: {
    participantId: string;
    referralId: string;
    enrollmentId?: string;
  }) => {
    // A closed record opens to a supervisor with a stated reason (records-sight.e2e-spec.ts).
    const read = (path: string) => supervisor.get(path).set('X-Access-Reason', 'AUDIT');
    const [p, r, en] = await Promise.all([
      read(`/participants/${e.participantId}`),
      read(`/referrals/${e.referralId}`),
      e.enrollmentId ? read(`/enrollments/${e.enrollmentId}`) : undefined,
    ]);
    expect([p.status, r.status, en?.status ?? 200]).toEqual([200, 200, 200]);
    return {
      participant: p.body.recordStatus,
      referral: r.body.recordStatus,
      ...(en ? { enrollment: en.body.recordStatus } : {}),
    };
  };

  /** The day each record closed (retention counts from it): not in the API's representations. */
  const closedOn = async (e: { participantId: string; referralId: string }) => {
    const p = await db.one(`SELECT closed_on::text AS d FROM participants WHERE id = $1`, [
      e.participantId,
    ]);
    const r = await db.one(`SELECT closed_on::text AS d FROM referrals WHERE id = $1`, [
      e.referralId,
    ]);
    return { participant: p.d, referral: r.d };
  };

  const dispositionCount = async (referralId: string) =>
    (
      await db.one(`SELECT count(*)::int AS n FROM referral_dispositions WHERE referral_id = $1`, [
        referralId,
      ])
    ).n;

  const failingChecks = async (referralId: string) => {
    const c = await intake.post(`/referrals/${referralId}/eligibility-checks`);
    expect(c.status).toBe(201);
    return c.body.reasons
      .filter((x: { passed: boolean }) => !x.passed)
      .map((x: { code: string }) => x.code);
  };

  describe('recording a disposition', () => {
    it('answers 201 with the disposition, lists the history newest first, and audits codes only', async () => {
      const e = await ended();
      const decidedOn = chicagoDaysAgo(5);
      const res = await dispose(e.referralId, 'CONVICTED', decidedOn, intake, {
        courtReference: '  2526-CR01234  ',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        referralId: e.referralId,
        disposition: 'CONVICTED',
        decidedOn,
        courtReference: '2526-CR01234',
        recordedBy: intake.staffId,
        recordedAt: expect.any(String),
      });
      expect(new Date(res.body.recordedAt).toISOString()).toBe(res.body.recordedAt);
      // A correction is a newer disposition; courtReference is optional.
      const correction = await dispose(e.referralId, 'DISMISSED', chicagoDaysAgo(1), supervisor);
      expect(correction.status).toBe(201);
      expect(correction.body.courtReference).toBeNull();
      expect(correction.body.recordedBy).toBe(supervisor.staffId);

      // DISMISSED closed the record: its history opens to a supervisor or an auditor with a
      // reason, and no longer to intake.
      for (const reader of [supervisor, auditor]) {
        const history = await reader
          .get(`/referrals/${e.referralId}/dispositions`)
          .set('X-Access-Reason', 'AUDIT');
        expect(history.status).toBe(200);
        expect(history.body).toEqual([correction.body, res.body]);
      }
      const refused = await intake.get(`/referrals/${e.referralId}/dispositions`);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('RECORD_CLOSED');

      const event = await db.one(
        `SELECT action, entity_type, entity_id, actor_id, details FROM audit_events
          WHERE action = 'referral.disposition' AND outcome = 'SUCCESS' AND actor_id = $1
            AND entity_id = $2`,
        [intake.staffId, e.referralId],
      );
      expect(event).toEqual({
        action: 'referral.disposition',
        entity_type: 'referral',
        entity_id: e.referralId,
        actor_id: intake.staffId,
        details: { dispositionId: res.body.id, disposition: 'CONVICTED', decidedOn },
      });
      // Reading the history is a read of the record: audited like a view.
      const views = await db.one(
        `SELECT count(*)::int AS n FROM audit_events
          WHERE action = 'referral.dispositions.view' AND entity_id = $1 AND actor_id = $2`,
        [e.referralId, auditor.staffId],
      );
      expect(views.n).toBe(1);
    });

    it('refuses a disposition while the enrollment is ACTIVE: 422 ENROLLMENT_ACTIVE, nothing written', async () => {
      const e = await make.enroll();
      const res = await dispose(e.referralId, 'DISMISSED');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('ENROLLMENT_ACTIVE');
      expect(await dispositionCount(e.referralId)).toBe(0);
      expect(await statusOf(e)).toEqual({
        participant: 'OPEN',
        referral: 'OPEN',
        enrollment: 'OPEN',
      });
      const failure = await db.one(
        `SELECT status_code, error_code FROM audit_events
          WHERE action = 'referral.disposition' AND outcome = 'FAILURE' AND entity_id = $1`,
        [e.referralId],
      );
      expect(failure).toEqual({ status_code: 422, error_code: 'ENROLLMENT_ACTIVE' });
      // Once it has ended, the court's word is recorded.
      expect(
        (await intake.post(`/enrollments/${e.enrollmentId}/transitions`, { to: 'WITHDRAWN' }))
          .status,
      ).toBe(200);
      expect((await dispose(e.referralId, 'DISMISSED')).status).toBe(201);
    });

    it('refuses bad input with 400 naming the field, an unknown referral with 404, and writes nothing', async () => {
      const e = await ended();
      const offense = (await intake.get(`/referrals/${e.referralId}`)).body.offenseDate;
      const cases: [object, string][] = [
        [{ disposition: 'PARDONED', decidedOn: chicagoDaysAgo(1) }, 'disposition'],
        [{ decidedOn: chicagoDaysAgo(1) }, 'disposition'],
        [{ disposition: 'DISMISSED' }, 'decidedOn'],
        [{ disposition: 'DISMISSED', decidedOn: addDays(chicagoToday(), 1) }, 'decidedOn'],
        [{ disposition: 'DISMISSED', decidedOn: '2026-02-30' }, 'decidedOn'],
        [{ disposition: 'DISMISSED', decidedOn: addDays(offense, -1) }, 'decidedOn'],
        [
          { disposition: 'DISMISSED', decidedOn: chicagoDaysAgo(1), courtReference: '   ' },
          'courtReference',
        ],
        [
          {
            disposition: 'DISMISSED',
            decidedOn: chicagoDaysAgo(1),
            courtReference: 'x'.repeat(121),
          },
          'courtReference',
        ],
        [{ disposition: 'DISMISSED', decidedOn: chicagoDaysAgo(1), note: 'a story' }, 'note'],
      ];
      for (const [body, field] of cases) {
        const res = await intake.post(`/referrals/${e.referralId}/dispositions`, body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({
          body,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect(res.body.errors.map((x: { field: string }) => x.field)).toContain(field);
      }
      const before = await intake.post(`/referrals/${e.referralId}/dispositions`, {
        disposition: 'DISMISSED',
        decidedOn: addDays(offense, -1),
      });
      expect(before.body.detail).toContain(offense);
      // The offense day itself is a possible day for the decision.
      const onOffense = await dispose(e.referralId, 'OTHER', offense);
      expect(onOffense.status).toBe(201);
      expect(await dispositionCount(e.referralId)).toBe(1);

      const unknown = randomUUID();
      const missing = await dispose(unknown, 'DISMISSED');
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('NOT_FOUND');
      expect((await intake.get(`/referrals/${unknown}/dispositions`)).status).toBe(404);
      const malformed = await intake.post(`/referrals/not-a-uuid/dispositions`, {
        disposition: 'DISMISSED',
        decidedOn: chicagoDaysAgo(1),
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0].field).toBe('id');
    });

    it('is for INTAKE and SUPERVISOR to record; AUDITOR reads; FINANCE and FACILITATOR neither', async () => {
      const e = await ended();
      for (const who of [finance, facilitator, auditor]) {
        const res = await dispose(e.referralId, 'DISMISSED', chicagoDaysAgo(1), who);
        expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
      }
      for (const who of [finance, facilitator]) {
        const res = await who.get(`/referrals/${e.referralId}/dispositions`);
        expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
      }
      expect(await dispositionCount(e.referralId)).toBe(0);
    });
  });

  describe('the record status the database keeps', () => {
    it('stays OPEN without a disposition, closes with DISMISSED on its day, and opens again on a CONVICTED correction', async () => {
      const e = await ended();
      expect(await statusOf(e)).toEqual({
        participant: 'OPEN',
        referral: 'OPEN',
        enrollment: 'OPEN',
      });
      expect(await closedOn(e)).toEqual({ participant: null, referral: null });

      const decidedOn = chicagoDaysAgo(10);
      await disposed(e.referralId, 'DISMISSED', decidedOn);
      expect(await statusOf(e)).toEqual({
        participant: 'CLOSED',
        referral: 'CLOSED',
        enrollment: 'CLOSED',
      });
      expect(await closedOn(e)).toEqual({ participant: decidedOn, referral: decidedOn });
      // The search and the referral lists show it too (which rows they show is not this test's).
      const listed = await supervisor
        .get(`/participants/${e.participantId}/referrals`)
        .set('X-Access-Reason', 'AUDIT');
      expect(listed.body.map((r: { recordStatus: string }) => r.recordStatus)).toEqual(['CLOSED']);

      // The prosecutor refiled and the court convicted: the latest disposition counts.
      await disposed(e.referralId, 'CONVICTED', chicagoDaysAgo(3));
      expect(await statusOf(e)).toEqual({
        participant: 'OPEN',
        referral: 'OPEN',
        enrollment: 'OPEN',
      });
      expect(await closedOn(e)).toEqual({ participant: null, referral: null });
    });

    it('closes on each of the four closing dispositions, never on CONVICTED or OTHER', async () => {
      for (const disposition of ['NOLLE_PROSEQUI', 'ACQUITTED', 'SIS_COMPLETED']) {
        const e = await ended();
        await disposed(e.referralId, disposition);
        expect({ disposition, ...(await statusOf(e)) }).toEqual({
          disposition,
          participant: 'CLOSED',
          referral: 'CLOSED',
          enrollment: 'CLOSED',
        });
      }
      for (const disposition of ['CONVICTED', 'OTHER']) {
        const e = await ended();
        await disposed(e.referralId, disposition);
        expect({ disposition, ...(await statusOf(e)) }).toEqual({
          disposition,
          participant: 'OPEN',
          referral: 'OPEN',
          enrollment: 'OPEN',
        });
        expect(await closedOn(e)).toEqual({ participant: null, referral: null });
      }
    });

    it('keeps a participant OPEN while another of their referrals is OPEN', async () => {
      const e = await ended();
      const second = await createReferral(intake, e.participantId);
      await disposed(e.referralId, 'DISMISSED');
      expect(await statusOf(e)).toEqual({
        participant: 'OPEN',
        referral: 'CLOSED',
        enrollment: 'CLOSED',
      });
      expect(await statusOf({ participantId: e.participantId, referralId: second.id })).toEqual({
        participant: 'OPEN',
        referral: 'OPEN',
      });
      // The second case dismissed too: now nothing of theirs is open.
      await disposed(second.id, 'DISMISSED', chicagoDaysAgo(1));
      expect((await statusOf(e)).participant).toBe('CLOSED');
      expect((await closedOn(e)).participant).toBe(chicagoDaysAgo(1));
    });

    it('opens a closed participant again with a new referral, and "first time only" still holds: PRIOR_DIVERSION', async () => {
      const e = await ended();
      await disposed(e.referralId, 'DISMISSED');
      expect((await statusOf(e)).participant).toBe('CLOSED');

      const again = await createReferral(intake, e.participantId);
      expect(await statusOf({ participantId: e.participantId, referralId: again.id })).toEqual({
        participant: 'OPEN',
        referral: 'OPEN',
      });
      expect((await statusOf(e)).referral).toBe('CLOSED');
      // The closed participation counts: the new case is not eligible, and nothing else fails.
      expect(await failingChecks(again.id)).toEqual(['PRIOR_DIVERSION']);
    });
  });

  describe('expungement', () => {
    it('makes the referral, its enrollment and the participant EXPUNGED; a second order is 409 and changes nothing', async () => {
      const e = await ended();
      await disposed(e.referralId, 'DISMISSED', chicagoDaysAgo(20));
      const orderedOn = chicagoDaysAgo(4);
      const res = await supervisor.post(`/referrals/${e.referralId}/expungement`, {
        orderedOn,
        orderReference: ' 2616-CV00321 ',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        referralId: e.referralId,
        orderedOn,
        orderReference: '2616-CV00321',
        recordedBy: supervisor.staffId,
        recordedAt: expect.any(String),
      });
      expect(await statusOf(e)).toEqual({
        participant: 'EXPUNGED',
        referral: 'EXPUNGED',
        enrollment: 'EXPUNGED',
      });
      // Closed since the dismissal, which came first.
      expect(await closedOn(e)).toEqual({
        participant: chicagoDaysAgo(20),
        referral: chicagoDaysAgo(20),
      });
      const event = await db.one(
        `SELECT entity_type, entity_id, details FROM audit_events
          WHERE action = 'referral.expungement' AND outcome = 'SUCCESS' AND entity_id = $1`,
        [e.referralId],
      );
      expect(event).toEqual({
        entity_type: 'referral',
        entity_id: e.referralId,
        details: { orderedOn },
      });

      const second = await supervisor.post(`/referrals/${e.referralId}/expungement`, {
        orderedOn: chicagoDaysAgo(1),
        orderReference: 'ANOTHER-ORDER',
      });
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('ALREADY_EXPUNGED');
      const kept = await db.query(
        `SELECT ordered_on::text AS ordered_on, order_reference FROM referral_expungements
          WHERE referral_id = $1`,
        [e.referralId],
      );
      expect(kept).toEqual([{ ordered_on: orderedOn, order_reference: '2616-CV00321' }]);

      // A later disposition does not undo an expungement.
      await disposed(e.referralId, 'CONVICTED', chicagoDaysAgo(1));
      expect((await statusOf(e)).referral).toBe('EXPUNGED');
      // And the person's participation still counts for "first time only".
      const again = await createReferral(intake, e.participantId);
      expect(await failingChecks(again.id)).toEqual(['PRIOR_DIVERSION']);
    });

    it('expunges a referral with no disposition, closed on the day of the order', async () => {
      const e = await ended();
      const orderedOn = chicagoDaysAgo(2);
      const res = await supervisor.post(`/referrals/${e.referralId}/expungement`, {
        orderedOn,
        orderReference: 'ORDER-1',
      });
      expect(res.status).toBe(201);
      expect(await statusOf(e)).toEqual({
        participant: 'EXPUNGED',
        referral: 'EXPUNGED',
        enrollment: 'EXPUNGED',
      });
      expect(await closedOn(e)).toEqual({ participant: orderedOn, referral: orderedOn });
    });

    it('is for a SUPERVISOR only, and refuses bad input naming the field', async () => {
      const e = await ended();
      const offense = (await intake.get(`/referrals/${e.referralId}`)).body.offenseDate;
      for (const who of [intake, auditor, finance, facilitator]) {
        const res = await who.post(`/referrals/${e.referralId}/expungement`, {
          orderedOn: chicagoDaysAgo(1),
          orderReference: 'ORDER-2',
        });
        expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
      }
      const cases: [object, string][] = [
        [{ orderReference: 'ORDER-2' }, 'orderedOn'],
        [{ orderedOn: addDays(chicagoToday(), 1), orderReference: 'ORDER-2' }, 'orderedOn'],
        [{ orderedOn: addDays(offense, -1), orderReference: 'ORDER-2' }, 'orderedOn'],
        [{ orderedOn: chicagoDaysAgo(1) }, 'orderReference'],
        [{ orderedOn: chicagoDaysAgo(1), orderReference: '  ' }, 'orderReference'],
        [{ orderedOn: chicagoDaysAgo(1), orderReference: 'x'.repeat(121) }, 'orderReference'],
      ];
      for (const [body, field] of cases) {
        const res = await supervisor.post(`/referrals/${e.referralId}/expungement`, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.body.errors.map((x: { field: string }) => x.field)).toContain(field);
      }
      const unknown = await supervisor.post(`/referrals/${randomUUID()}/expungement`, {
        orderedOn: chicagoDaysAgo(1),
        orderReference: 'ORDER-2',
      });
      expect(unknown.status).toBe(404);
      expect(
        (
          await db.query(`SELECT 1 FROM referral_expungements WHERE referral_id = $1`, [
            e.referralId,
          ])
        ).length,
      ).toBe(0);
      expect(await statusOf(e)).toEqual({
        participant: 'OPEN',
        referral: 'OPEN',
        enrollment: 'OPEN',
      });
    });
  });

  describe('registering a person whose record is closed', () => {
    /** A participant whose record is CLOSED, with the name and birth date they registered with. */
    const closedPerson = async () => {
      const e = await ended();
      await disposed(e.referralId, 'DISMISSED');
      const p = (
        await supervisor.get(`/participants/${e.participantId}`).set('X-Access-Reason', 'AUDIT')
      ).body;
      expect(p.recordStatus).toBe('CLOSED');
      return p as { id: string; firstName: string; lastName: string; dateOfBirth: string };
    };

    /** Nothing in the answer names the closed record: no id, no name, no date of birth. */
    const expectNothingOf = (
      body: object,
      p: { id: string; firstName: string; lastName: string; dateOfBirth: string },
    ) => {
      const text = JSON.stringify(body);
      for (const secret of [p.id, p.firstName, p.lastName, p.dateOfBirth])
        expect(text).not.toContain(secret);
    };

    const participants = async () =>
      (await db.one(`SELECT count(*)::int AS n FROM participants`)).n;

    it('answers 409 DUPLICATE_PARTICIPANT with recordClosed and no existingId', async () => {
      const p = await closedPerson();
      const before = await participants();
      for (const by of [intake, supervisor]) {
        const res = await by.post('/participants', {
          firstName: p.firstName,
          lastName: p.lastName.toUpperCase(),
          dateOfBirth: p.dateOfBirth,
        });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'DUPLICATE_PARTICIPANT', recordClosed: true });
        expect(res.body).not.toHaveProperty('existingId');
        expectNothingOf(res.body, p);
      }
      expect(await participants()).toBe(before);

      // Correcting another participant into that person is the same answer.
      const other = await intake.post('/participants', {
        firstName: p.firstName,
        lastName: `Other-${randomUUID().slice(0, 8)}`,
        dateOfBirth: p.dateOfBirth,
      });
      expect(other.status).toBe(201);
      const patched = await intake.patch(`/participants/${other.body.id}`, {
        lastName: p.lastName,
      });
      expect(patched.status).toBe(409);
      expect(patched.body).toMatchObject({ code: 'DUPLICATE_PARTICIPANT', recordClosed: true });
      expect(patched.body).not.toHaveProperty('existingId');
      expectNothingOf(patched.body, p);
      expect((await intake.get(`/participants/${other.body.id}`)).body.lastName).toBe(
        other.body.lastName,
      );
    });

    it('says so for the same state ID and birth date too, and for an expunged record', async () => {
      const e = await make.enroll();
      const stateIdNumber = `MO-${randomUUID().slice(0, 8)}`;
      expect(
        (await intake.patch(`/participants/${e.participantId}`, { stateIdNumber })).status,
      ).toBe(200);
      expect(
        (await intake.post(`/enrollments/${e.enrollmentId}/transitions`, { to: 'WITHDRAWN' }))
          .status,
      ).toBe(200);
      const order = await supervisor.post(`/referrals/${e.referralId}/expungement`, {
        orderedOn: chicagoDaysAgo(1),
        orderReference: 'ORDER-3',
      });
      expect(order.status).toBe(201);
      const p = (
        await supervisor.get(`/participants/${e.participantId}`).set('X-Access-Reason', 'AUDIT')
      ).body;
      expect(p.recordStatus).toBe('EXPUNGED');
      const res = await intake.post('/participants', {
        firstName: 'Someone',
        lastName: `Else-${randomUUID().slice(0, 8)}`,
        dateOfBirth: p.dateOfBirth,
        stateIdNumber,
      });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'DUPLICATE_PARTICIPANT', recordClosed: true });
      expect(res.body).not.toHaveProperty('existingId');
      expectNothingOf(res.body, p);
    });

    it('keeps naming an OPEN record as before', async () => {
      const e = await ended();
      const p = (await intake.get(`/participants/${e.participantId}`)).body;
      expect(p.recordStatus).toBe('OPEN');
      const res = await intake.post('/participants', {
        firstName: p.firstName,
        lastName: p.lastName,
        dateOfBirth: p.dateOfBirth,
      });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'DUPLICATE_PARTICIPANT', existingId: p.id });
      expect(res.body).not.toHaveProperty('recordClosed');
    });

    it('leaves a closed close match out of POSSIBLE_DUPLICATE candidates and says recordClosed instead', async () => {
      const p = await closedPerson();
      // One letter changed in the last name: a close spelling, not the same name key.
      const near = p.lastName.replace(/^(\w)(\w)/, (_m, a: string, b: string) => `${a}${b}${b}`);
      expect(near).not.toBe(p.lastName);
      const body = { firstName: p.firstName, lastName: near, dateOfBirth: p.dateOfBirth };
      const before = await participants();
      const res = await intake.post('/participants', body);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'POSSIBLE_DUPLICATE',
        candidates: [],
        recordClosed: true,
      });
      expectNothingOf(res.body, p);
      expect(await participants()).toBe(before);

      // A SUPERVISOR may register anyway (two letters swapped: another close spelling). The
      // override keeps the matches it was told of: none by name; the closed one stays unnamed.
      const swapped = p.lastName.replace(/^(\w)(\w)/, (_m, a: string, b: string) => `${b}${a}`);
      const anyway = await supervisor.post('/participants', {
        ...body,
        lastName: swapped,
        overrideDuplicate: { reason: 'The closed record was checked: another person' },
      });
      expect(anyway.status).toBe(201);
      expect(anyway.body.duplicateOverride.candidateIds).toEqual([]);
      expect(anyway.body.recordStatus).toBe('OPEN');

      // Close to both: the OPEN one is named, the closed one only said to exist.
      const both = await intake.post('/participants', { ...body, lastName: `${p.lastName}x` });
      expect(both.status).toBe(409);
      expect(both.body).toMatchObject({ code: 'POSSIBLE_DUPLICATE', recordClosed: true });
      expect(both.body.candidates.map((c: { id: string }) => c.id)).toEqual([anyway.body.id]);
      // (The named one shares the first name and birth date: the closed one's id and last name
      // are what must not show.)
      for (const secret of [p.id, p.lastName])
        expect(JSON.stringify(both.body)).not.toContain(secret);
      const event = await db.one(
        `SELECT details FROM audit_events
          WHERE action = 'participant.create' AND outcome = 'SUCCESS' AND entity_id = $1`,
        [anyway.body.id],
      );
      expect(event.details).toEqual({
        duplicateOverride: { candidateIds: [], recordClosed: true },
      });
      // The row itself keeps the closed match, for whoever may open closed records.
      const row = await db.one(`SELECT duplicate_override_of FROM participants WHERE id = $1`, [
        anyway.body.id,
      ]);
      expect(row.duplicate_override_of).toEqual([p.id]);
    });
  });

  describe('in the database', () => {
    it('refuses a disposition on the referral of an ACTIVE enrollment, whoever inserts it', async () => {
      const e = await make.enroll();
      const err = await db
        .query(
          `INSERT INTO referral_dispositions (referral_id, disposition, decided_on, recorded_by)
           VALUES ($1, 'DISMISSED', $2::date, $3)`,
          [e.referralId, chicagoDaysAgo(1), intake.staffId],
        )
        .then(
          () => undefined,
          (x: { code: string; constraint?: string }) => ({
            code: x.code,
            constraint: x.constraint,
          }),
        );
      expect(err).toEqual({ code: '23514', constraint: 'referral_dispositions_after_enrollment' });
      expect(await dispositionCount(e.referralId)).toBe(0);
      expect((await statusOf(e)).referral).toBe('OPEN');
    });

    it("keeps a record's status itself: the API's login cannot write it, with or without its role", async () => {
      const e = await ended();
      await disposed(e.referralId, 'DISMISSED');
      const api = new Client({ connectionString: db.apiUrl });
      await api.connect();
      try {
        for (const setup of [undefined, 'SET ROLE NONE']) {
          if (setup) await api.query(setup);
          for (const [table, id] of [
            ['participants', e.participantId],
            ['referrals', e.referralId],
          ]) {
            const refused = await api
              .query(`UPDATE ${table} SET record_status = 'OPEN', closed_on = NULL WHERE id = $1`, [
                id,
              ])
              .then(
                () => 'accepted',
                (x: { code: string }) => x.code,
              );
            expect({ setup, table, refused }).toEqual({ setup, table, refused: '42501' });
          }
        }
        // A correction the API may make still goes through, and leaves the status as it was.
        await api.query('RESET ROLE');
        await api.query(`UPDATE participants SET updated_at = now() WHERE id = $1`, [
          e.participantId,
        ]);
      } finally {
        await api.end();
      }
      expect(await statusOf(e)).toEqual({
        participant: 'CLOSED',
        referral: 'CLOSED',
        enrollment: 'CLOSED',
      });
    });

    it('refuses a disclosure without a listed reason, and a status without its closing day, whoever writes them', async () => {
      const e = await ended();
      await disposed(e.referralId, 'DISMISSED');
      const failure = (sql: string, params: unknown[]) =>
        db.query(sql, params).then(
          () => undefined,
          (x: { code: string; constraint?: string }) => ({
            code: x.code,
            constraint: x.constraint,
          }),
        );
      expect(
        await failure(
          `INSERT INTO disclosures (actor_id, reason, entity_type, entity_id, participant_id)
           VALUES ($1, 'CURIOSITY', 'PARTICIPANT', $2, $2)`,
          [supervisor.staffId, e.participantId],
        ),
      ).toEqual({ code: '23514', constraint: 'disclosures_reason' });
      // The owner may write the status (the function runs as the owner), never an inconsistent one.
      expect(
        await failure(`UPDATE referrals SET closed_on = NULL WHERE id = $1`, [e.referralId]),
      ).toEqual({ code: '23514', constraint: 'referrals_closed_on' });
      expect(
        await failure(`UPDATE participants SET record_status = 'OPEN' WHERE id = $1`, [
          e.participantId,
        ]),
      ).toEqual({ code: '23514', constraint: 'participants_closed_on' });
      expect(
        await failure(`UPDATE participants SET record_status = 'PSEUDONYMIZED' WHERE id = $1`, [
          e.participantId,
        ]),
      ).toEqual({ code: '23514', constraint: 'participants_pseudonymized' });
    });

    it('keeps the age at the offense in a check snapshot, never the date of birth (and refuses one)', async () => {
      const e = await make.enroll();
      const p = (await intake.get(`/participants/${e.participantId}`)).body;
      const r = (await intake.get(`/referrals/${e.referralId}`)).body;
      const row = await db.one(
        `SELECT c.input_snapshot FROM eligibility_checks c
           JOIN enrollments en ON en.eligibility_check_id = c.id WHERE en.id = $1`,
        [e.enrollmentId],
      );
      const [by, bm, bd] = p.dateOfBirth.split('-').map(Number);
      const [oy, om, od] = r.offenseDate.split('-').map(Number);
      const age = oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
      expect(row.input_snapshot.participant).toEqual({ ageAtOffense: age });
      expect(JSON.stringify(row.input_snapshot)).not.toContain(p.dateOfBirth);

      const err = await db
        .query(
          `INSERT INTO eligibility_checks (referral_id, rule_set_version, screening_version,
              eligible, input_snapshot, reasons, checked_by)
           VALUES ($1, 'MO-2026.1', 1, true, $2::jsonb, '[]'::jsonb, $3)`,
          [
            e.referralId,
            JSON.stringify({ ...row.input_snapshot, participant: { dateOfBirth: p.dateOfBirth } }),
            intake.staffId,
          ],
        )
        .then(
          () => undefined,
          (x: { code: string; constraint?: string }) => ({
            code: x.code,
            constraint: x.constraint,
          }),
        );
      expect(err).toEqual({ code: '23514', constraint: 'eligibility_checks_no_date_of_birth' });
    });

    it('the migration rewrites stored snapshots to the age at the offense and leaves the rows append-only', async () => {
      const fresh = await TestDatabase.create();
      const owner = new Client({ connectionString: fresh.url });
      await owner.connect();
      const { EligibilitySnapshotsAgeAtOffense1764900100000: Migration } = require(
        join(
          process.env.TEST_BUILD_DIR!,
          'migrations',
          '1764900100000-EligibilitySnapshotsAgeAtOffense.js',
        ),
      );
      const migration = new Migration();
      const runner = {
        query: (sql: string, params?: unknown[]) => owner.query(sql, params).then((r) => r.rows),
      };
      try {
        // The schema before it, and checks stored as the API used to store them.
        await migration.down(runner);
        const staff = (
          await owner.query(
            `INSERT INTO staff (email, display_name, roles, password_hash)
             VALUES ('clerk@test.example', 'Clerk', ARRAY['INTAKE'], 'x') RETURNING id`,
          )
        ).rows[0].id;
        const participant = (
          await owner.query(
            `INSERT INTO participants (first_name, last_name, last_name_key, date_of_birth, created_by)
             VALUES ('Lee', 'Snapshot', 'snapshot', DATE '2008-02-29', $1) RETURNING id`,
            [staff],
          )
        ).rows[0].id;
        const referral = (
          await owner.query(
            `INSERT INTO referrals (participant_id, case_number, case_number_key, jurisdiction,
                jurisdiction_key, referring_agency, offense_date, charge_code, offense_class,
                minor_involved, prior_prostitution_convictions, prior_diversion_declared,
                pending_similar_charge, registered_sex_offender, trafficking_charge, created_by)
             VALUES ($1, 'CR-OLD', 'CR-OLD', 'KC-MUNICIPAL', 'KC-MUNICIPAL', 'KCPD',
                DATE '2026-02-28', 'RSMo 567.030', 'B_MISDEMEANOR', 'NO', 0, false, false, false,
                false, $2)
             RETURNING id`,
            [participant, staff],
          )
        ).rows[0].id;
        const old = (offenseDate: string, dateOfBirth: string) => ({
          screeningVersion: 1,
          referral: { offenseDate, chargeCode: 'RSMo 567.030', minorInvolved: 'NO' },
          participant: { dateOfBirth },
          records: { priorEnrollmentIds: [] },
        });
        const stored: [object, object][] = [
          // A 29 February birthday is 17 on 28 February and 18 on 1 March of a common year.
          [old('2026-02-28', '2008-02-29'), { ageAtOffense: 17 }],
          [old('2026-03-01', '2008-02-29'), { ageAtOffense: 18 }],
          [old('2026-01-15', '1980-05-05'), { ageAtOffense: 45 }],
        ];
        const ids: string[] = [];
        for (const snapshot of [...stored.map(([before]) => before), {}]) {
          const r = await owner.query(
            `INSERT INTO eligibility_checks (referral_id, rule_set_version, screening_version,
                eligible, input_snapshot, reasons, checked_by)
             VALUES ($1, 'MO-2026.1', 1, true, $2::jsonb, '[]'::jsonb, $3) RETURNING id`,
            [referral, JSON.stringify(snapshot), staff],
          );
          ids.push(r.rows[0].id);
        }

        await migration.up(runner);
        const snapshotOf = async (id: string) =>
          (await owner.query(`SELECT input_snapshot FROM eligibility_checks WHERE id = $1`, [id]))
            .rows[0].input_snapshot;
        for (const [i, [before, participantNow]] of stored.entries()) {
          expect(await snapshotOf(ids[i])).toEqual({ ...before, participant: participantNow });
        }
        expect(await snapshotOf(ids[3])).toEqual({});
        const withBirthDate = await owner.query(
          `SELECT count(*)::int AS n FROM eligibility_checks
            WHERE jsonb_path_exists(input_snapshot, '$.**.dateOfBirth')
               OR input_snapshot::text LIKE '%2008-02-29%' OR input_snapshot::text LIKE '%1980-05-05%'`,
        );
        expect(withBirthDate.rows[0].n).toBe(0);

        // Append-only again: the trigger is back and on, for the owner too.
        const trigger = await owner.query(
          `SELECT tgenabled FROM pg_trigger WHERE tgname = 'eligibility_checks_immutable'`,
        );
        expect(trigger.rows).toEqual([{ tgenabled: 'O' }]);
        const ownerUpdate = await owner
          .query(`UPDATE eligibility_checks SET eligible = NOT eligible WHERE id = $1`, [ids[0]])
          .then(
            () => 'accepted',
            (e: { code: string }) => e.code,
          );
        expect(ownerUpdate).toBe('42501');

        // And the API's login still cannot change a check, whatever role it switches to.
        const api = new Client({ connectionString: fresh.apiUrl });
        await api.connect();
        try {
          for (const setup of [undefined, 'SET ROLE NONE']) {
            if (setup) await api.query(setup);
            const refused = await api
              .query(`UPDATE eligibility_checks SET input_snapshot = '{}'::jsonb WHERE id = $1`, [
                ids[0],
              ])
              .then(
                () => 'accepted',
                (e: { code: string }) => e.code,
              );
            expect({ setup, refused }).toEqual({ setup, refused: '42501' });
          }
        } finally {
          await api.end();
        }
        expect((await snapshotOf(ids[0])).participant).toEqual({ ageAtOffense: 17 });

        // down() takes the constraint away and cannot bring a birth date back; up() again
        // changes nothing.
        await migration.down(runner);
        expect((await snapshotOf(ids[2])).participant).toEqual({ ageAtOffense: 45 });
        await migration.up(runner);
        expect((await snapshotOf(ids[2])).participant).toEqual({ ageAtOffense: 45 });
      } finally {
        await owner.end();
        await fresh.close();
      }
    });
  });
});
