/**
 * The product's invariants, each a query for the rows that break it. Shared by the demo seed's
 * test, the soak run, the fault tests and `npm run cli -- restore`: whatever wrote the data (the
 * seed, three instances under load, a killed process, a restored backup), none of these may
 * return a row.
 */
export interface Invariant {
  name: string;
  /** Returns the violating rows (empty when the invariant holds). */
  sql: string;
  group:
    'ledger' | 'receipts' | 'enrollments' | 'sessions' | 'remittances' | 'idempotency' | 'audit';
}

export interface InvariantResult {
  name: string;
  violations: number;
  sample: Record<string, unknown>[];
}

export const INVARIANTS: Invariant[] = [
  {
    name: 'each balance equals the sum of its entries by kind (FEE+, PAYMENT−, WAIVER−, REFUND+, REVERSAL = −target)',
    group: 'ledger',
    sql: `SELECT e.enrollment_id, sum(e.signed_amount_cents) AS signed_sum
            FROM ledger_entries e LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id
           GROUP BY e.enrollment_id
          HAVING sum(e.signed_amount_cents) <> sum(CASE e.kind
                   WHEN 'FEE' THEN e.amount_cents WHEN 'REFUND' THEN e.amount_cents
                   WHEN 'PAYMENT' THEN -e.amount_cents WHEN 'WAIVER' THEN -e.amount_cents
                   ELSE -t.signed_amount_cents END)`,
  },
  {
    name: 'each kept balance (enrollment_balances) equals the sum of its entries',
    group: 'ledger',
    sql: `SELECT coalesce(b.enrollment_id, e.enrollment_id) AS enrollment_id, b.balance_cents, e.signed_sum
            FROM enrollment_balances b
            FULL JOIN (SELECT enrollment_id, sum(signed_amount_cents) AS signed_sum
                         FROM ledger_entries GROUP BY enrollment_id) e
              ON e.enrollment_id = b.enrollment_id
           WHERE b.balance_cents IS DISTINCT FROM e.signed_sum`,
  },
  {
    name: 'every enrollment has exactly one FEE entry, of its fee',
    group: 'ledger',
    sql: `SELECT en.id, count(f.id) AS fees
            FROM enrollments en
            LEFT JOIN ledger_entries f ON f.enrollment_id = en.id AND f.kind = 'FEE'
           GROUP BY en.id, en.fee_cents
          HAVING count(f.id) <> 1 OR min(f.amount_cents) <> en.fee_cents`,
  },
  {
    name: 'no balance is ever negative (running sum in entry order)',
    group: 'ledger',
    sql: `SELECT enrollment_id, id, running FROM (
            SELECT enrollment_id, id,
                   sum(signed_amount_cents) OVER (PARTITION BY enrollment_id ORDER BY created_at, id) AS running
              FROM ledger_entries) x
           WHERE running < 0`,
  },
  {
    name: 'money received is never negative (refunds ≤ payments received)',
    group: 'ledger',
    sql: `SELECT e.enrollment_id, sum(CASE
                   WHEN e.kind IN ('PAYMENT','REFUND') THEN -e.signed_amount_cents
                   WHEN e.kind = 'REVERSAL' AND t.kind IN ('PAYMENT','REFUND') THEN -e.signed_amount_cents
                   ELSE 0 END) AS received
            FROM ledger_entries e LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id
           GROUP BY e.enrollment_id
          HAVING sum(CASE
                   WHEN e.kind IN ('PAYMENT','REFUND') THEN -e.signed_amount_cents
                   WHEN e.kind = 'REVERSAL' AND t.kind IN ('PAYMENT','REFUND') THEN -e.signed_amount_cents
                   ELSE 0 END) < 0`,
  },
  {
    name: 'an approved waiver has its WAIVER entry (same enrollment and amount); nothing else has one',
    group: 'ledger',
    sql: `SELECT w.id, w.status FROM waiver_requests w
            LEFT JOIN ledger_entries e ON e.id = w.ledger_entry_id
           WHERE (w.status = 'APPROVED') <> (e.id IS NOT NULL)
              OR (e.id IS NOT NULL AND (e.kind <> 'WAIVER' OR e.amount_cents <> w.amount_cents
                  OR e.enrollment_id <> w.enrollment_id OR e.waiver_request_id <> w.id))
          UNION ALL
          SELECT w.id, 'entry without approved request' FROM ledger_entries e
            JOIN waiver_requests w ON w.id = e.waiver_request_id
           WHERE w.status <> 'APPROVED' OR w.ledger_entry_id IS DISTINCT FROM e.id`,
  },
  {
    name: 'every PAYMENT has a receipt number of its received year',
    group: 'receipts',
    sql: `SELECT id FROM ledger_entries
           WHERE kind = 'PAYMENT' AND (receipt_number IS NULL
                 OR substr(receipt_number, 3, 4)::int <> extract(year FROM received_on))`,
  },
  {
    name: 'receipt numbers are unique and contiguous from 1 in each year, and the counter is at the last',
    group: 'receipts',
    sql: `WITH r AS (
            SELECT substr(receipt_number, 3, 4)::int AS year, substr(receipt_number, 8)::int AS n
              FROM ledger_entries WHERE receipt_number IS NOT NULL),
          y AS (SELECT year, count(*) AS c, count(DISTINCT n) AS d, min(n) AS lo, max(n) AS hi
                  FROM r GROUP BY year)
          SELECT y.year, y.c, y.d, y.lo, y.hi, rc.last_number
            FROM y FULL JOIN receipt_counters rc ON rc.year = y.year
           WHERE y.year IS NULL OR rc.year IS NULL OR y.c <> y.d OR y.lo <> 1 OR y.hi <> y.c
              OR rc.last_number <> y.hi`,
  },
  {
    name: 'no payment was received before its enrollment began',
    group: 'ledger',
    sql: `SELECT e.id, e.received_on, en.enrolled_on FROM ledger_entries e
            JOIN enrollments en ON en.id = e.enrollment_id
           WHERE e.kind = 'PAYMENT' AND e.received_on < en.enrolled_on`,
  },
  {
    name: 'a FEE or WAIVER is reversed only on a reversal request approved by neither its requester nor the entry’s author',
    group: 'ledger',
    sql: `SELECT r.id, t.kind, q.id AS request_id, q.status
            FROM ledger_entries r
            JOIN ledger_entries t ON t.id = r.reverses_entry_id AND t.kind IN ('FEE','WAIVER')
            LEFT JOIN reversal_requests q ON q.ledger_entry_id = r.id
           WHERE q.id IS NULL OR q.status <> 'APPROVED' OR q.entry_id <> t.id
              OR q.decided_by IN (q.requested_by, t.created_by) OR r.created_by <> q.decided_by`,
  },
  {
    name: 'a COMPLETED enrollment has balance 0 and attended sessions ≥ required',
    group: 'enrollments',
    // Attended sessions as the completion check counts them: enrollment_attended_sessions.
    sql: `SELECT en.id,
                 (SELECT coalesce(sum(signed_amount_cents), 0) FROM ledger_entries WHERE enrollment_id = en.id) AS balance,
                 (SELECT attended_sessions FROM enrollment_attended_sessions(ARRAY[en.id])) AS attended,
                 en.required_sessions
            FROM enrollments en
           WHERE en.status = 'COMPLETED'
             AND ((SELECT coalesce(sum(signed_amount_cents), 0) FROM ledger_entries WHERE enrollment_id = en.id) <> 0
               OR coalesce((SELECT attended_sessions FROM enrollment_attended_sessions(ARRAY[en.id])), 0)
                  < en.required_sessions)`,
  },
  {
    name: 'every closed enrollment has exactly one transition to its state',
    group: 'enrollments',
    sql: `SELECT en.id, en.status, count(t.id) AS transitions
            FROM enrollments en LEFT JOIN enrollment_transitions t ON t.enrollment_id = en.id
           GROUP BY en.id, en.status
          HAVING (en.status = 'ACTIVE' AND count(t.id) <> 0)
              OR (en.status <> 'ACTIVE' AND (count(t.id) <> 1 OR min(t.to_status) <> en.status))`,
  },
  {
    name: 'seats_taken = count(seats) ≤ capacity',
    group: 'sessions',
    sql: `SELECT c.id, c.seats_taken, c.capacity, count(s.enrollment_id) AS seats
            FROM class_sessions c LEFT JOIN session_seats s ON s.session_id = c.id
           GROUP BY c.id
          HAVING c.seats_taken <> count(s.enrollment_id) OR count(s.enrollment_id) > c.capacity`,
  },
  {
    name: 'no enrollment holds two seats at overlapping times (seats flagged legacy_overlap aside)',
    group: 'sessions',
    sql: `SELECT a.enrollment_id, a.session_id, b.session_id AS overlaps
            FROM session_seats a
            JOIN session_seats b ON b.enrollment_id = a.enrollment_id AND b.session_id > a.session_id
            JOIN class_sessions ca ON ca.id = a.session_id
            JOIN class_sessions cb ON cb.id = b.session_id
           WHERE NOT a.legacy_overlap AND NOT b.legacy_overlap
             AND ca.starts_at < cb.ends_at AND cb.starts_at < ca.ends_at`,
  },
  {
    name: 'no seat in a session that ended before its enrollment began, and each seat has its session’s time',
    group: 'sessions',
    sql: `SELECT s.session_id, s.enrollment_id FROM session_seats s
            JOIN class_sessions c ON c.id = s.session_id
            JOIN enrollments e ON e.id = s.enrollment_id
           WHERE (c.ends_at AT TIME ZONE 'America/Chicago')::date < e.enrolled_on
              OR s.during IS DISTINCT FROM tstzrange(c.starts_at, c.ends_at)`,
  },
  {
    name: 'seats belong to enrollments of the session’s program',
    group: 'sessions',
    sql: `SELECT s.session_id, s.enrollment_id FROM session_seats s
            JOIN class_sessions c ON c.id = s.session_id
            JOIN enrollments e ON e.id = s.enrollment_id
           WHERE e.program_code <> c.program_code`,
  },
  {
    name: 'each money movement is in at most one live batch, and only movements are remitted',
    group: 'remittances',
    sql: `SELECT i.ledger_entry_id, count(*) FILTER (WHERE i.live) AS live_items
            FROM remittance_items i
            JOIN ledger_entries e ON e.id = i.ledger_entry_id
            LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id
           GROUP BY i.ledger_entry_id, e.kind, t.kind
          HAVING count(*) FILTER (WHERE i.live) > 1
              OR NOT (e.kind IN ('PAYMENT','REFUND') OR (e.kind = 'REVERSAL' AND t.kind IN ('PAYMENT','REFUND')))
              OR bool_or(i.amount_cents <> -(SELECT signed_amount_cents FROM ledger_entries WHERE id = i.ledger_entry_id))`,
  },
  {
    name: 'no batch without items; total and count = its items; items live unless the batch is VOIDED',
    group: 'remittances',
    sql: `SELECT b.id, b.status, b.total_cents, b.item_count, count(i.ledger_entry_id) AS items,
                 coalesce(sum(i.amount_cents), 0) AS items_total
            FROM remittance_batches b LEFT JOIN remittance_items i ON i.batch_id = b.id
           GROUP BY b.id
          HAVING count(i.ledger_entry_id) = 0
              OR b.item_count <> count(i.ledger_entry_id)
              OR b.total_cents <> coalesce(sum(i.amount_cents), 0)
              OR bool_or(i.live) <> (b.status <> 'VOIDED')
              OR bool_and(i.live) <> (b.status <> 'VOIDED')`,
  },
  {
    name: 'every COMPLETED idempotency key has the entry its stored response names',
    group: 'idempotency',
    sql: `SELECT k.staff_id, k.key, k.response_status FROM idempotency_keys k
           WHERE k.status = 'COMPLETED' AND k.response_status = 201
             AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.id::text = k.response_body->>'id')`,
  },
  {
    name: 'an audit event for every change (entries, waivers, enrollments, transitions, seats, rosters, batches)',
    group: 'audit',
    // Probes audit_events_entity_idx (entity_type, entity_id) for each changed row.
    // A REVERSAL written on an approved reversal request is audited on the request.
    sql: `SELECT 'ledger_entry' AS what, e.id::text AS id FROM ledger_entries e
           WHERE e.kind IN ('PAYMENT','REFUND','REVERSAL') AND NOT EXISTS (
                 SELECT 1 FROM audit_events a WHERE a.entity_type = 'ledger_entry' AND a.entity_id = e.id::text
                    AND a.outcome = 'SUCCESS'
                    AND a.action IN ('ledger.payment.record','ledger.refund.record','ledger.reversal.record'))
             AND NOT EXISTS (
                 SELECT 1 FROM reversal_requests q JOIN audit_events a
                     ON a.entity_type = 'reversal_request' AND a.entity_id = q.id::text
                    AND a.outcome = 'SUCCESS' AND a.action = 'reversal.approve'
                  WHERE q.ledger_entry_id = e.id)
          UNION ALL
          SELECT 'reversal_request', q.id::text FROM reversal_requests q WHERE NOT EXISTS (
                 SELECT 1 FROM audit_events a WHERE a.entity_type = 'reversal_request' AND a.entity_id = q.id::text
                    AND a.outcome = 'SUCCESS' AND a.action = 'ledger.reversal.request')
              OR (q.status <> 'PENDING' AND NOT EXISTS (
                 SELECT 1 FROM audit_events a WHERE a.entity_type = 'reversal_request' AND a.entity_id = q.id::text
                    AND a.outcome = 'SUCCESS' AND a.action IN ('reversal.approve','reversal.reject')))
          UNION ALL
          SELECT 'waiver_request', w.id::text FROM waiver_requests w WHERE NOT EXISTS (
                 SELECT 1 FROM audit_events a WHERE a.entity_type = 'waiver_request' AND a.entity_id = w.id::text
                    AND a.outcome = 'SUCCESS' AND a.action = 'waiver.request')
              OR (w.status <> 'PENDING' AND NOT EXISTS (
                 SELECT 1 FROM audit_events a WHERE a.entity_type = 'waiver_request' AND a.entity_id = w.id::text
                    AND a.outcome = 'SUCCESS' AND a.action IN ('waiver.approve','waiver.reject')))
          UNION ALL
          SELECT 'enrollment', en.id::text FROM enrollments en WHERE NOT EXISTS (
                 SELECT 1 FROM audit_events a WHERE a.entity_type = 'enrollment' AND a.entity_id = en.id::text
                    AND a.outcome = 'SUCCESS' AND a.action = 'enrollment.create')
              OR (en.status <> 'ACTIVE' AND NOT EXISTS (
                 SELECT 1 FROM audit_events a WHERE a.entity_type = 'enrollment' AND a.entity_id = en.id::text
                    AND a.outcome = 'SUCCESS' AND a.action = 'enrollment.transition'))
          UNION ALL
          SELECT 'class_session seats', s.session_id::text
            FROM (SELECT session_id, count(*) AS seats FROM session_seats GROUP BY session_id) s
           WHERE s.seats > (SELECT count(*) FROM audit_events a
                             WHERE a.entity_type = 'class_session' AND a.entity_id = s.session_id::text
                               AND a.outcome = 'SUCCESS' AND a.action = 'session.seat')
          UNION ALL
          SELECT 'class_session roster', r.session_id::text
            FROM (SELECT DISTINCT session_id FROM attendance_records) r
           WHERE NOT EXISTS (SELECT 1 FROM audit_events a
                              WHERE a.entity_type = 'class_session' AND a.entity_id = r.session_id::text
                                AND a.outcome = 'SUCCESS' AND a.action = 'session.attendance')
          UNION ALL
          SELECT 'remittance_batch', b.id::text FROM remittance_batches b WHERE NOT EXISTS (
                 SELECT 1 FROM audit_events a WHERE a.entity_type = 'remittance_batch' AND a.entity_id = b.id::text
                    AND a.outcome = 'SUCCESS' AND a.action = 'remittance.create')`,
  },
];

