import { MigrationInterface, QueryRunner } from 'typeorm';

interface Clash {
  ids: string[];
}

/**
 * The same state ID with the same date of birth is the same person whatever the name (issue 29):
 * a unique index holds it. Possible duplicates — a close spelling with the same date of birth —
 * are found among the participants born that day: an index on the date of birth makes that one
 * cheap lookup. A SUPERVISOR who registers one anyway leaves the reason and the candidates on
 * the new record (`duplicate_override_reason`, `duplicate_override_of`), where the reason stays
 * erasable.
 *
 * If stored participants already share a state ID and a date of birth, the migration stops and
 * names them: they must be merged by hand, not silently.
 */
export class ParticipantIdentityByStateId1764760200000 implements MigrationInterface {
  name = 'ParticipantIdentityByStateId1764760200000';

  async up(q: QueryRunner): Promise<void> {
    const clashes: Clash[] = await q.query(
      `SELECT array_agg(id ORDER BY created_at, id)::text[] AS ids FROM participants
        WHERE state_id_key IS NOT NULL
        GROUP BY state_id_key, date_of_birth HAVING count(*) > 1`,
    );
    if (clashes.length) {
      throw new Error(
        `These participants share a state ID and a date of birth, so each group is one person; merge them, then migrate again: ${clashes
          .map((c) => c.ids.join(' and '))
          .join('; ')}`,
      );
    }
    await q.query(`
      CREATE UNIQUE INDEX participants_state_id_birth_key ON participants (state_id_key, date_of_birth)
        WHERE state_id_key IS NOT NULL`);
    await q.query(`CREATE INDEX participants_birth_idx ON participants (date_of_birth)`);
    await q.query(`
      ALTER TABLE participants
        ADD COLUMN duplicate_override_reason text
          CONSTRAINT participants_duplicate_override_reason_check
          CHECK (length(duplicate_override_reason) BETWEEN 1 AND 500),
        ADD COLUMN duplicate_override_of uuid[]
          CONSTRAINT participants_duplicate_override_of_check
          CHECK (cardinality(duplicate_override_of) >= 1),
        ADD CONSTRAINT participants_duplicate_override_check
          CHECK ((duplicate_override_reason IS NULL) = (duplicate_override_of IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE participants
        DROP CONSTRAINT participants_duplicate_override_check,
        DROP COLUMN duplicate_override_of,
        DROP COLUMN duplicate_override_reason`);
    await q.query(`DROP INDEX participants_birth_idx`);
    await q.query(`DROP INDEX participants_state_id_birth_key`);
  }
}
