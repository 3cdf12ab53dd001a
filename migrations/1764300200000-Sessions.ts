import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Class sessions with a seat counter, the seats themselves, one attendance record per seat,
 * and the append-only history of every attendance change.
 */
export class Sessions1764300200000 implements MigrationInterface {
  name = 'Sessions1764300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE class_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        program_id uuid NOT NULL REFERENCES programs(id),
        program_code text NOT NULL CHECK (program_code IN ('JOHNZ_SCHOOL','OAR')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        location text NOT NULL CHECK (length(location) BETWEEN 1 AND 200),
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 500),
        -- Kept equal to count(session_seats) by the API's conditional updates.
        seats_taken integer NOT NULL DEFAULT 0,
        facilitator_id uuid REFERENCES staff(id),
        topic text CHECK (length(topic) BETWEEN 1 AND 200),
        cancelled_at timestamptz,
        cancelled_by uuid REFERENCES staff(id),
        cancel_reason text CHECK (length(cancel_reason) BETWEEN 1 AND 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid NOT NULL REFERENCES staff(id),
        CHECK (ends_at > starts_at),
        CHECK (seats_taken BETWEEN 0 AND capacity),
        CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL)),
        CHECK (cancelled_at IS NOT NULL OR cancel_reason IS NULL)
      )`);
    await q.query(
      `CREATE INDEX class_sessions_program_starts_idx ON class_sessions (program_code, starts_at, id)`,
    );
    await q.query(`CREATE INDEX class_sessions_starts_idx ON class_sessions (starts_at, id)`);
    await q.query(
      `CREATE INDEX class_sessions_facilitator_idx ON class_sessions (facilitator_id) WHERE facilitator_id IS NOT NULL`,
    );
    await q.query(`GRANT UPDATE ON class_sessions TO diversion_app`);

    await q.query(`
      CREATE TABLE session_seats (
        session_id uuid NOT NULL REFERENCES class_sessions(id),
        enrollment_id uuid NOT NULL REFERENCES enrollments(id),
        seated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        seated_by uuid NOT NULL REFERENCES staff(id),
        PRIMARY KEY (session_id, enrollment_id)
      )`);
    await q.query(`CREATE INDEX session_seats_enrollment_idx ON session_seats (enrollment_id)`);
    await q.query(`GRANT DELETE ON session_seats TO diversion_app`);

    await q.query(`
      CREATE TABLE attendance_records (
        session_id uuid NOT NULL,
        enrollment_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('PRESENT','LATE','LEFT_EARLY','ABSENT','EXCUSED')),
        note text CHECK (length(note) <= 2000),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        recorded_by uuid NOT NULL REFERENCES staff(id),
        PRIMARY KEY (session_id, enrollment_id),
        FOREIGN KEY (session_id, enrollment_id)
          REFERENCES session_seats (session_id, enrollment_id) ON DELETE RESTRICT
      )`);
    // Completion counts attended sessions per enrollment.
    await q.query(
      `CREATE INDEX attendance_records_enrollment_idx ON attendance_records (enrollment_id, status)`,
    );
    await q.query(`GRANT UPDATE ON attendance_records TO diversion_app`);

    await q.query(`
      CREATE TABLE attendance_revisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES class_sessions(id),
        enrollment_id uuid NOT NULL REFERENCES enrollments(id),
        previous_status text,
        previous_note text,
        new_status text NOT NULL,
        new_note text,
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        changed_by uuid NOT NULL REFERENCES staff(id)
      )`);
    await q.query(
      `CREATE INDEX attendance_revisions_session_idx ON attendance_revisions (session_id, changed_at, id)`,
    );
    await q.query(`
      CREATE TRIGGER attendance_revisions_append_only BEFORE UPDATE OR DELETE ON attendance_revisions
      FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
    await q.query(`
      CREATE TRIGGER attendance_revisions_no_truncate BEFORE TRUNCATE ON attendance_revisions
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attendance_revisions`);
    await q.query(`DROP TABLE attendance_records`);
    await q.query(`DROP TABLE session_seats`);
    await q.query(`DROP TABLE class_sessions`);
  }
}
