import { LEDGER_EFFECTS } from '../remittances/remittance-sql';

/**
 * The report queries, in one place: the services run them and `npm run bench` times the very same
 * text directly against the HTTP route. Grouping expressions are whitelisted: request values never
 * reach the SQL text. What each entry does to the money (balance, money received, the kind a
 * reversal counts as, the movement date) comes from the view `ledger_entry_effects`, the one
 * definition the ledger, completion and remittances use too.
 */
export const FEE_GROUP_EXPR: Record<'program' | 'method' | 'month' | 'day', string> = {
  program: '(SELECT en.program_code FROM enrollments en WHERE en.id = x.enrollment_id)',
  method: "coalesce(x.method, '(none)')",
  month: "to_char(x.movement_on, 'YYYY-MM')",
  day: "to_char(x.movement_on, 'YYYY-MM-DD')",
};

/**
 * Fee report figures (README "Decisions"): assessed = fees − fee reversals; collected = payments;
 * waived = waivers − waiver reversals; refunded = refunds; reversed = payment reversals − refund
 * reversals; net = money received; remitted = net of the movements a live batch holds. Entries
 * are chosen by movement_on, which is indexed, and everything else is looked up per entry by key
 * (program, remittance item): the cost follows the entries in the range, not the tables.
 */
export const feeReportSql = (groupBy: keyof typeof FEE_GROUP_EXPR): string =>
  `SELECT ${FEE_GROUP_EXPR[groupBy]} AS grp,
          grouping(${FEE_GROUP_EXPR[groupBy]}) = 1 AS is_total,
          coalesce(sum(x.signed_amount_cents) FILTER (WHERE x.effective_kind = 'FEE'), 0) AS assessed,
          coalesce(sum(x.amount_cents) FILTER (WHERE x.kind = 'PAYMENT'), 0) AS collected,
          coalesce(-sum(x.signed_amount_cents) FILTER (WHERE x.effective_kind = 'WAIVER'), 0) AS waived,
          coalesce(sum(x.amount_cents) FILTER (WHERE x.kind = 'REFUND'), 0) AS refunded,
          coalesce(sum(x.signed_amount_cents) FILTER (WHERE x.kind = 'REVERSAL' AND x.is_movement), 0) AS reversed,
          coalesce(sum(x.received_cents), 0) AS net,
          coalesce(sum(x.received_cents) FILTER (WHERE x.is_movement AND EXISTS (
            SELECT 1 FROM remittance_items ri WHERE ri.ledger_entry_id = x.id AND ri.live)), 0) AS remitted
     FROM ${LEDGER_EFFECTS} x
    WHERE x.movement_on BETWEEN $1::date AND $2::date
    GROUP BY GROUPING SETS ((${FEE_GROUP_EXPR[groupBy]}), ())
    ORDER BY is_total, grp`;

/** What each enrollment owed at the end of a day (entries created on or before it). */
const BALANCES_AS_OF = `SELECT x.enrollment_id, sum(x.signed_amount_cents) AS balance
                 FROM ${LEDGER_EFFECTS} x
                WHERE x.created_at < ($1::date + 1)::timestamp AT TIME ZONE 'America/Chicago'
                GROUP BY x.enrollment_id`;

export const BALANCES_SQL = `SELECT en.id AS enrollment_id, p.first_name || ' ' || p.last_name AS participant_name,
              en.program_code, en.status, to_char(en.enrolled_on, 'YYYY-MM-DD') AS enrolled_on,
              b.balance, ($1::date - en.enrolled_on) AS age_days,
              CASE WHEN $1::date - en.enrolled_on <= 30 THEN '0-30'
                   WHEN $1::date - en.enrolled_on <= 60 THEN '31-60'
                   WHEN $1::date - en.enrolled_on <= 90 THEN '61-90'
                   ELSE '90+' END AS bucket
         FROM (${BALANCES_AS_OF}) b
         JOIN enrollments en ON en.id = b.enrollment_id
         JOIN participants p ON p.id = en.participant_id
        WHERE en.enrolled_on <= $1::date AND b.balance > 0
        ORDER BY age_days DESC, en.id`;

/**
 * How many rows of BALANCES_SQL fall in its "90+" bucket (age over 90 days, balance over zero),
 * without building the report: the same balances, counted (one aggregate over the entries up to
 * the day; no per-enrollment lookups).
 */
export const BALANCES_OVER_90_COUNT_SQL = `SELECT count(*) AS n
         FROM (${BALANCES_AS_OF}) b
         JOIN enrollments en ON en.id = b.enrollment_id
        WHERE en.enrolled_on < $1::date - 90 AND b.balance > 0`;
