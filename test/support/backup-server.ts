import { Client } from 'pg';
import { findPgTools, PgTools } from '../../src/database/pg-tools';

/** A PostgreSQL server whose major version has pg_dump and pg_restore on this machine. */
export interface BackupServer {
  adminUrl: string;
  major: number;
  tools: PgTools;
}

async function majorOf(url: string): Promise<number | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: string }>(
      `SELECT current_setting('server_version_num') AS n`,
    );
    return Math.floor(Number(rows[0].n) / 10000);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Backups need the client programs of the server's major version. The test server (embedded,
 * a newer major than the machine's packages) usually has none; the machine's own PostgreSQL
 * (PG15_HOST, else 127.0.0.1:5432, user postgres, trust) usually has them in
 * /usr/lib/postgresql/<major>/bin. The first that fits; otherwise an error saying what is
 * missing — never a skipped test.
 */
export async function backupServer(): Promise<BackupServer> {
  const tools = findPgTools();
  const candidates = [
    process.env.TEST_PG_ADMIN_URL!,
    `postgres://postgres@${process.env.PG15_HOST ?? '127.0.0.1'}:5432/postgres`,
  ];
  const seen: string[] = [];
  for (const adminUrl of candidates) {
    const major = await majorOf(adminUrl);
    const host = new URL(adminUrl).host;
    if (major === undefined) {
      seen.push(`${host}: no answer`);
      continue;
    }
    const fit = tools.find((t) => t.major === major);
    if (fit) return { adminUrl, major, tools: fit };
    seen.push(`${host}: PostgreSQL ${major}, no pg_dump ${major}`);
  }
  throw new Error(
    `The backup tests need a PostgreSQL server with pg_dump/pg_restore of its major version on this machine ` +
      `(${seen.join('; ')}; client programs found: ${tools.map((t) => `${t.version} in ${t.dir}`).join(', ') || 'none'}). ` +
      'Install postgresql-client-<major> for the test server, or run a PostgreSQL on 127.0.0.1:5432 (PG15_HOST) with trust for "postgres".',
  );
}
