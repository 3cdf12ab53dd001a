import type { Pool } from 'pg';
import type { LoadConfig } from './load-http';

/**
 * Bulk data for the benchmarks, written as the database owner with set-based SQL
 * (generate_series), keeping every constraint and trigger satisfied.
 */
export async function bulkEnrollments(
  pool: Pool,
  opts: {
    n: number;
    tag: string;
    programCode: 'JOHNZ_SCHOOL' | 'OAR';
    feeCents: number;
    staffId: string;
    /** SQL for the enrollment date of row g (1…n), e.g. `DATE '2021-01-01' + g % 1900`. */
    enrolledOn?: string;
  },
): Promise<string[]> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query(
      `CREATE TEMP TABLE bench_ids ON COMMIT DROP AS
         SELECT g, gen_random_uuid() AS pid, gen_random_uuid() AS rid, gen_random_uuid() AS cid,
                gen_random_uuid() AS eid, ${opts.enrolledOn ?? 'current_date - 30'} AS enrolled_on
           FROM generate_series(1, $1::int) g`,
      [opts.n],
    );
    await c.query(
      `INSERT INTO participants (id, first_name, last_name, last_name_key, date_of_birth, created_by)
       SELECT pid, 'Bench', 'Load' || $1 || g, 'load' || lower($1) || g, DATE '1960-01-01' + g % 12000, $2
         FROM bench_ids`,
      [opts.tag, opts.staffId],
    );
    await c.query(
      `INSERT INTO referrals (id, participant_id, case_number, case_number_key, jurisdiction, jurisdiction_key,
           referring_agency, offense_date, charge_code, offense_class, minor_involved,
           prior_prostitution_convictions, prior_diversion_declared, pending_similar_charge,
           registered_sex_offender, trafficking_charge, created_by)
       SELECT rid, pid, 'BENCH-' || $1 || '-' || g, 'BENCH-' || upper($1) || '-' || g,
              'KC-MUNICIPAL', 'KC-MUNICIPAL', 'KCPD', enrolled_on - 20,
              'RSMo 567.030', 'B_MISDEMEANOR', 'NO', 0, false, false, false, false, $2
         FROM bench_ids`,
      [opts.tag, opts.staffId],
    );
    await c.query(
      `INSERT INTO eligibility_checks (id, referral_id, rule_set_version, screening_version, eligible,
           input_snapshot, reasons, checked_by)
       SELECT cid, rid, 'MO-2026.1', 1, true, '{}'::jsonb, '[]'::jsonb, $1 FROM bench_ids`,
      [opts.staffId],
    );
    await c.query(
      `INSERT INTO enrollments (id, participant_id, referral_id, eligibility_check_id, program_id, program_code,
           agreement_signed_on, enrolled_on, deadline, fee_cents, required_sessions, created_by, created_at)
       SELECT b.eid, b.pid, b.rid, b.cid, p.id, p.code, b.enrolled_on, b.enrolled_on,
              b.enrolled_on + p.completion_window_days, $2, p.required_sessions, $3,
              (b.enrolled_on + time '09:00') AT TIME ZONE 'America/Chicago'
         FROM bench_ids b CROSS JOIN programs p WHERE p.code = $1`,
      [opts.programCode, opts.feeCents, opts.staffId],
    );
    await c.query(
      `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents, created_by, created_at)
       SELECT eid, 'FEE', $1, $1, $2, (enrolled_on + time '09:00') AT TIME ZONE 'America/Chicago' FROM bench_ids`,
      [opts.feeCents, opts.staffId],
    );
    const ids = await c.query<{ eid: string }>(`SELECT eid FROM bench_ids ORDER BY g`);
    await c.query('COMMIT');
    return ids.rows.map((r) => r.eid);
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  } finally {
    c.release();
  }
}

/**
 * History: `n` enrollments enrolled evenly over `days` days from `from`, 49 entries each after the
 * fee (payments of every method with their receipts, waivers, refunds), dated every third day
 * after the enrollment. 20,000 of them are 1,000,000 ledger entries.
 */
