import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attendance that counts toward completion must be attendance that could have happened:
 * - each program has a minimum session length (`min_session_minutes`, default 60), which every
 *   new or rescheduled session keeps;
 * - a seat carries its session's time (`during`, kept by triggers from class_sessions), and one
 *   enrollment never holds two seats whose times overlap: an exclusion constraint, which holds
 *   for concurrent requests on any number of instances;
 * - a seat is never in a session that ended before the enrollment's `enrolled_on`;
 * - a seat taken after the session started keeps the SUPERVISOR's reason (`late_reason`);
 * - attended sessions count sessions, never overlapping time twice.
 *
 * Seats that already overlap another seat of their enrollment are kept (attendance was taken on
 * them) and flagged `legacy_overlap`: the constraint leaves them out, and the attended count
 * counts their time once. The API's login cannot set the flag (no INSERT on that column).
 */
export class SessionIntegrity1764760000000 implements MigrationInterface {
  name = 'SessionIntegrity1764760000000';

  async up(q: QueryRunner): Promise<void> {
    // Trusted since PostgreSQL 13: the database owner may create it. Gives uuid its = in GiST.
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      ALTER TABLE programs ADD COLUMN min_session_minutes integer NOT NULL DEFAULT 60
        CONSTRAINT programs_min_session_minutes_check CHECK (min_session_minutes BETWEEN 1 AND 1440)`);
    await q.query(`
      CREATE FUNCTION class_sessions_check_length() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        minimum integer;
      BEGIN
        SELECT min_session_minutes INTO minimum FROM programs WHERE id = NEW.program_id;
        IF minimum IS NOT NULL AND NEW.ends_at - NEW.starts_at < make_interval(mins => minimum) THEN
          RAISE EXCEPTION 'a session of % lasts at least % minutes', NEW.program_code, minimum
            USING ERRCODE = 'check_violation', CONSTRAINT = 'class_sessions_min_length';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER class_sessions_check_length BEFORE INSERT OR UPDATE OF starts_at, ends_at
      ON class_sessions FOR EACH ROW EXECUTE FUNCTION class_sessions_check_length()`);

    await q.query(`
      ALTER TABLE session_seats
        ADD COLUMN during tstzrange,
        ADD COLUMN late_reason text CONSTRAINT session_seats_late_reason_check
          CHECK (length(late_reason) BETWEEN 1 AND 500),
        ADD COLUMN legacy_overlap boolean NOT NULL DEFAULT false`);
    // No seat is added or moved while the existing ones are flagged and the constraint built.
    await q.query(`LOCK TABLE session_seats IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`LOCK TABLE class_sessions IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      UPDATE session_seats s SET during = tstzrange(c.starts_at, c.ends_at)
        FROM class_sessions c WHERE c.id = s.session_id`);
    // A seat overlapping an earlier one (by start, then session id) of its enrollment is
    // flagged; no two unflagged seats of one enrollment then overlap.
    await q.query(`
      UPDATE session_seats s SET legacy_overlap = true
       WHERE EXISTS (
         SELECT 1 FROM session_seats o
          WHERE o.enrollment_id = s.enrollment_id AND o.session_id <> s.session_id
            AND o.during && s.during
            AND (lower(o.during), o.session_id) < (lower(s.during), s.session_id))`);
    await q.query(`ALTER TABLE session_seats ALTER COLUMN during SET NOT NULL`);
    await q.query(`
      ALTER TABLE session_seats ADD CONSTRAINT session_seats_no_overlap
        EXCLUDE USING gist (enrollment_id WITH =, during WITH &&) WHERE (NOT legacy_overlap)`);

