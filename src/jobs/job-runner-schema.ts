import { Client } from 'pg';
import { APP_DB_ROLE } from '../database/database-options';

/** The schema of the product's one job runner (graphile-worker) on PostgreSQL. */
export const JOB_SCHEMA = 'graphile_worker';

/**
 * Installs or upgrades the job runner's schema, as the database owner, in the product's migration
 * step (under its advisory lock; graphile-worker also takes turns by itself). Then grants the
 * API's role what the runner needs at run time — read and write its tables, use its sequences,
 * call its functions — and nothing to create: the API's login works without CREATE. Run on every
 * migration, so the grants also cover what a newer graphile-worker adds.
 */
export async function installJobRunnerSchema(ownerUrl: string): Promise<void> {
  const { runMigrations, Logger } = await import('graphile-worker');
  await runMigrations({
    connectionString: ownerUrl,
    schema: JOB_SCHEMA,
    logger: new Logger(() => (level, message) => {
      if (level === 'error' || level === 'warning')
        process.stderr.write(`job runner schema: ${message}\n`);
    }),
  });
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query(`
      GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${APP_DB_ROLE};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO ${APP_DB_ROLE};
      GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${JOB_SCHEMA} TO ${APP_DB_ROLE};
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${JOB_SCHEMA} TO ${APP_DB_ROLE};`);
    // graphile-worker turns row-level security on for its tables (only their owner sees rows);
    // the API's role gets a policy that lets it work them, table by table.
    await owner.query(`
      DO $$
      DECLARE t record;
      BEGIN
        FOR t IN SELECT c.relname FROM pg_class c
                  WHERE c.relnamespace = '${JOB_SCHEMA}'::regnamespace AND c.relkind = 'r'
                    AND c.relrowsecurity
                    AND NOT EXISTS (SELECT 1 FROM pg_policy p
                                     WHERE p.polrelid = c.oid AND p.polname = 'job_runner_app')
        LOOP
          EXECUTE format('CREATE POLICY job_runner_app ON ${JOB_SCHEMA}.%I TO ${APP_DB_ROLE} USING (true) WITH CHECK (true)', t.relname);
        END LOOP;
      END $$`);
  } finally {
    await owner.end();
  }
}
