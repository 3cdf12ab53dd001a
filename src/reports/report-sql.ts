import { recordClosed } from '../records/record-sight';
import { LEDGER_EFFECTS } from '../remittances/remittance-sql';

/**
 * The report queries, in one place: ReportsRepository runs them and `npm run bench` times the
 * very same text directly against the HTTP route. Grouping expressions are whitelisted: request
 * values never reach the SQL text. What each entry does to the money (money received, the kind a
 * reversal counts as, the movement date) comes from the view `ledger_entry_effects`, and an
 * enrollment's balance from `enrollment_ledger_totals`: the one definition the ledger, completion
 * and remittances use too.
 */
export const FEE_GROUP_EXPR: Record<'program' | 'method' | 'month' | 'day', string> = {
  program: '(SELECT en.program_code FROM enrollments en WHERE en.id = x.enrollment_id)',
  method: "coalesce(x.method, '(none)')",
  // The first day of the month, a date: grouped and sorted as dates, and written out as text only
  // once per group (to_char on every entry of a month cost more than the sums).
  month: '(x.movement_on - extract(day FROM x.movement_on)::int + 1)',
  day: 'x.movement_on',
};

/** How a group's key is shown: "2026-03", "2026-03-14", or the key itself. */
const FEE_GROUP_LABEL: Record<keyof typeof FEE_GROUP_EXPR, (key: string) => string> = {
  program: (key) => key,
  method: (key) => key,
  month: (key) => `to_char(${key}, 'YYYY-MM')`,
  day: (key) => `to_char(${key}, 'YYYY-MM-DD')`,
};

/**
 * Fee report figures (README "Decisions"): assessed = fees − fee reversals; collected = payments;
 * waived = waivers − waiver reversals; refunded = refunds; reversed = payment reversals − refund
 * reversals; net = money received; remitted = net of the movements a SENT batch holds; in a
 * draft batch = net of the movements a DRAFT batch holds (pending, the rest, is computed by the
 * caller). Entries are chosen by movement_on, which is indexed; the live remittance items of the
 * same days come from their own movement_on index (an entry is in at most one live batch, so the
 * join adds no rows) with their batch's status (a handful of batches, looked up by key), and the
 * program is looked up per entry by key: the cost follows the rows in range, not the tables.
 */
export const feeReportSql = (groupBy: keyof typeof FEE_GROUP_EXPR): string => {
  const key = FEE_GROUP_EXPR[groupBy];
  return `SELECT ${FEE_GROUP_LABEL[groupBy](key)} AS grp,
          grouping(${key}) = 1 AS is_total,
          coalesce(sum(x.signed_amount_cents) FILTER (WHERE x.effective_kind = 'FEE'), 0) AS assessed,
          coalesce(sum(x.amount_cents) FILTER (WHERE x.kind = 'PAYMENT'), 0) AS collected,
          coalesce(-sum(x.signed_amount_cents) FILTER (WHERE x.effective_kind = 'WAIVER'), 0) AS waived,
          coalesce(sum(x.amount_cents) FILTER (WHERE x.kind = 'REFUND'), 0) AS refunded,
          coalesce(sum(x.signed_amount_cents) FILTER (WHERE x.kind = 'REVERSAL' AND x.is_movement), 0) AS reversed,
          coalesce(sum(x.received_cents), 0) AS net,
          coalesce(sum(x.received_cents) FILTER (WHERE x.is_movement AND r.status = 'SENT'), 0) AS remitted,
          coalesce(sum(x.received_cents) FILTER (WHERE x.is_movement AND r.status = 'DRAFT'), 0) AS in_draft
     FROM ${LEDGER_EFFECTS} x
     LEFT JOIN (SELECT ri.ledger_entry_id, b.status FROM remittance_items ri
                  JOIN remittance_batches b ON b.id = ri.batch_id
                 WHERE ri.live AND ri.movement_on BETWEEN $1::date AND $2::date) r
       ON r.ledger_entry_id = x.id
    WHERE x.movement_on BETWEEN $1::date AND $2::date
    GROUP BY GROUPING SETS ((${key}), ())
    ORDER BY is_total, grp`;
};

/**
 * What each enrollment the condition picks owed at the end of the day $1: the balance as
 * enrollment_ledger_totals defines it (entries created on or before the day). The ids are passed
 * as a column, not as an ARRAY(subquery), so that PostgreSQL inlines the function: it then reads
 * the entries in one scan and computes only the balance (an ARRAY(…) argument keeps the function
 * opaque, which took 4 to 6 times as long over 1 M entries).
 */
const balancesAsOf = (enrollments: string) => `SELECT t.enrollment_id, t.balance_cents AS balance
                 FROM (SELECT array_agg(id) AS ids FROM enrollments WHERE ${enrollments}) s
                 CROSS JOIN LATERAL enrollment_ledger_totals(s.ids, $1::date) t`;

