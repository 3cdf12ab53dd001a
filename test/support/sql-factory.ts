import { randomBytes } from 'node:crypto';
import { TestDatabase } from './app';

/**
 * Builders that write straight to the database, for tests whose subject comes after intake
 * (sessions, ledger, remittances): an ACTIVE enrollment with its FEE entry, as POST /enrollments
 * would leave it. Intake's own tests go through HTTP.
 */
export interface EnrollmentFixture {
  enrollmentId: string;
  participantId: string;
  referralId: string;
  programCode: 'JOHNZ_SCHOOL' | 'OAR';
  feeCents: number;
  lastName: string;
  firstName: string;
  caseNumber: string;
}

const LAST_NAMES = [
  'Anderson',
  'Brooks',
  'Carter',
  'Diaz',
  'Evans',
  'Foster',
  'Garcia',
  'Hughes',
  'Irwin',
  'Jones',
];

export async function makeEnrollment(
  db: TestDatabase,
  opts: {
    programCode?: 'JOHNZ_SCHOOL' | 'OAR';
    feeCents?: number;
    requiredSessions?: number;
    enrolledOn?: string;
    staffId?: string;
    lastName?: string;
  } = {},
): Promise<EnrollmentFixture> {
  const programCode = opts.programCode ?? 'JOHNZ_SCHOOL';
  const tag = randomBytes(4).toString('hex');
  const lastName =
    opts.lastName ?? `${LAST_NAMES[parseInt(tag.slice(0, 2), 16) % LAST_NAMES.length]}-${tag}`;
  const firstName = `Pat${tag.slice(0, 3)}`;
  const caseNumber = `CR-${tag}`;
  const staffId =
    opts.staffId ??
    (await db.one<{ id: string }>(`SELECT id FROM staff ORDER BY created_at LIMIT 1`)).id;
  const program = await db.one<{
    id: string;
    fee_cents: string;
    required_sessions: number;
    completion_window_days: number;
  }>(
    `SELECT id, fee_cents, required_sessions, completion_window_days FROM programs WHERE code = $1`,
    [programCode],
  );
  const feeCents = opts.feeCents ?? Number(program.fee_cents);
  const requiredSessions = opts.requiredSessions ?? program.required_sessions;
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const p = await client.query(
      `INSERT INTO participants (first_name, last_name, last_name_key, date_of_birth, created_by)
       VALUES ($1, $2, $3, DATE '1980-01-01' + ($4::int % 5000), $5) RETURNING id`,
      [
        firstName,
        lastName,
        lastName.toLowerCase().replace(/[^a-z0-9]/g, ''),
        parseInt(tag, 16) % 5000,
        staffId,
      ],
    );
    const participantId = p.rows[0].id as string;
    const r = await client.query(
      `INSERT INTO referrals (participant_id, case_number, case_number_key, jurisdiction, jurisdiction_key,
          referring_agency, offense_date, charge_code, offense_class, minor_involved,
          prior_prostitution_convictions, prior_diversion_declared, pending_similar_charge,
          registered_sex_offender, trafficking_charge, created_by)
       VALUES ($1, $2, upper($2), 'Kansas City Municipal', 'KANSAS CITY MUNICIPAL', 'KCPD', DATE '2026-01-15',
          'RSMo 567.030', 'B_MISDEMEANOR', 'NO', 0, false, false, false, false, $3) RETURNING id`,
      [participantId, caseNumber, staffId],
    );
    const referralId = r.rows[0].id as string;
    const c = await client.query(
      `INSERT INTO eligibility_checks (referral_id, rule_set_version, screening_version, eligible, input_snapshot, reasons, checked_by)
       VALUES ($1, 'MO-2026.1', 1, true, '{}'::jsonb, '[]'::jsonb, $2) RETURNING id`,
      [referralId, staffId],
    );
    const enrolledOn = opts.enrolledOn ?? new Date().toISOString().slice(0, 10);
    const e = await client.query(
      `INSERT INTO enrollments (participant_id, referral_id, eligibility_check_id, program_id, program_code,
          agreement_signed_on, enrolled_on, deadline, fee_cents, required_sessions, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::date, $6::date, $6::date + $7::int, $8, $9, $10) RETURNING id`,
      [
        participantId,
        referralId,
        c.rows[0].id,
        program.id,
        programCode,
        enrolledOn,
        program.completion_window_days,
        feeCents,
        requiredSessions,
        staffId,
      ],
    );
    const enrollmentId = e.rows[0].id as string;
    await client.query(
      `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents, created_by)
       VALUES ($1, 'FEE', $2, $2, $3)`,
      [enrollmentId, feeCents, staffId],
    );
    await client.query('COMMIT');
    return {
      enrollmentId,
      participantId,
      referralId,
      programCode,
      feeCents,
      lastName,
      firstName,
      caseNumber,
    };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
