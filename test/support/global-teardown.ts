import { rmSync } from 'node:fs';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const chromium = (globalThis as any).__CHROMIUM__ as { close(): Promise<void> } | undefined;
  await chromium?.close();
  const screens = (globalThis as any).__SCREENS_DIR__ as string | undefined;
  if (screens) rmSync(screens, { recursive: true, force: true });
  const embedded = (globalThis as any).__EMBEDDED_PG__ as
    { pg: { stop(): Promise<void> }; dataDir: string } | undefined;
  if (embedded) {
    await embedded.pg.stop();
    rmSync(embedded.dataDir, { recursive: true, force: true });
  } else if (process.env.TEST_PG_ADMIN_URL) {
    // A shared server: drop what this run created.
    const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await admin.connect();
    const dbs = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `t_${process.env.TEST_RUN_ID}_%`,
    ]);
    for (const { datname } of dbs.rows)
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS "${process.env.TEST_TEMPLATE_DB}" WITH (FORCE)`);
    await admin.end();
  }
  const dir = (globalThis as any).__TEST_BUILD_DIR__ as string | undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