/**
 * Every enrollment owing something at the end of the day $1. A closed record's row stays (the
 * total must reconcile to the cent) without the person: no name, `record_closed` true.
 */
export const BALANCES_SQL = `SELECT en.id AS enrollment_id,
              CASE WHEN ${recordClosed('p')} THEN NULL
                   ELSE p.first_name || ' ' || p.last_name END AS participant_name,
              ${recordClosed('p')} AS record_closed, en.program_code, en.status, to_char(en.enrolled_on, 'YYYY-MM-DD') AS enrolled_on,
              b.balance, ($1::date - en.enrolled_on) AS age_days,
              CASE WHEN $1::date - en.enrolled_on <= 30 THEN '0-30'
                   WHEN $1::date - en.enrolled_on <= 60 THEN '31-60'
                   WHEN $1::date - en.enrolled_on <= 90 THEN '61-90'
                   ELSE '90+' END AS bucket
         FROM (${balancesAsOf('enrolled_on <= $1::date')}) b
         JOIN enrollments en ON en.id = b.enrollment_id
         JOIN participants p ON p.id = en.participant_id
        WHERE b.balance > 0
        ORDER BY age_days DESC, en.id`;

/**
 * BALANCES_SQL at the end of today ($1 is today): every entry there is was created on or before
 * it, so each balance is the one the database keeps as entries are written (enrollment_balances,
 * the same sum of signed amounts): one row per enrollment instead of every entry of every
 * enrollment. Same columns, rows and order.
 */
export const BALANCES_TODAY_SQL = `SELECT en.id AS enrollment_id,
              CASE WHEN ${recordClosed('p')} THEN NULL
                   ELSE p.first_name || ' ' || p.last_name END AS participant_name,
              ${recordClosed('p')} AS record_closed, en.program_code, en.status, to_char(en.enrolled_on, 'YYYY-MM-DD') AS enrolled_on,
              b.balance_cents AS balance, ($1::date - en.enrolled_on) AS age_days,
              CASE WHEN $1::date - en.enrolled_on <= 30 THEN '0-30'
                   WHEN $1::date - en.enrolled_on <= 60 THEN '31-60'
                   WHEN $1::date - en.enrolled_on <= 90 THEN '61-90'
                   ELSE '90+' END AS bucket
         FROM enrollment_balances b
         JOIN enrollments en ON en.id = b.enrollment_id
         JOIN participants p ON p.id = en.participant_id
        WHERE b.balance_cents > 0 AND en.enrolled_on <= $1::date
        ORDER BY age_days DESC, en.id`;

/**
 * The rows of BALANCES_SQL ($1 a past day) or BALANCES_TODAY_SQL ($1 today) without the person:
 * the same enrollments, balances, ages and buckets, from the same sources with the same
 * conditions, and those with age_days above $2 only when $2 is not null (olderThanDays).
 */
const balanceCore = (today: boolean) => `SELECT en.id AS enrollment_id, en.participant_id,
              en.program_code, en.status, en.enrolled_on, ${today ? 'b.balance_cents' : 'b.balance'} AS balance,
              ($1::date - en.enrolled_on) AS age_days,
              CASE WHEN $1::date - en.enrolled_on <= 30 THEN '0-30'
                   WHEN $1::date - en.enrolled_on <= 60 THEN '31-60'
                   WHEN $1::date - en.enrolled_on <= 90 THEN '61-90'
                   ELSE '90+' END AS bucket
         FROM ${today ? 'enrollment_balances' : `(${balancesAsOf('enrolled_on <= $1::date')})`} b
         JOIN enrollments en ON en.id = b.enrollment_id
        WHERE ${today ? 'b.balance_cents > 0 AND en.enrolled_on <= $1::date' : 'b.balance > 0'}
          AND ($2::int IS NULL OR $1::date - en.enrolled_on > $2::int)`;

/**
 * One page of the balances report: the rows of BALANCES_SQL / BALANCES_TODAY_SQL (`today`) in
 * their order, from offset $4, $3 of them; the person is looked up for those rows only.
 */
export const balancesPageSql = (today: boolean) => `SELECT c.enrollment_id,
              CASE WHEN ${recordClosed('p')} THEN NULL
                   ELSE p.first_name || ' ' || p.last_name END AS participant_name,
              ${recordClosed('p')} AS record_closed, c.program_code, c.status,
              to_char(c.enrolled_on, 'YYYY-MM-DD') AS enrolled_on, c.balance, c.age_days, c.bucket
         FROM (${balanceCore(today)}
               ORDER BY age_days DESC, en.id LIMIT $3 OFFSET $4) c
         JOIN participants p ON p.id = c.participant_id
        ORDER BY c.age_days DESC, c.enrollment_id`;

/** Per bucket of the same rows: how many, and the sum of their balances. */
export const balancesBucketsSql = (today: boolean) => `SELECT c.bucket, count(*) AS n,
              sum(c.balance) AS cents
         FROM (${balanceCore(today)}) c
        GROUP BY c.bucket`;

