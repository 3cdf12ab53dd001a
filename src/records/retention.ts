import type { Pool, PoolClient } from 'pg';
import { BlindIndexKey, wrap } from './blind-index';

/**
 * Retention runs (PRODUCT.md "Retention"), on plain `pg`: the CLI, the daily job and the bench
 * call the same code. Safe with several instances:
 *
 * - one run at a time: a session advisory lock (RUN_LOCK), held by the connection doing the work;
 *   the job skips a day when another run holds it, the CLI waits for it;
 * - each batch of records is one short transaction (row locks on that batch's closed records
 *   only, taken with SKIP LOCKED), so payments and other work go on meanwhile;
 * - each record is erased by the database function `pseudonymize_participant` (SECURITY
 *   DEFINER: the API's login holds no UPDATE on append-only tables), in a savepoint of its own,
 *   right after its blind index is computed afresh under the row's lock;
 * - a run first fills the blind index of every participant who has none yet (registered before
 *   it existed), comparing the identity it read so that a concurrent change is never overwritten.
 */

/** The key of the session lock one retention run (or a re-keying) holds. */
export const RUN_LOCK = `hashtextextended('records-retention', 0)`;
/**
 * The key of the lock the blind index is read and written under: shared by registrations,
 * exclusive while `records:rekey` changes the key.
 */
export const INDEX_KEY_LOCK = `hashtextextended('records-index-key', 0)`;

/** Records per transaction. */
export const DEFAULT_BATCH = 50;
/** Participants per statement when the blind index is filled in or re-keyed. */
const INDEX_BATCH = 1000;

type Queryable = Pick<PoolClient, 'query'>;

/** The database's blind index was made with another key. */
export class RecordsIndexKeyMismatch extends Error {
  constructor() {
    super(
      'RECORDS_INDEX_KEY is not the key this database’s blind index was made with: use the key that goes with this database (after a rotation, every key of the chain, oldest first — README, Retention)',
    );
  }
}

/**
 * Compares the key with the database's check value; the first user of a database records it
 * (unless `record` is false: a dry run writes nothing).
 */
export async function checkIndexKey(
  db: Queryable,
  key: BlindIndexKey,
  record = true,
): Promise<void> {
  if (record) {
    await db.query(
      `INSERT INTO records_index_key_check (check_value, keys) VALUES ($1, $2)
       ON CONFLICT DO NOTHING`,
      [key.check(), key.keys.length],
    );
  }
  const { rows } = await db.query<{ check_value: string }>(
    `SELECT check_value FROM records_index_key_check`,
  );
  if (rows.length && !key.matches(rows[0].check_value)) throw new RecordsIndexKeyMismatch();
}

interface IdentityRow {
  id: string;
  last_name_key: string;
  date_of_birth: string;
  state_id_key: string | null;
}

const indexesOf = (key: BlindIndexKey, rows: IdentityRow[]) => ({
  ids: rows.map((r) => r.id),
  identity: rows.map((r) => key.identity(r.last_name_key, r.date_of_birth)),
  stateId: rows.map((r) => key.stateId(r.state_id_key, r.date_of_birth)),
});

