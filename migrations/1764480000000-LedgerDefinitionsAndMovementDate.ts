import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The movement date of an entry: a payment's received date, else the Chicago day it was recorded.
 * The view's movement_on is the same expression, so the planner uses this index for it.
 */
const MOVEMENT_ON = `(CASE WHEN kind = 'PAYMENT' THEN received_on
  ELSE (created_at AT TIME ZONE 'America/Chicago')::date END)`;

/**
 * One definition of what an entry does to a participant's money, and of attended sessions
 * (issue 15, point 2), used by the ledger, completion, the completion notice, the reports and
 * remittances alike; and an index on the movement date, so that a report over a date range reads
 * the entries in that range and not the whole ledger (issue 13, point 4).
 */
export class LedgerDefinitionsAndMovementDate1764480000000 implements MigrationInterface {
  name = 'LedgerDefinitionsAndMovementDate1764480000000';

  async up(q: QueryRunner): Promise<void> {
    // Immutable (a fixed zone), so it can be indexed; the view below uses the very same text.
    await q.query(`CREATE INDEX ledger_entries_movement_on_idx ON ledger_entries (${MOVEMENT_ON})`);

    // Per entry. A REVERSAL counts as the kind of the entry it reverses (effective_kind) with the
    // negated amount. A money movement is a PAYMENT or REFUND or a reversal of one; what it adds to
    // the money received (and to a remittance) is the negation of its signed amount.
    await q.query(`
      CREATE VIEW ledger_entry_effects AS
      SELECT e.id, e.enrollment_id, e.kind, t.kind AS reversed_kind,
             coalesce(t.kind, e.kind) AS effective_kind,
             e.amount_cents, e.signed_amount_cents,
             coalesce(t.kind, e.kind) IN ('PAYMENT', 'REFUND') AS is_movement,
             CASE WHEN coalesce(t.kind, e.kind) IN ('PAYMENT', 'REFUND')
                  THEN -e.signed_amount_cents ELSE 0 END AS received_cents,
             CASE WHEN e.kind = 'PAYMENT' THEN e.received_on
                  ELSE (e.created_at AT TIME ZONE 'America/Chicago')::date END AS movement_on,
             coalesce(e.method, t.method) AS method,
             coalesce(e.receipt_number, t.receipt_number) AS receipt_number,
             e.created_at
        FROM ledger_entries e
        LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id`);
    await q.query(`REVOKE INSERT ON ledger_entry_effects FROM diversion_app`);

    // Per enrollment, over a set of ids: balance (what is owed), money received, the fee assessed
    // net of its reversal and the waivers net of theirs — at the end of the Chicago day as_of, or
    // now when it is null. No row for an id without entries.
    await q.query(`
      CREATE FUNCTION enrollment_ledger_totals(enrollment_ids uuid[], as_of date DEFAULT NULL)
      RETURNS TABLE (enrollment_id uuid, balance_cents bigint, received_cents bigint,
                     assessed_cents bigint, waived_cents bigint)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT x.enrollment_id,
               sum(x.signed_amount_cents)::bigint,
               sum(x.received_cents)::bigint,
               coalesce(sum(x.signed_amount_cents) FILTER (WHERE x.effective_kind = 'FEE'), 0)::bigint,
               coalesce(-sum(x.signed_amount_cents) FILTER (WHERE x.effective_kind = 'WAIVER'), 0)::bigint
          FROM ledger_entry_effects x
         WHERE x.enrollment_id = ANY (enrollment_ids)
           AND (as_of IS NULL
                OR x.created_at < (as_of + 1)::timestamp AT TIME ZONE 'America/Chicago')
         GROUP BY x.enrollment_id
      $$`);

    // Sessions attended: PRESENT or LATE in a session that was not cancelled. attendance_records
    // is keyed (session_id, enrollment_id), so each row is a distinct session.
    await q.query(`
      CREATE FUNCTION enrollment_attended_sessions(enrollment_ids uuid[])
      RETURNS TABLE (enrollment_id uuid, attended_sessions integer)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT a.enrollment_id, count(*)::integer
          FROM attendance_records a
          JOIN class_sessions s ON s.id = a.session_id
         WHERE a.enrollment_id = ANY (enrollment_ids)
           AND a.status IN ('PRESENT', 'LATE') AND s.cancelled_at IS NULL
         GROUP BY a.enrollment_id
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION enrollment_attended_sessions(uuid[])`);
    await q.query(`DROP FUNCTION enrollment_ledger_totals(uuid[], date)`);
    await q.query(`DROP VIEW ledger_entry_effects`);
    await q.query(`DROP INDEX ledger_entries_movement_on_idx`);
  }
}
