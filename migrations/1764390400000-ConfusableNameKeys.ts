import { MigrationInterface, QueryRunner } from 'typeorm';
import { lastNameKey, stateIdKey } from '../src/participants/identity';

interface Row {
  id: string;
  last_name: string;
  date_of_birth: string;
  state_id_number: string | null;
}

/**
 * Identity keys become confusable skeletons (UTS #39: NFKC, invisible characters dropped,
 * Cyrillic/Greek look-alikes mapped to Latin), so a look-alike registration collides with the
 * person already registered. Recomputes every stored key with the API's own functions. If two
 * stored participants turn out to be one person by the new rule, the migration stops and names
 * them: they must be merged by hand, not silently.
 */
export class ConfusableNameKeys1764390400000 implements MigrationInterface {
  name = 'ConfusableNameKeys1764390400000';

  async up(q: QueryRunner): Promise<void> {
    const rows: Row[] = await q.query(
      `SELECT id, last_name, date_of_birth::text AS date_of_birth, state_id_number FROM participants`,
    );
    const next = rows.map((r) => ({
      id: r.id,
      lastNameKey: lastNameKey(r.last_name),
      stateIdKey: r.state_id_number === null ? null : stateIdKey(r.state_id_number),
    }));
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    rows.forEach((r, i) => {
      const key = `${next[i].lastNameKey}|${r.date_of_birth}|${next[i].stateIdKey ?? ''}`;
      const other = seen.get(key);
      if (other) clashes.push(`${other} and ${r.id}`);
      else seen.set(key, r.id);
    });
    if (clashes.length) {
      throw new Error(
        `These participants are the same person under the look-alike name rule; merge them, then migrate again: ${clashes.join('; ')}`,
      );
    }
    // One statement per thousand rows: the unique index is checked per row, and the new keys
    // were shown above not to collide.
    for (let i = 0; i < next.length; i += 1000) {
      const chunk = next.slice(i, i + 1000);
      await q.query(
        `UPDATE participants p SET last_name_key = n.last_name_key, state_id_key = n.state_id_key
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS n(id, last_name_key, state_id_key)
          WHERE p.id = n.id
            AND (p.last_name_key, p.state_id_key) IS DISTINCT FROM (n.last_name_key, n.state_id_key)`,
        [chunk.map((c) => c.id), chunk.map((c) => c.lastNameKey), chunk.map((c) => c.stateIdKey)],
      );
    }
  }

  async down(): Promise<void> {
    // The earlier keys are a coarser form of the same names; the API of the earlier version
    // recomputes a key whenever a name changes. Nothing to undo in the schema.
  }
}