/** How many participants still lack a blind index. */
export async function missingIndexes(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM participants WHERE identity_index IS NULL AND pseudonymized_at IS NULL`,
  );
  return Number(rows[0].n);
}

/**
 * Fills in the blind index of every participant without one; answers how many. A row whose
 * identity changed since it was read is left for the next run (the API computed it anyway).
 */
export async function fillMissingIndexes(db: Queryable, key: BlindIndexKey): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let filled = 0;
  for (;;) {
    const { rows } = await db.query<IdentityRow>(
      `SELECT id, last_name_key, date_of_birth::text AS date_of_birth, state_id_key
         FROM participants
        WHERE identity_index IS NULL AND pseudonymized_at IS NULL AND id > $1
        ORDER BY id LIMIT ${INDEX_BATCH}`,
      [after],
    );
    if (!rows.length) return filled;
    after = rows[rows.length - 1].id;
    const x = indexesOf(key, rows);
    const result = await db.query(
      `UPDATE participants p SET identity_index = n.identity_index, state_id_index = n.state_id_index
         FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[])
              AS n(id, last_name_key, date_of_birth, state_id_key, identity_index, state_id_index)
        WHERE p.id = n.id AND p.identity_index IS NULL AND p.pseudonymized_at IS NULL
          AND p.last_name_key = n.last_name_key AND p.date_of_birth = n.date_of_birth
          AND p.state_id_key IS NOT DISTINCT FROM n.state_id_key`,
      [
        x.ids,
        rows.map((r) => r.last_name_key),
        rows.map((r) => r.date_of_birth),
        rows.map((r) => r.state_id_key),
        x.identity,
        x.stateId,
      ],
    );
    filled += result.rowCount ?? 0;
  }
}

export interface RetentionOptions {
  /** YYYY-MM-DD: records closed before this day (closed_on < it) are pseudonymized. */
  closedBefore: string;
  /** Do the same work in transactions that are rolled back: exact counts, nothing kept. */
  dryRun?: boolean;
  /** Wait for a run in progress (the CLI) instead of leaving the work to it (the job). */
  wait?: boolean;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Called when another run holds the lock and this one waits for it. */
  onWaiting?: () => void;
}

export interface RetentionReport {
  closedBefore: string;
  dryRun: boolean;
  /** false: another run held the lock and `wait` was not set; nothing was done. */
  ran: boolean;
  /** Closed records found (closed before the day, not yet pseudonymized). */
  candidates: number;
  /** Records pseudonymized (in a dry run: that would be). */
  records: number;
  /** Rows changed per table. */
  tables: Record<string, number>;
  /** Participants without a blind index before the run: filled in (a dry run only counts them). */
  indexed: number;
  /** Records the database refused (left as they were), with its reason. */
  failed: { participantId: string; error: string }[];
}

interface CandidateRow extends IdentityRow {
  closed_on: string;
}

/** Pseudonymizes the closed records closed before `closedBefore` (see the file's comment). */
export async function pseudonymizeClosedRecords(
  pool: Pool,
  key: BlindIndexKey,
  opts: RetentionOptions,
): Promise<RetentionReport> {
  const dryRun = opts.dryRun ?? false;
  const report: RetentionReport = {
    closedBefore: opts.closedBefore,
    dryRun,
    ran: false,
    candidates: 0,
    records: 0,
    tables: {},
    indexed: 0,
    failed: [],
  };
  const db = await pool.connect();
  let locked = false;
  try {
    const { rows } = await db.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock(${RUN_LOCK}) AS ok`,
    );
    locked = rows[0].ok;
    if (!locked) {
      if (!opts.wait) return report;
      opts.onWaiting?.();
      await db.query(`SELECT pg_advisory_lock(${RUN_LOCK})`);
      locked = true;
    }
    report.ran = true;
    await checkIndexKey(db, key, !dryRun);
    report.indexed = dryRun ? await missingIndexes(db) : await fillMissingIndexes(db, key);

    const { rows: counted } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM participants
        WHERE record_status IN ('CLOSED', 'EXPUNGED') AND closed_on < $1::date`,
      [opts.closedBefore],
    );
    report.candidates = Number(counted[0].n);
    opts.onProgress?.(0, report.candidates);

    const batch = opts.batchSize ?? DEFAULT_BATCH;
    let after: [string, string] = ['1900-01-01', '00000000-0000-0000-0000-000000000000'];
    let done = 0;
    for (;;) {
      await db.query('BEGIN');
      let committed = false;
      try {
        const { rows } = await db.query<CandidateRow>(
          `SELECT id, closed_on::text AS closed_on, last_name_key,
                  date_of_birth::text AS date_of_birth, state_id_key
             FROM participants
            WHERE record_status IN ('CLOSED', 'EXPUNGED') AND closed_on < $1::date
              AND closed_on >= $2::date AND (closed_on, id) > ($2::date, $3::uuid)
            ORDER BY closed_on, id LIMIT $4
              FOR UPDATE SKIP LOCKED`,
          [opts.closedBefore, after[0], after[1], batch],
        );
        if (!rows.length) break;
        const last = rows[rows.length - 1];
        after = [last.closed_on, last.id];
        // The index from the identity as it is now, under the row's lock: what stays.
        const x = indexesOf(key, rows);
        await db.query(
          `UPDATE participants p SET identity_index = n.i, state_id_index = n.s
             FROM unnest($1::uuid[], $2::text[], $3::text[]) AS n(id, i, s)
            WHERE p.id = n.id AND (p.identity_index, p.state_id_index) IS DISTINCT FROM (n.i, n.s)`,
          [x.ids, x.identity, x.stateId],
        );
        for (const r of rows) {
          await db.query('SAVEPOINT record');
          try {
            const { rows: out } = await db.query<{ touched: Record<string, number> }>(
              `SELECT pseudonymize_participant($1) AS touched`,
              [r.id],
            );
            await db.query('RELEASE SAVEPOINT record');
            const touched = out[0].touched;
            if (Object.keys(touched).length) report.records++;
            for (const [table, n] of Object.entries(touched))
              report.tables[table] = (report.tables[table] ?? 0) + n;
          } catch (err) {
            await db.query('ROLLBACK TO SAVEPOINT record');
            report.failed.push({
              participantId: r.id,
              error: err instanceof Error ? err.message : String(err),
            });
          }
        }
        await db.query(dryRun ? 'ROLLBACK' : 'COMMIT');
        committed = true;
        done += rows.length;
        opts.onProgress?.(Math.min(done, report.candidates), report.candidates);
      } finally {
        if (!committed) await db.query('ROLLBACK');
      }
    }
    opts.onProgress?.(report.candidates, report.candidates);
    return report;
  } finally {
    if (locked) await db.query(`SELECT pg_advisory_unlock(${RUN_LOCK})`).catch(() => undefined);
    db.release();
  }
}

export interface RekeyReport {
  /** Participants whose blind index was re-keyed. */
  participants: number;
  /** Of those, pseudonymized ones (whose index could not be computed again from a name). */
  pseudonymized: number;
  /** Keys in the chain now. */
  keys: number;
}

/**
 * Rotation (blind-index.ts): wraps every stored index with the keys `newKey` adds to `oldKey`,
 * and records the new key's check value — in one transaction, under the run lock and the
 * exclusive index lock (registrations in flight finish first; later ones read the new check value
 * and refuse to work with the old key until their instance is restarted with the new one). Run as
 * the owner, with the API stopped.
 */
export async function rekeyBlindIndex(
  pool: Pool,
  oldKey: BlindIndexKey,
  newKey: BlindIndexKey,
  onProgress?: (done: number, total: number) => void,
): Promise<RekeyReport> {
  const added = newKey.extensionOf(oldKey);
  if (!added) {
    throw new Error(
      'RECORDS_INDEX_KEY must be the old key (the --old-key-file) followed by the new one, separated by a comma',
    );
  }
  const db = await pool.connect();
  let locked = false;
  try {
    const { rows: lock } = await db.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock(${RUN_LOCK}) AS ok`,
    );
    locked = lock[0].ok;
    if (!locked) throw new Error('a retention run is in progress: re-key once it has finished');
    await db.query('BEGIN');
    try {
      await db.query(`SELECT pg_advisory_xact_lock(${INDEX_KEY_LOCK})`);
      const { rows: check } = await db.query<{ check_value: string }>(
        `SELECT check_value FROM records_index_key_check FOR UPDATE`,
      );
      if (check.length && !oldKey.matches(check[0].check_value)) {
        throw new Error(
          'the --old-key-file does not hold the key this database’s blind index was made with',
        );
      }
      const { rows: counted } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM participants WHERE identity_index IS NOT NULL`,
      );
      const total = Number(counted[0].n);
      const report: RekeyReport = { participants: 0, pseudonymized: 0, keys: newKey.keys.length };
      onProgress?.(0, total);
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const { rows } = await db.query<{
          id: string;
          identity_index: string;
          state_id_index: string | null;
          pseudonymized: boolean;
        }>(
          `SELECT id, identity_index, state_id_index, pseudonymized_at IS NOT NULL AS pseudonymized
             FROM participants WHERE identity_index IS NOT NULL AND id > $1
            ORDER BY id LIMIT ${INDEX_BATCH}`,
          [after],
        );
        if (!rows.length) break;
        after = rows[rows.length - 1].id;
        await db.query(
          `UPDATE participants p SET identity_index = n.i, state_id_index = n.s
             FROM unnest($1::uuid[], $2::text[], $3::text[]) AS n(id, i, s) WHERE p.id = n.id`,
          [
            rows.map((r) => r.id),
            rows.map((r) => wrap(added, r.identity_index)),
            rows.map((r) => (r.state_id_index === null ? null : wrap(added, r.state_id_index))),
          ],
        );
        report.participants += rows.length;
        report.pseudonymized += rows.filter((r) => r.pseudonymized).length;
        onProgress?.(report.participants, total);
      }
      // A state ID index without an identity index cannot be: the API writes both.
      await db.query(
        `INSERT INTO records_index_key_check (check_value, keys) VALUES ($1, $2)
         ON CONFLICT (singleton) DO UPDATE
           SET check_value = EXCLUDED.check_value, keys = EXCLUDED.keys, recorded_at = now()`,
        [newKey.check(), newKey.keys.length],
      );
      await db.query('COMMIT');
      return report;
    } catch (err) {
      await db.query('ROLLBACK');
      throw err;
    }
  } finally {
    if (locked) await db.query(`SELECT pg_advisory_unlock(${RUN_LOCK})`).catch(() => undefined);
    db.release();
  }
}
