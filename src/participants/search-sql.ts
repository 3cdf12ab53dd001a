import { recordClosed, recordOpen } from '../records/record-sight';

/**
 * The participant search's SQL (`GET /participants?q=`), apart from the repository so that the
 * bench times the very same statements. Parameters: $1 last-name key prefix, $2 text in the
 * name, $3 case-number key prefix, $4 date of birth (each null when not searched for); the page
 * adds $5 limit and $6 offset. Closed records are left out unless `includeClosed`.
 */
export function participantSearchSql(includeClosed: boolean): {
  page: (columns: string) => string;
  count: string;
} {
  const where = `(${includeClosed ? 'true' : recordOpen('p')})
      AND (($1::text IS NULL AND $2::text IS NULL)
        OR p.last_name_key LIKE $1 || '%'
        OR lower(p.first_name) LIKE '%' || $2 || '%'
        OR lower(p.first_name || ' ' || p.last_name) LIKE '%' || $2 || '%'
        OR EXISTS (SELECT 1 FROM referrals r WHERE r.participant_id = p.id
                    AND r.case_number_key LIKE $3 || '%'))
      AND ($4::date IS NULL OR p.date_of_birth = $4::date)`;
  return {
    // One enrollment per participant, ever: it is the current one.
    page: (columns) => `SELECT ${columns},
              ARRAY(SELECT r.case_number FROM referrals r WHERE r.participant_id = p.id
                     ORDER BY r.created_at, r.id) AS case_numbers,
              e.id AS enrollment_id, e.program_code, e.status AS enrollment_status,
              ${recordClosed('p')} AS record_closed
         FROM participants p LEFT JOIN enrollments e ON e.participant_id = p.id
        WHERE ${where}
        ORDER BY p.last_name_key, lower(p.first_name), p.date_of_birth, p.id
        LIMIT $5 OFFSET $6`,
    count: `SELECT count(*) AS n FROM participants p WHERE ${where}`,
  };
}
