import { ApiFactory, EnrollmentFixture } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { loginAdmin } from './support/http';

/**
 * The database itself refuses what the domain forbids, whatever the application does. Each
 * statement below is run as the schema owner, past every check in the code, and must fail on the
 * named constraint or trigger: drop one and its test fails.
 */
describe('schema invariants of staff, intake, enrollments and the ledger', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let make: ApiFactory;
  let staffId: string;
  let e: EnrollmentFixture;

  const refused = async (sql: string, params: unknown[], code: string, name?: RegExp) => {
    const err = await db.query(sql, params).then(
      () => undefined,
      (x: { code: string; constraint?: string; message: string }) => x,
    );
    expect(err).toBeDefined();
    expect(err!.code).toBe(code);
    if (name) expect(`${err!.constraint ?? ''} ${err!.message}`).toMatch(name);
  };

  beforeAll(async () => {
    db = await TestDatabase.create();
    // The rows under attack are made the ordinary way, through the API; only the attacks are SQL.
    app = await startApp(db);
    make = await ApiFactory.create(app, await loginAdmin(app));
    staffId = (
      await db.one(
        `INSERT INTO staff (email, display_name, roles, password_hash)
         VALUES ('owner@test.example', 'Owner', ARRAY['ADMIN'], 'x') RETURNING id`,
      )
    ).id;
    e = await make.enroll();
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('keeps staff emails lower-case and unique, and roles within the six', async () => {
    const insert = `INSERT INTO staff (email, display_name, roles, password_hash) VALUES ($1, 'X', $2, 'x')`;
    await refused(insert, ['Upper@test.example', ['ADMIN']], '23514', /staff_email_check/);
    await refused(insert, ['owner@test.example', ['ADMIN']], '23505', /staff_email_key/);
    await refused(insert, ['root@test.example', ['ROOT']], '23514', /staff_roles_check/);
    await refused(insert, ['none@test.example', []], '23514', /staff_roles_check/);
  });

  it('keeps program fees positive', async () => {
    await refused(`UPDATE programs SET fee_cents = 0 WHERE code = 'OAR'`, [], '23514', /fee_cents/);
  });

  it('registers a person once and refuses birth dates before 1900', async () => {
    const p = await db.one(`SELECT last_name_key, date_of_birth FROM participants WHERE id = $1`, [
      e.participantId,
    ]);
    await refused(
      `INSERT INTO participants (first_name, last_name, last_name_key, date_of_birth, created_by)
       VALUES ('Twin', 'Twin', $1, $2, $3)`,
      [p.last_name_key, p.date_of_birth, staffId],
      '23505',
      /participants_identity_key/,
    );
    await refused(
      `INSERT INTO participants (first_name, last_name, last_name_key, date_of_birth, created_by)
       VALUES ('Old', 'Old', 'old', DATE '1899-12-31', $1)`,
      [staffId],
      '23514',
      /date_of_birth/,
    );
  });

  it('keeps a case number unique within its jurisdiction', async () => {
    await refused(
      `INSERT INTO referrals (participant_id, case_number, case_number_key, jurisdiction, jurisdiction_key,
          referring_agency, offense_date, charge_code, offense_class, minor_involved,
          prior_prostitution_convictions, prior_diversion_declared, pending_similar_charge,
          registered_sex_offender, trafficking_charge, created_by)
       SELECT participant_id, case_number, case_number_key, jurisdiction, jurisdiction_key, referring_agency,
              offense_date, charge_code, offense_class, minor_involved, 0, false, false, false, false, $2
         FROM referrals WHERE id = $1`,
      [e.referralId, staffId],
      '23505',
      /referrals_case_key/,
    );
  });

  it('keeps eligibility checks and enrollment transitions as they were written', async () => {
    await refused(`UPDATE eligibility_checks SET eligible = false`, [], '42501', /append-only/);
    await refused(`DELETE FROM eligibility_checks`, [], '42501', /append-only/);
    await db.query(
      `INSERT INTO enrollment_transitions (enrollment_id, from_status, to_status, by_staff_id)
       VALUES ($1, 'ACTIVE', 'ACTIVE', $2)`,
      [e.enrollmentId, staffId],
    );
    await refused(`UPDATE enrollment_transitions SET note = 'changed'`, [], '42501', /append-only/);
    await refused(`DELETE FROM enrollment_transitions`, [], '42501', /append-only/);
  });

  it('enrolls a participant once, ever, and keeps final states final', async () => {
    await refused(
      `INSERT INTO enrollments (participant_id, referral_id, eligibility_check_id, program_id, program_code,
          agreement_signed_on, enrolled_on, deadline, fee_cents, required_sessions, created_by)
       SELECT participant_id, referral_id, eligibility_check_id, program_id, program_code,
              agreement_signed_on, enrolled_on, deadline, fee_cents, required_sessions, created_by
         FROM enrollments WHERE id = $1`,
      [e.enrollmentId],
      '23505',
      /enrollments_one_per/,
    );
    await refused(
      `UPDATE enrollments SET status = 'COMPLETED', closed_on = current_date WHERE id = $1`,
      [e.enrollmentId],
      '23514',
      /certificate_number|enrollments_check/,
    );
    await refused(
      `UPDATE enrollments SET deadline = enrolled_on WHERE id = $1`,
      [e.enrollmentId],
      '23514',
    );
    const closed = await make.enroll();
    const withdrawn = await make.intake.post(`/enrollments/${closed.enrollmentId}/transitions`, {
      to: 'WITHDRAWN',
    });
    expect(withdrawn.status).toBe(200);
    await refused(
      `UPDATE enrollments SET status = 'ACTIVE', closed_on = NULL WHERE id = $1`,
      [closed.enrollmentId],
      '23514',
      /cannot change state/,
    );
  });

  it('takes only well-formed ledger entries: positive amounts, the sign of their kind, receipts on payments', async () => {
    const insert = `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents, method,
        received_on, receipt_number, reason, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
    const base = (
      kind: string,
      amount: number,
      signed: number,
      extra: unknown[] = [null, null, null, null],
    ) => [e.enrollmentId, kind, amount, signed, ...extra, staffId];
    await refused(insert, base('FEE', 0, 0), '23514', /amount_cents/);
    await refused(insert, base('FEE', 100, -100), '23514');
    await refused(insert, base('PAYMENT', 100, -100, ['CASH', '2026-11-01', null, null]), '23514');
    await refused(
      insert,
      base('PAYMENT', 100, 100, ['CASH', '2026-11-01', 'R-2026-999991', null]),
      '23514',
    );
    await refused(
      insert,
      base('PAYMENT', 100, -100, ['CASH', '2026-11-01', 'R-26-1', null]),
      '23514',
      /receipt_number/,
    );
    await refused(insert, base('WAIVER', 100, -100), '23514');
    await refused(insert, base('REFUND', 100, 100, ['CASH', null, null, null]), '23514');
  });
});
