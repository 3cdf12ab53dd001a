import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Follow-up after exit (PRODUCT.md): the results of the checks due 12 and 24 months after an
 * enrollment ends. Codes and dates only — no column can hold a case number or a story — and
 * append-only like the other histories: a correction is a newer row, the latest one counts.
 *
 * The database refuses a result for an ACTIVE enrollment and one checked before the check was
 * due (the exit day, `enrollments.closed_on`, plus 12 or 24 months; PostgreSQL's month
 * arithmetic gives the month's last day when it is shorter, as the API's does).
 *
 * Indexes: the latest result of an enrollment's check (with what the lists read, so the lookup
 * never visits the table); exits by day for the report; and the day each check falls due, so the
 * due list reads its first page in due order from an index.
 */
export class FollowUpResults1764800000000 implements MigrationInterface {
  name = 'FollowUpResults1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up_results (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrollment_id uuid NOT NULL REFERENCES enrollments(id),
        months smallint NOT NULL CONSTRAINT follow_up_results_months CHECK (months IN (12, 24)),
        result text NOT NULL CONSTRAINT follow_up_results_result CHECK (result IN
          ('NO_NEW_CHARGE', 'NEW_CHARGE_SIMILAR', 'NEW_CHARGE_OTHER', 'UNABLE_TO_CHECK')),
        source text NOT NULL CONSTRAINT follow_up_results_source CHECK (source IN
          ('PROSECUTOR_RETURN', 'COURT_RECORDS_SEARCH')),
        checked_on date NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        recorded_by uuid NOT NULL REFERENCES staff(id)
      )`);
    await q.query(`
      CREATE INDEX follow_up_results_latest
        ON follow_up_results (enrollment_id, months, recorded_at DESC, id DESC)
        INCLUDE (result, source, checked_on)`);
    // The schema's default privileges grant the API's role SELECT and INSERT: nothing more.
    await q.query(`
      CREATE TRIGGER follow_up_results_append_only BEFORE UPDATE OR DELETE ON follow_up_results
      FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
    await q.query(`
      CREATE TRIGGER follow_up_results_no_truncate BEFORE TRUNCATE ON follow_up_results
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);
    await q.query(`
      CREATE FUNCTION follow_up_results_due() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        e record;
      BEGIN
        SELECT status, closed_on INTO e FROM enrollments WHERE id = NEW.enrollment_id;
        IF NOT FOUND THEN
          RETURN NEW; -- the foreign key refuses it
        END IF;
        IF e.status = 'ACTIVE' OR e.closed_on IS NULL THEN
          RAISE EXCEPTION 'enrollment % is ACTIVE: a follow-up check comes after it ends',
            NEW.enrollment_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'follow_up_results_after_exit';
        END IF;
        IF NEW.checked_on < (e.closed_on + make_interval(months => NEW.months))::date THEN
          RAISE EXCEPTION 'the %-month follow-up check of enrollment % is due on %, not before',
            NEW.months, NEW.enrollment_id, (e.closed_on + make_interval(months => NEW.months))::date
            USING ERRCODE = 'check_violation', CONSTRAINT = 'follow_up_results_when_due';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER follow_up_results_due BEFORE INSERT ON follow_up_results
      FOR EACH ROW EXECUTE FUNCTION follow_up_results_due()`);

    await q.query(`
      CREATE INDEX enrollments_exits ON enrollments (closed_on) INCLUDE (program_code, status)
       WHERE closed_on IS NOT NULL`);
    // Not partial: PostgreSQL keeps statistics of an index's expression only for a whole-table
    // index, and without them it guessed 500 due checks of 100,000 and planned the due list's
    // total as 187,000 index probes instead of one hash anti-join (bench/README.md).
    for (const months of [12, 24])
      await q.query(`
        CREATE INDEX enrollments_follow_up_${months}_due
            ON enrollments (((closed_on + interval '${months} months')::date), id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const months of [12, 24]) await q.query(`DROP INDEX enrollments_follow_up_${months}_due`);
    await q.query(`DROP INDEX enrollments_exits`);
    await q.query(`DROP TABLE follow_up_results`);
    await q.query(`DROP FUNCTION follow_up_results_due()`);
  }
}
