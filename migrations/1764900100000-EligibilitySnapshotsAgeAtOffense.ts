import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No identity in append-only rows (PRODUCT.md "After the class"): an eligibility check's input
 * snapshot keeps the participant's age at the offense date, never the date of birth.
 *
 * The stored snapshots held `participant: {dateOfBirth}`. They are rewritten here to
 * `participant: {ageAtOffense}` (whole years from the birth date to the snapshot's own offense
 * date; a birthday on 29 February comes on 1 March, as the rule set counts). The rows are
 * append-only: the migration, run as the owner, lifts `eligibility_checks_immutable` for this one
 * UPDATE inside its transaction and restores it; the API's login never had UPDATE on the table
 * and still has not. A check constraint then refuses any snapshot with a `dateOfBirth` key,
 * however deep, so none can be stored again.
 */
export class EligibilitySnapshotsAgeAtOffense1764900100000 implements MigrationInterface {
  name = 'EligibilitySnapshotsAgeAtOffense1764900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE eligibility_checks DISABLE TRIGGER eligibility_checks_immutable`);
    await q.query(`
      UPDATE eligibility_checks
         SET input_snapshot = jsonb_set(
               input_snapshot, '{participant}',
               ((input_snapshot->'participant') - 'dateOfBirth')
                 || jsonb_build_object('ageAtOffense',
                      CASE WHEN input_snapshot->'participant'->>'dateOfBirth' ~ '^\\d{4}-\\d{2}-\\d{2}$'
                             AND input_snapshot->'referral'->>'offenseDate' ~ '^\\d{4}-\\d{2}-\\d{2}$'
                           THEN extract(year FROM age(
                                  (input_snapshot->'referral'->>'offenseDate')::date,
                                  (input_snapshot->'participant'->>'dateOfBirth')::date))::int
                      END))
       WHERE jsonb_typeof(input_snapshot->'participant') = 'object'
         AND input_snapshot->'participant' ? 'dateOfBirth'`);
    await q.query(`ALTER TABLE eligibility_checks ENABLE TRIGGER eligibility_checks_immutable`);

    // A birth date anywhere else in a snapshot is not a shape the API ever wrote: stop, naming
    // how many, rather than keep it or guess.
    const [left] = await q.query(
      `SELECT count(*)::int AS n FROM eligibility_checks
        WHERE jsonb_path_exists(input_snapshot, '$.**.dateOfBirth')`,
    );
    if (left.n > 0)
      throw new Error(
        `${left.n} eligibility check snapshot(s) hold a dateOfBirth outside participant: rewrite them first`,
      );
    await q.query(`
      ALTER TABLE eligibility_checks ADD CONSTRAINT eligibility_checks_no_date_of_birth
        CHECK (NOT jsonb_path_exists(input_snapshot, '$.**.dateOfBirth'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Only the constraint goes: the dates of birth erased by up() cannot come back, and the
    // snapshots keep the age at the offense.
    await q.query(
      `ALTER TABLE eligibility_checks DROP CONSTRAINT eligibility_checks_no_date_of_birth`,
    );
  }
}