/**
 * How many rows of BALANCES_SQL as of today ($1) fall in its "90+" bucket (age over 90 days,
 * balance over zero), without building the report: the balances the database keeps as entries
 * are written (enrollment_balances, the same sum of signed amounts), so the count reads one row
 * per enrollment instead of every entry of every enrollment older than 90 days.
 */
export const BALANCES_OVER_90_COUNT_SQL = `SELECT count(*) AS n
         FROM enrollment_balances b
         JOIN enrollments en ON en.id = b.enrollment_id
        WHERE b.balance_cents > 0 AND en.enrolled_on < $1::date - 90`;

/**
 * Outcomes of the referrals created from $1 to $2 (America/Chicago days), per group: the program
 * each enrolled in; never enrolled, INELIGIBLE when the latest check found it not eligible, else
 * UNASSIGNED. Eligibility is the referral's latest check; the rules an
 * ineligible latest check failed are counted per code (the reasons column is an array of
 * {code, passed, message} as the eligibility module writes it). Overdue: ACTIVE past the
 * deadline on the day $3. Only an ineligible check's reasons are carried (the cohort stays narrow,
 * in memory), and the failed rules are counted per group once, not once per group over the whole
 * cohort: half the time over 20,000 referrals.
 */
export const OUTCOMES_SQL = `WITH cohort AS (
         SELECT r.id,
                coalesce(en.program_code,
                         CASE WHEN lc.eligible = false THEN 'INELIGIBLE' ELSE 'UNASSIGNED' END) AS grp,
                en.id AS enrollment_id,
                en.status, en.enrolled_on, en.closed_on, en.deadline, lc.eligible, lc.reasons
           FROM referrals r
           LEFT JOIN enrollments en ON en.referral_id = r.id
           LEFT JOIN LATERAL (
             SELECT c.eligible, CASE WHEN NOT c.eligible THEN c.reasons END AS reasons
               FROM eligibility_checks c
              WHERE c.referral_id = r.id
              ORDER BY c.checked_at DESC, c.id DESC LIMIT 1) lc ON true
          WHERE r.created_at >= $1::date::timestamptz
            AND r.created_at < ($2::date + 1)::timestamptz),
       failed AS (
         SELECT f.grp, jsonb_object_agg(f.code, f.n) AS by_reason
           FROM (SELECT c.grp, reason ->> 'code' AS code, count(DISTINCT c.id) AS n
                   FROM cohort c
                  CROSS JOIN LATERAL jsonb_array_elements(c.reasons) AS reason
                  WHERE c.eligible = false AND NOT (reason ->> 'passed')::boolean
                  GROUP BY c.grp, reason ->> 'code') f
          GROUP BY f.grp)
       SELECT c.grp,
              count(*) AS referrals,
              count(*) FILTER (WHERE c.eligible) AS eligible,
              count(*) FILTER (WHERE c.eligible = false) AS ineligible,
              (SELECT f.by_reason FROM failed f WHERE f.grp = c.grp) AS by_reason,
              count(c.enrollment_id) AS enrolled,
              count(*) FILTER (WHERE c.status = 'COMPLETED') AS completed,
              count(*) FILTER (WHERE c.status = 'TERMINATED') AS terminated,
              count(*) FILTER (WHERE c.status = 'WITHDRAWN') AS withdrawn,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY c.closed_on - c.enrolled_on)
                FILTER (WHERE c.status = 'COMPLETED') AS median_days,
              count(*) FILTER (WHERE c.status = 'ACTIVE' AND c.deadline < $3::date) AS overdue
         FROM cohort c
        GROUP BY c.grp`;

/**
 * The follow-up report's counts: the enrollments that ended from $1 to $2 (the America/Chicago
 * day they ended, inclusive), per program and exit status, by the latest recorded result of
 * their $3-month check (no row: no result yet). The exits come from the index of exits by day,
 * each latest result from the index of results (migration FollowUpResults).
 */
export const FOLLOW_UP_REPORT_SQL = `SELECT x.program_code, x.status,
         count(*) AS exits,
         count(*) FILTER (WHERE r.result = 'NEW_CHARGE_SIMILAR') AS similar,
         count(*) FILTER (WHERE r.result = 'NEW_CHARGE_OTHER') AS other,
         count(*) FILTER (WHERE r.result = 'NO_NEW_CHARGE') AS no_new_charge,
         count(*) FILTER (WHERE r.result = 'UNABLE_TO_CHECK') AS unable
    FROM enrollments x
    LEFT JOIN LATERAL (
      SELECT f.result FROM follow_up_results f
       WHERE f.enrollment_id = x.id AND f.months = $3::int
       ORDER BY f.recorded_at DESC, f.id DESC LIMIT 1) r ON true
   WHERE x.closed_on BETWEEN $1::date AND $2::date
   GROUP BY x.program_code, x.status`;