/** Runs every invariant (or those of the given groups); a result per invariant. */
export async function checkInvariants(
  query: (sql: string) => Promise<Record<string, unknown>[]>,
  groups?: Invariant['group'][],
): Promise<InvariantResult[]> {
  const results: InvariantResult[] = [];
  for (const inv of INVARIANTS) {
    if (groups && !groups.includes(inv.group)) continue;
    // MATERIALIZED: the query is planned for all its rows. Planned under the LIMIT, PostgreSQL
    // may pick a fast-start nested loop that reads an index end to end per row (seen after a
    // restore: 100 s instead of 0.4 s for the remittance items).
    const rows = await query(
      `WITH v AS MATERIALIZED (${inv.sql}) SELECT count(*) OVER () AS __violations, v.* FROM v LIMIT 5`,
    );
    results.push({
      name: inv.name,
      violations: rows.length ? Number(rows[0].__violations) : 0,
      sample: rows.map(({ __violations: _, ...r }) => r),
    });
  }
  return results;
}

export function formatInvariantReport(results: InvariantResult[]): string {
  return results
    .map(
      (r) =>
        `${r.violations === 0 ? 'ok  ' : 'FAIL'} ${r.name}${
          r.violations
            ? ` — ${r.violations} violation(s), e.g. ${JSON.stringify(r.sample.slice(0, 3))}`
            : ''
        }`,
    )
    .join('\n');
}