    // A seat's time is its session's, and its session ends on or after the enrollment began.
    await q.query(`
      CREATE FUNCTION session_seats_check() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        s record;
        enrolled date;
      BEGIN
        SELECT starts_at, ends_at INTO s FROM class_sessions WHERE id = NEW.session_id;
        IF NOT FOUND THEN
          RETURN NEW;
        END IF;
        NEW.during := tstzrange(s.starts_at, s.ends_at);
        SELECT enrolled_on INTO enrolled FROM enrollments WHERE id = NEW.enrollment_id;
        IF enrolled IS NOT NULL AND (s.ends_at AT TIME ZONE 'America/Chicago')::date < enrolled THEN
          RAISE EXCEPTION 'session % ended before the enrollment % began (%)',
              NEW.session_id, NEW.enrollment_id, enrolled
            USING ERRCODE = 'check_violation', CONSTRAINT = 'session_seats_not_before_enrollment';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER session_seats_check BEFORE INSERT OR UPDATE ON session_seats
      FOR EACH ROW EXECUTE FUNCTION session_seats_check()`);
    // A rescheduled session moves its seats' times (the API's login may not update seats).
    await q.query(`
      CREATE FUNCTION class_sessions_move_seats() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        UPDATE session_seats SET during = tstzrange(NEW.starts_at, NEW.ends_at)
         WHERE session_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION class_sessions_move_seats() FROM PUBLIC`);
    await q.query(`
      CREATE TRIGGER class_sessions_move_seats AFTER UPDATE OF starts_at, ends_at ON class_sessions
      FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at
                         OR OLD.ends_at IS DISTINCT FROM NEW.ends_at)
      EXECUTE FUNCTION class_sessions_move_seats()`);
    // The API writes the seat's own columns; `during` comes from the trigger, the flag never.
    await q.query(`REVOKE INSERT ON session_seats FROM diversion_app`);
    await q.query(`
      GRANT INSERT (session_id, enrollment_id, seated_at, seated_by, late_reason)
        ON session_seats TO diversion_app`);

    // Attended sessions count sessions, never overlapping time twice: an attended session that
    // overlaps an earlier attended one (by start, then id) of the same enrollment adds nothing.
    await q.query(`
      CREATE OR REPLACE FUNCTION enrollment_attended_sessions(enrollment_ids uuid[])
      RETURNS TABLE (enrollment_id uuid, attended_sessions integer)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        WITH attended AS (
          SELECT a.enrollment_id, s.id, s.starts_at, s.ends_at
            FROM attendance_records a
            JOIN class_sessions s ON s.id = a.session_id
           WHERE a.enrollment_id = ANY (enrollment_ids)
             AND a.status IN ('PRESENT', 'LATE') AND s.cancelled_at IS NULL)
        SELECT x.enrollment_id, count(*)::integer
          FROM attended x
         WHERE NOT EXISTS (
           SELECT 1 FROM attended y
            WHERE y.enrollment_id = x.enrollment_id AND y.id <> x.id
              AND y.starts_at < x.ends_at AND x.starts_at < y.ends_at
              AND (y.starts_at, y.id) < (x.starts_at, x.id))
         GROUP BY x.enrollment_id
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION enrollment_attended_sessions(enrollment_ids uuid[])
      RETURNS TABLE (enrollment_id uuid, attended_sessions integer)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT a.enrollment_id, count(*)::integer
          FROM attendance_records a
          JOIN class_sessions s ON s.id = a.session_id
         WHERE a.enrollment_id = ANY (enrollment_ids)
           AND a.status IN ('PRESENT', 'LATE') AND s.cancelled_at IS NULL
         GROUP BY a.enrollment_id
      $$`);
    await q.query(`REVOKE INSERT ON session_seats FROM diversion_app`);
    await q.query(`GRANT INSERT ON session_seats TO diversion_app`);
    await q.query(`DROP TRIGGER class_sessions_move_seats ON class_sessions`);
    await q.query(`DROP FUNCTION class_sessions_move_seats()`);
    await q.query(`DROP TRIGGER session_seats_check ON session_seats`);
    await q.query(`DROP FUNCTION session_seats_check()`);
    await q.query(`
      ALTER TABLE session_seats
        DROP CONSTRAINT session_seats_no_overlap,
        DROP COLUMN legacy_overlap,
        DROP COLUMN late_reason,
        DROP COLUMN during`);
    await q.query(`DROP TRIGGER class_sessions_check_length ON class_sessions`);
    await q.query(`DROP FUNCTION class_sessions_check_length()`);
    await q.query(`ALTER TABLE programs DROP COLUMN min_session_minutes`);
    await q.query(`DROP EXTENSION IF EXISTS btree_gist`);
  }
}
