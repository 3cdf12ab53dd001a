import { datedWithin, MOVEMENT_DATE } from '../remittances/remittance-sql';

/**
 * The report queries, in one place: the services run them and `npm run bench` times the very same
 * text directly against the HTTP route. Grouping expressions are whitelisted: request values never
 * reach the SQL text.
 */
export const FEE_GROUP_EXPR: Record<'program' | 'method' | 'month' | 'day', string> = {
  program: 'program_code',
  method: "coalesce(method, '(none)')",
  month: "to_char(on_date, 'YYYY-MM')",
  day: "to_char(on_date, 'YYYY-MM-DD')",
};

export const feeReportSql = (groupBy: keyof typeof FEE_GROUP_EXPR): string => `WITH e AS (
         SELECT e.kind, e.amount_cents, e.signed_amount_cents, t.kind AS target_kind,
                coalesce(e.method, t.method) AS method, en.program_code,
                ${MOVEMENT_DATE} AS on_date,
                (e.kind IN ('PAYMENT','REFUND') OR t.kind IN ('PAYMENT','REFUND')) AS movement,
                (ri.ledger_entry_id IS NOT NULL) AS remitted
           FROM ledger_entries e
           LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id
           JOIN enrollments en ON en.id = e.enrollment_id
           LEFT JOIN remittance_items ri ON ri.ledger_entry_id = e.id AND ri.live
          WHERE ${datedWithin('$1', '$2')})
       SELECT ${FEE_GROUP_EXPR[groupBy]} AS grp,
              grouping(${FEE_GROUP_EXPR[groupBy]}) = 1 AS is_total,
              coalesce(sum(CASE WHEN kind = 'FEE' THEN amount_cents
                                WHEN kind = 'REVERSAL' AND target_kind = 'FEE' THEN -amount_cents END), 0) AS assessed,
              coalesce(sum(amount_cents) FILTER (WHERE kind = 'PAYMENT'), 0) AS collected,
              coalesce(sum(CASE WHEN kind = 'WAIVER' THEN amount_cents
                                WHEN kind = 'REVERSAL' AND target_kind = 'WAIVER' THEN -amount_cents END), 0) AS waived,
              coalesce(sum(amount_cents) FILTER (WHERE kind = 'REFUND'), 0) AS refunded,
              coalesce(sum(CASE WHEN kind = 'REVERSAL' AND target_kind = 'PAYMENT' THEN amount_cents
                                WHEN kind = 'REVERSAL' AND target_kind = 'REFUND' THEN -amount_cents END), 0) AS reversed,
              coalesce(sum(-signed_amount_cents) FILTER (WHERE movement), 0) AS net,
              coalesce(sum(-signed_amount_cents) FILTER (WHERE movement AND remitted), 0) AS remitted
         FROM e
        GROUP BY GROUPING SETS ((${FEE_GROUP_EXPR[groupBy]}), ())
        ORDER BY is_total, grp`;

export const BALANCES_SQL = `SELECT en.id AS enrollment_id, p.first_name || ' ' || p.last_name AS participant_name,
              en.program_code, en.status, to_char(en.enrolled_on, 'YYYY-MM-DD') AS enrolled_on,
              b.balance, ($1::date - en.enrolled_on) AS age_days,
              CASE WHEN $1::date - en.enrolled_on <= 30 THEN '0-30'
                   WHEN $1::date - en.enrolled_on <= 60 THEN '31-60'
                   WHEN $1::date - en.enrolled_on <= 90 THEN '61-90'
                   ELSE '90+' END AS bucket
         FROM (SELECT enrollment_id, sum(signed_amount_cents) AS balance
                 FROM ledger_entries
                WHERE created_at < ($1::date + 1)::timestamptz
                GROUP BY enrollment_id
               HAVING sum(signed_amount_cents) > 0) b
         JOIN enrollments en ON en.id = b.enrollment_id
         JOIN participants p ON p.id = en.participant_id
        WHERE en.enrolled_on <= $1::date
        ORDER BY age_days DESC, en.id`;

/**
 * How many rows of BALANCES_SQL fall in its "90+" bucket (age over 90 days, balance over zero),
 * without building the report: one indexed sum per enrollment older than 90 days.
 */
export const BALANCES_OVER_90_COUNT_SQL = `SELECT count(*) AS n FROM enrollments en
        WHERE en.enrolled_on < $1::date - 90
          AND (SELECT sum(le.signed_amount_cents) FROM ledger_entries le
                WHERE le.enrollment_id = en.id
                  AND le.created_at < ($1::date + 1)::timestamptz) > 0`;
