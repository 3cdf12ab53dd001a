import { lastNameKey } from '../../src/participants/identity';
import { TestDatabase } from './app';

/**
 * People enrolled and seated by SQL, for the browser tests whose point is how many there are (a
 * roster of 40 on one sheet, a session's six at the door), not the way they were enrolled: that
 * way is the intake journey's, in the browser, and the API's, in the server tests. One
 * transaction per call instead of four requests a person; every row as the API writes it (the
 * name's search key, an eligible check, the fee on the ledger, the program's settings of the
 * day), so the screens cannot tell them apart.
 */
export interface SqlPerson {
  participantId: string;
  enrollmentId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
}

export async function enrolledBySql(
  db: TestDatabase,
  opts: {
    people: { firstName: string; lastName: string; dateOfBirth: string }[];
    programCode: 'JOHNZ_SCHOOL' | 'OAR';
    /** The agreement's signing day, the enrollment day (YYYY-MM-DD). */
    enrolledOn: string;
    staffId: string;
  },
): Promise<SqlPerson[]> {
  const c = await db.pool.connect();
  try {
    await c.query('BEGIN');
    const { rows } = await c.query<{ pid: string; eid: string; g: number }>(
      `WITH people AS (
         SELECT g::int, f, l, k, d::date AS dob, gen_random_uuid() AS pid, gen_random_uuid() AS rid,
                gen_random_uuid() AS cid, gen_random_uuid() AS eid
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS x(f, l, k, d, g)
       ), p AS (
         INSERT INTO participants (id, first_name, last_name, last_name_key, date_of_birth, created_by)
         SELECT pid, f, l, k, dob, $5 FROM people
       ), r AS (
         INSERT INTO referrals (id, participant_id, case_number, case_number_key, jurisdiction,
             jurisdiction_key, referring_agency, offense_date, charge_code, offense_class,
             minor_involved, prior_prostitution_convictions, prior_diversion_declared,
             pending_similar_charge, registered_sex_offender, trafficking_charge, created_by)
         SELECT rid, pid, '2026-CR-SQL-' || upper(substr(pid::text, 1, 8)),
                '2026-CR-SQL-' || upper(substr(pid::text, 1, 8)), 'KC-MUNICIPAL', 'KC-MUNICIPAL',
                'KCPD', $6::date - 20, 'RSMo 567.030', 'B_MISDEMEANOR', 'NO', 0, false, false,
                false, false, $5
           FROM people
       ), e AS (
         INSERT INTO eligibility_checks (id, referral_id, rule_set_version, screening_version,
             eligible, input_snapshot, reasons, checked_by)
         SELECT cid, rid, 'MO-2026.1', 1, true, '{}'::jsonb, '[]'::jsonb, $5 FROM people
       )
       SELECT pid, eid, g FROM people ORDER BY g`,
      [
        opts.people.map((p) => p.firstName),
        opts.people.map((p) => p.lastName),
        opts.people.map((p) => lastNameKey(p.lastName)),
        opts.people.map((p) => p.dateOfBirth),
        opts.staffId,
        opts.enrolledOn,
      ],
    );
    // The enrollments after their checks (a data-modifying CTE sees no rows of its siblings).
    await c.query(
      `INSERT INTO enrollments (id, participant_id, referral_id, eligibility_check_id, program_id,
           program_code, agreement_signed_on, enrolled_on, deadline, fee_cents, required_sessions,
           created_by, created_at)
       SELECT x.eid, r.participant_id, r.id, ec.id, pr.id, pr.code, $3::date, $3::date,
              $3::date + pr.completion_window_days, pr.fee_cents, pr.required_sessions, $4,
              ($3::date + time '09:00') AT TIME ZONE 'America/Chicago'
         FROM unnest($1::uuid[], $2::uuid[]) AS x(pid, eid)
         JOIN referrals r ON r.participant_id = x.pid
         JOIN eligibility_checks ec ON ec.referral_id = r.id
         CROSS JOIN programs pr WHERE pr.code = $5`,
      [
        rows.map((r) => r.pid),
        rows.map((r) => r.eid),
        opts.enrolledOn,
        opts.staffId,
        opts.programCode,
      ],
    );
    await c.query(
      `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents, created_by, created_at)
       SELECT e.id, 'FEE', e.fee_cents, e.fee_cents, $2, e.created_at
         FROM enrollments e WHERE e.id = ANY($1::uuid[])`,
      [rows.map((r) => r.eid), opts.staffId],
    );
    await c.query('COMMIT');
    return rows.map((r, i) => ({
      participantId: r.pid,
      enrollmentId: r.eid,
      ...opts.people[i],
    }));
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  } finally {
    c.release();
  }
}

/** Seats the enrollments in a session (as `staffId`, with `lateReason` once it has started). */
export async function seatedBySql(
  db: TestDatabase,
  sessionId: string,
  enrollmentIds: string[],
  staffId: string,
  lateReason: string | null = null,
): Promise<void> {
  const c = await db.pool.connect();
  try {
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO session_seats (session_id, enrollment_id, seated_by, late_reason)
       SELECT $1, unnest($2::uuid[]), $3, $4`,
      [sessionId, enrollmentIds, staffId, lateReason],
    );
    await c.query(
      `UPDATE class_sessions SET seats_taken = seats_taken + cardinality($2::uuid[]) WHERE id = $1`,
      [sessionId, enrollmentIds],
    );
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  } finally {
    c.release();
  }
}
