import { DataSource } from 'typeorm';
import { installJobRunnerSchema } from '../jobs/job-runner-schema';
import { dataSourceOptions } from './database-options';

/** One key for the whole product: instances starting together take turns migrating. */
const MIGRATION_LOCK_KEY = 7_204_611_001;

export interface MigrationResult {
  applied: string[];
}

async function withMigrationLock<T>(url: string, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource({
    ...dataSourceOptions({ url, poolSize: 2, applicationName: 'diversion-migrator' }),
  });
  await ds.initialize();
  const lockRunner = ds.createQueryRunner();
  try {
    await lockRunner.connect();
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await fn(ds);
    } finally {
      await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lockRunner.release();
    await ds.destroy();
  }
}

/**
 * Applies pending migrations under a PostgreSQL advisory lock, then installs or upgrades the job
 * runner's schema (graphile-worker's own migrations) as the same owner.
 */
export function runMigrations(url: string): Promise<MigrationResult> {
  return withMigrationLock(url, async (ds) => {
    const done = await ds.runMigrations({ transaction: 'each' });
    await installJobRunnerSchema(url);
    return { applied: done.map((m) => m.name) };
  });
}

/**
 * Reverts the last applied migration, or with `all` every one, newest first, in one process under
 * the advisory lock; `progress` hears each migration's name before it is reverted. Returns the
 * names reverted.
 */
export function revertMigrations(
  url: string,
  options: { all?: boolean; progress?: (name: string, done: number, total: number) => void } = {},
): Promise<string[]> {
  return withMigrationLock(url, async (ds) => {
    const applied = (await ds.query(
      `SELECT name FROM schema_migrations ORDER BY "timestamp" DESC, id DESC`,
    )) as { name: string }[];
    const todo = options.all ? applied : applied.slice(0, 1);
    const reverted: string[] = [];
    for (const { name } of todo) {
      options.progress?.(name, reverted.length, todo.length);
      await ds.undoLastMigration({ transaction: 'each' });
      reverted.push(name);
    }
    return reverted;
  });
}
