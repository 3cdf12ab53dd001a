/**
 * Statement text of the follow-up lists, kept apart so that `bench/` times the very SQL the
 * repository runs.
 *
 * The checks are not stored: an enrollment that ended has a 12-month and a 24-month check, due
 * `closed_on + interval 'N months'` (the Chicago day it ended, plus N months; PostgreSQL gives
 * the month's last day when it is shorter, as followUpDueOn does). A check is in the lists once
 * it is due on or before today ($1, the program's clock). Its result is the latest recorded one.
 *
 * Parameters: $1 today, $2 status ('DUE': no result yet, 'RECORDED': a result, null: both),
 * $3 and $4 whether 12- and 24-month checks are wanted, $5 and $6 due on or after / on or before
 * (null: no bound); the page adds $7 limit and $8 offset.
 */

/** The day the check falls due, exactly as the due indexes (migration FollowUpResults) spell it. */
const dueOn = (months: 12 | 24) => `(e.closed_on + interval '${months} months')::date`;

const checksOf = (months: 12 | 24, flag: string) =>
  `SELECT e.id AS enrollment_id, e.participant_id, e.program_code, e.status, e.closed_on,
          ${months} AS months, ${dueOn(months)} AS due_on
     FROM enrollments e
    WHERE ${flag}::boolean AND e.closed_on IS NOT NULL
      AND ${dueOn(months)} BETWEEN coalesce($5::date, '-infinity'::date)
                             AND least($1::date, coalesce($6::date, $1::date))`;

const CHECKS = `(${checksOf(12, '$3')}
  UNION ALL
  ${checksOf(24, '$4')})`;

/** Has this check (c) a result? */
const HAS_RESULT = `EXISTS (SELECT 1 FROM follow_up_results f
                  WHERE f.enrollment_id = c.enrollment_id AND f.months = c.months)`;

const STATUS_FILTER = `($2::text IS NULL OR (${HAS_RESULT}) = ($2::text = 'RECORDED'))`;

/** One page of checks, oldest due first, each with its participant and its latest result. */
export const FOLLOW_UP_PAGE_SQL = `SELECT c.enrollment_id, c.participant_id,
       p.first_name || ' ' || p.last_name AS participant_name,
       p.date_of_birth::text AS date_of_birth, c.program_code, c.status AS exit_status,
       c.closed_on::text AS exited_on, c.months, c.due_on::text AS due_on,
       r.result, r.source, r.checked_on::text AS checked_on
  FROM ${CHECKS} c
  JOIN participants p ON p.id = c.participant_id
  LEFT JOIN LATERAL (
    SELECT f.result, f.source, f.checked_on FROM follow_up_results f
     WHERE f.enrollment_id = c.enrollment_id AND f.months = c.months
     ORDER BY f.recorded_at DESC, f.id DESC LIMIT 1) r ON true
 WHERE ($2::text IS NULL OR (r.result IS NOT NULL) = ($2::text = 'RECORDED'))
 ORDER BY c.due_on, c.enrollment_id, c.months
 LIMIT $7 OFFSET $8`;

/** How many checks FOLLOW_UP_PAGE_SQL lists over all its pages (the work queue's count too). */
export const FOLLOW_UP_COUNT_SQL = `SELECT count(*) AS n FROM ${CHECKS} c WHERE ${STATUS_FILTER}`;