export async function ledgerHistory(
  pool: Pool,
  staffId: string,
  opts: { n: number; tag: string; from: string; days: number },
): Promise<{ entries: number }> {
  const n = opts.n;
  const ids = await bulkEnrollments(pool, {
    n,
    tag: opts.tag,
    programCode: 'OAR',
    feeCents: 100_000,
    staffId,
    enrolledOn: `DATE '${opts.from}' + (g * ${opts.days} / ${n})`,
  });
  await pool.query(
    `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents, method, reference,
         received_on, receipt_number, reason, created_by, created_at)
     SELECT x.eid, x.kind, x.amount, CASE WHEN x.kind = 'REFUND' THEN x.amount ELSE -x.amount END,
            CASE WHEN x.kind = 'PAYMENT' THEN (ARRAY['CASH','CHECK','MONEY_ORDER','CARD'])[1 + x.j % 4]
                 WHEN x.kind = 'REFUND' THEN 'CHECK' END,
            CASE WHEN x.kind IN ('PAYMENT','REFUND') THEN 'No. ' || x.j END,
            CASE WHEN x.kind IN ('PAYMENT','REFUND') THEN x.day END,
            CASE WHEN x.kind = 'PAYMENT' THEN 'R-' || extract(year FROM x.day) || '-' || lpad(
              (row_number() OVER (PARTITION BY x.kind, extract(year FROM x.day) ORDER BY x.day, x.g, x.j)
               + coalesce((SELECT last_number FROM receipt_counters rc
                            WHERE rc.year = extract(year FROM x.day)::int), 0))::text, 6, '0') END,
            CASE x.kind WHEN 'WAIVER' THEN 'ABILITY_TO_PAY' WHEN 'REFUND' THEN 'Overpaid installment' END,
            $2, (x.day + time '12:00') AT TIME ZONE 'America/Chicago' + x.j * interval '1 second'
       FROM (SELECT i.eid, i.g, j, en.enrolled_on + j * 3 AS day,
                    CASE WHEN j % 20 = 7 THEN 'WAIVER' WHEN j % 25 = 24 THEN 'REFUND' ELSE 'PAYMENT' END AS kind,
                    CASE WHEN j % 20 = 7 OR j % 25 = 24 THEN 500 ELSE 1000 END AS amount
               FROM unnest($1::uuid[]) WITH ORDINALITY AS i(eid, g)
               JOIN enrollments en ON en.id = i.eid
               CROSS JOIN generate_series(1, 49) j) x`,
    [ids, staffId],
  );
  await pool.query(
    `INSERT INTO receipt_counters (year, last_number)
     SELECT substr(receipt_number, 3, 4)::int, max(substr(receipt_number, 8)::int)
       FROM ledger_entries WHERE receipt_number IS NOT NULL GROUP BY 1
     ON CONFLICT (year) DO UPDATE SET last_number = greatest(receipt_counters.last_number, EXCLUDED.last_number)`,
  );
  await pool.query('VACUUM ANALYZE ledger_entries');
  await pool.query('ANALYZE enrollments');
  const count = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ledger_entries`);
  return { entries: Number(count.rows[0].n) };
}

/** A SENT remittance batch per finished year, of that year's movements no batch holds yet. */
export async function remittedYears(pool: Pool, staffId: string, years: number[]): Promise<void> {
  for (const year of years) {
    const b = await pool.query<{ id: string }>(
      `INSERT INTO remittance_batches (period_end, created_by, created_at)
       VALUES (make_date($1::int, 12, 31), $2, make_date($1::int + 1, 1, 3)::timestamptz) RETURNING id`,
      [year, staffId],
    );
    await pool.query(
      `INSERT INTO remittance_items (batch_id, ledger_entry_id, amount_cents)
       SELECT $1, e.id, -e.signed_amount_cents FROM ledger_entries e
        WHERE e.kind IN ('PAYMENT','REFUND')
          AND e.received_on BETWEEN make_date($2::int, 1, 1) AND make_date($2::int, 12, 31)
          AND NOT EXISTS (SELECT 1 FROM remittance_items i WHERE i.ledger_entry_id = e.id AND i.live)`,
      [b.rows[0].id, year],
    );
    await pool.query(
      `UPDATE remittance_batches b SET total_cents = s.total, item_count = s.n, status = 'SENT',
              transfer_reference = 'ACH-' || $2::int, sent_on = make_date($2::int + 1, 1, 5),
              sent_at = make_date($2::int + 1, 1, 5)::timestamptz, sent_by = $3
         FROM (SELECT coalesce(sum(amount_cents), 0) AS total, count(*)::int AS n
                 FROM remittance_items WHERE batch_id = $1) s
        WHERE b.id = $1`,
      [b.rows[0].id, year, staffId],
    );
  }
  await pool.query('VACUUM ANALYZE remittance_items');
}

/**
 * Sessions that have started, each with `seats` seated ACTIVE enrollments of its program (and the
 * facilitator whose roster it is: facilitators record attendance of their own sessions only).
 */
export async function startedSessions(
  pool: Pool,
  opts: { sessions: number; seats: number; staffId: string; facilitatorId?: string },
): Promise<{ sessionId: string; enrollmentIds: string[] }[]> {
  const out: { sessionId: string; enrollmentIds: string[] }[] = [];
  for (let s = 0; s < opts.sessions; s++) {
    const ids = await bulkEnrollments(pool, {
      n: opts.seats,
      tag: `roster${s}x`,
      programCode: 'JOHNZ_SCHOOL',
      feeCents: 50_000,
      staffId: opts.staffId,
    });
    const session = await pool.query<{ id: string }>(
      `INSERT INTO class_sessions (program_id, program_code, starts_at, ends_at, location, capacity, seats_taken,
           facilitator_id, created_by)
       SELECT id, code, now() - interval '1 hour', now() + interval '2 hours', 'Bench room', $2, $2, $3, $1
         FROM programs WHERE code = 'JOHNZ_SCHOOL' RETURNING id`,
      [opts.staffId, opts.seats, opts.facilitatorId ?? null],
    );
    await pool.query(
      `INSERT INTO session_seats (session_id, enrollment_id, seated_by)
       SELECT $1, unnest($2::uuid[]), $3`,
      [session.rows[0].id, ids, opts.staffId],
    );
    out.push({ sessionId: session.rows[0].id, enrollmentIds: ids });
  }
  return out;
}

/**
 * The roster load of the bench and the memory measurement: 4 connections PUT the 40-person
 * rosters of the started sessions, two alternating rosters per session (everyone PRESENT, then
 * everyone LATE), so every request changes all 40 records.
 */
export function rosterLoad(
  sessions: { sessionId: string; enrollmentIds: string[] }[],
  url: string,
  token: string,
  seconds: number,
): LoadConfig {
  const roster = (s: (typeof sessions)[number], status: string) => ({
    records: s.enrollmentIds.map((enrollmentId) => ({ enrollmentId, status })),
  });
  return {
    url,
    token,
    connections: 4,
    durationSeconds: seconds,
    method: 'PUT',
    paths: [...sessions, ...sessions].map((s) => `/api/v1/sessions/${s.sessionId}/attendance`),
    bodies: [
      ...sessions.map((s) => roster(s, 'PRESENT')),
      ...sessions.map((s) => roster(s, 'LATE')),
    ],
  };
}
