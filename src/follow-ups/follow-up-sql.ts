import { recordClosed } from '../records/record-sight';
import type { FollowUpStatus } from './follow-up.dto';

/**
 * Statement text of the follow-up lists, kept apart so that `bench/` times the very SQL the
 * repository runs.
 *
 * The checks are not stored: an enrollment that ended has a 12-month and a 24-month check, due
 * `closed_on + interval 'N months'` (the Chicago day it ended, plus N months; PostgreSQL gives
 * the month's last day when it is shorter, as followUpDueOn does). A check is in the lists once
 * it is due on or before today ($1, the program's clock). Its result is the latest recorded one.
 *
 * Parameters: $1 today, $2 and $3 whether 12- and 24-month checks are wanted, $4 and $5 due on
 * or after / on or before (null: no bound); the page adds $6 limit and $7 offset. The status is
 * part of the text (DUE: no result; RECORDED: a result; null: both), so that PostgreSQL plans
 * each as the join it is: the total as one hash anti-join (or semi-join) of all due checks
 * against the results, the page as an early stop in due order.
 */

/** The day the check falls due, exactly as the due indexes (migration FollowUpResults) spell it. */
const dueOn = (months: 12 | 24) => `(e.closed_on + interval '${months} months')::date`;

const hasResult = (months: 12 | 24) =>
  `EXISTS (SELECT 1 FROM follow_up_results f WHERE f.enrollment_id = e.id AND f.months = ${months})`;

/** The due checks of one kind, with the status's condition. */
function checksOf(months: 12 | 24, status: FollowUpStatus | null): string {
  const wanted = months === 12 ? '$2' : '$3';
  const statusCondition =
    status === 'DUE'
      ? `AND NOT ${hasResult(months)}`
      : status === 'RECORDED'
        ? `AND ${hasResult(months)}`
        : '';
  return `SELECT e.id AS enrollment_id, e.participant_id, e.program_code, e.status, e.closed_on,
          ${months} AS months, ${dueOn(months)} AS due_on
     FROM enrollments e
    WHERE ${wanted}::boolean
      AND ${dueOn(months)} BETWEEN coalesce($4::date, '-infinity'::date)
                             AND least($1::date, coalesce($5::date, $1::date))
      ${statusCondition}`;
}

/**
 * One page of checks, oldest due first (then by enrollment: the 12- and 24-month checks of one
 * enrollment never fall on the same day), each with its participant (closed records included: a
 * check needs the name; `record_closed` tells which, for their disclosure) and its latest result. Each
 * kind is read in due order from its index and stops after offset + limit rows; the first
 * offset + limit of both together are among those.
 */
export function followUpPageSql(status: FollowUpStatus | null): string {
  const firstOf = (months: 12 | 24) =>
    `(${checksOf(months, status)}
      ORDER BY ${dueOn(months)}, e.id LIMIT $6::int + $7::int)`;
  return `WITH page AS (
    SELECT c.* FROM (${firstOf(12)} UNION ALL ${firstOf(24)}) c
     ORDER BY c.due_on, c.enrollment_id LIMIT $6 OFFSET $7)
SELECT c.enrollment_id, c.participant_id,
       p.first_name || ' ' || p.last_name AS participant_name,
       p.date_of_birth::text AS date_of_birth, ${recordClosed('p')} AS record_closed,
       c.program_code, c.status AS exit_status,
       c.closed_on::text AS exited_on, c.months, c.due_on::text AS due_on,
       r.result, r.source, r.checked_on::text AS checked_on
  FROM page c
  JOIN participants p ON p.id = c.participant_id
  LEFT JOIN LATERAL (
    SELECT f.result, f.source, f.checked_on FROM follow_up_results f
     WHERE f.enrollment_id = c.enrollment_id AND f.months = c.months
     ORDER BY f.recorded_at DESC, f.id DESC LIMIT 1) r ON true
 ORDER BY c.due_on, c.enrollment_id`;
}

/** How many checks followUpPageSql lists over all its pages (the work queue's count too). */
export function followUpCountSql(status: FollowUpStatus | null): string {
  return `SELECT count(*) AS n FROM (${checksOf(12, status)} UNION ALL ${checksOf(24, status)}) c`;
}
