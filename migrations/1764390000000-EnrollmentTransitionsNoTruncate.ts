import { MigrationInterface, QueryRunner } from 'typeorm';

/** enrollment_transitions is append-only like the other history tables: TRUNCATE too is refused. */
export class EnrollmentTransitionsNoTruncate1764390000000 implements MigrationInterface {
  name = 'EnrollmentTransitionsNoTruncate1764390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TRIGGER enrollment_transitions_no_truncate BEFORE TRUNCATE ON enrollment_transitions
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER enrollment_transitions_no_truncate ON enrollment_transitions`);
  }
}
