import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Client } from 'pg';
import { assertApiLoginRestricted, ensureApiLogin } from './api-login';
import { APP_DB_ROLE } from './database-options';
import { checkInvariants, formatInvariantReport } from './invariants';
import { PgTools, pgToolsFor } from './pg-tools';

export const MANIFEST_FORMAT = 'case-manager-backup/1';

/** What a backup held when it was taken; restore checks the restored database against it. */
export interface BackupSummary {
  /** The last migration applied (schema_migrations). */
  schemaVersion: string | null;
  /** Rows per table, `schema.table`, for the product's tables and the job runner's. */
  tables: Record<string, number>;
  ledger: {
    /** Entries and the sum of amount_cents per kind (FEE, PAYMENT, WAIVER, REFUND, REVERSAL). */
    byKind: Record<string, { entries: number; amountCents: number }>;
    /** Sum of every signed amount: what all participants owe together. */
    signedSumCents: number;
    /** Sum of the kept balances (enrollment_balances). */
    keptBalanceCents: number;
    /** The receipt counter of each year (the last receipt number issued). */
    receiptCounters: Record<string, number>;
  };
}

export interface BackupManifest extends BackupSummary {
  format: typeof MANIFEST_FORMAT;
  /** `pg_dump`: a custom-format archive; `data-directory`: a tar.gz of the stopped DATA_DIR/pg. */
  kind: 'pg_dump' | 'data-directory';
  file: string;
  bytes: number;
  sha256: string;
  takenAt: string;
  server: { version: string; major: number };
  pgDump?: { version: string; major: number };
}

export type Log = (line: string) => void;

export const manifestPathOf = (file: string) => `${file}.manifest.json`;

const SCHEMAS = ['public', 'graphile_worker'];

/** Counts and totals as `client` sees them (inside the backup's snapshot when it takes one). */
export async function summarize(client: Client): Promise<BackupSummary> {
  const hasMigrations = await client.query(`SELECT to_regclass('public.schema_migrations') AS t`);
  const schemaVersion = hasMigrations.rows[0].t
    ? ((
        await client.query<{ name: string }>(
          `SELECT name FROM schema_migrations ORDER BY timestamp DESC, id DESC LIMIT 1`,
        )
      ).rows[0]?.name ?? null)
    : null;
  const { rows: tableRows } = await client.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1) ORDER BY 1, 2`,
    [SCHEMAS],
  );
  const tables: Record<string, number> = {};
  for (const t of tableRows) {
    const ident = `${client.escapeIdentifier(t.schema)}.${client.escapeIdentifier(t.name)}`;
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident}`);
    tables[`${t.schema}.${t.name}`] = Number(rows[0].n);
  }
  const ledger: BackupSummary['ledger'] = {
    byKind: {},
    signedSumCents: 0,
    keptBalanceCents: 0,
    receiptCounters: {},
  };
  if (tables['public.ledger_entries'] !== undefined) {
    const byKind = await client.query<{ kind: string; entries: string; amount: string }>(
      `SELECT kind, count(*) AS entries, sum(amount_cents) AS amount
         FROM ledger_entries GROUP BY kind ORDER BY kind`,
    );
    for (const r of byKind.rows)
      ledger.byKind[r.kind] = { entries: Number(r.entries), amountCents: Number(r.amount) };
    const sums = await client.query<{ signed: string; kept: string }>(
      `SELECT (SELECT coalesce(sum(signed_amount_cents), 0) FROM ledger_entries) AS signed,
              (SELECT coalesce(sum(balance_cents), 0) FROM enrollment_balances) AS kept`,
    );
    ledger.signedSumCents = Number(sums.rows[0].signed);
    ledger.keptBalanceCents = Number(sums.rows[0].kept);
    const counters = await client.query<{ year: number; last_number: number }>(
      `SELECT year, last_number FROM receipt_counters ORDER BY year`,
    );
    for (const r of counters.rows) ledger.receiptCounters[String(r.year)] = r.last_number;
  }
  return { schemaVersion, tables, ledger };
}

/** The differences between what a manifest promised and what a database holds, one per line. */
export function summaryDifferences(expected: BackupSummary, actual: BackupSummary): string[] {
  const out: string[] = [];
  if (expected.schemaVersion !== actual.schemaVersion)
    out.push(`schema version ${actual.schemaVersion}, the backup had ${expected.schemaVersion}`);
  const names = new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)]);
  for (const t of [...names].sort()) {
    if (expected.tables[t] !== actual.tables[t])
      out.push(
        `${t}: ${actual.tables[t] ?? 'missing'} rows, the backup had ${expected.tables[t] ?? 'none'}`,
      );
  }
  const a = JSON.stringify(actual.ledger);
  const e = JSON.stringify(expected.ledger);
  if (a !== e) out.push(`ledger totals ${a}, the backup had ${e}`);
  return out;
}

async function serverVersion(client: Client): Promise<{ version: string; major: number }> {
  const { rows } = await client.query<{ v: string; n: string }>(
    `SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n`,
  );
  return { version: rows[0].v.split(' ')[0], major: Math.floor(Number(rows[0].n) / 10000) };
}

/** libpq's environment for `url`: the password stays out of the process list. */
function libpqEnv(url: string): { env: NodeJS.ProcessEnv; dbname: string } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return {
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    dbname: u.toString(),
  };
}

function run(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onTick?: () => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = onTick ? setInterval(onTick, 5_000) : undefined;
    child.once('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearInterval(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${basename(program)} failed (exit ${code}): ${err.trim()}`));
    });
  });
}

export function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const since = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);

/**
 * `pg_dump` (custom format) of the database on `ownerUrl`, taken as its owner, and beside it
 * FILE.manifest.json. The counts and totals are read in the very snapshot pg_dump copies
 * (pg_export_snapshot), so payments posted meanwhile are in both or in neither.
 */
export async function backupDatabase(
  ownerUrl: string,
  out: string,
  log: Log,
): Promise<BackupManifest> {
  const client = new Client({
    connectionString: ownerUrl,
    application_name: 'case-manager-backup',
  });
  await client.connect();
  try {
    const server = await serverVersion(client);
    const tools = pgToolsFor(server.major, { allowNewer: true, purpose: 'backup' });
    log(`Server: PostgreSQL ${server.version}; pg_dump ${tools.version} (${tools.dir}).`);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    const started = Date.now();
    const summary = await summarize(client);
    const rowsTotal = Object.values(summary.tables).reduce((a, b) => a + b, 0);
    log(
      `Snapshot ${rows[0].id}: ${Object.keys(summary.tables).length} tables, ${rowsTotal} rows, ` +
        `schema ${summary.schemaVersion ?? '(none)'}; counted in ${since(started)}.`,
    );
    const partial = `${out}.partial`;
    rmSync(partial, { force: true });
    const { env, dbname } = libpqEnv(ownerUrl);
    const dumpStarted = Date.now();
    log(`Dumping to ${out} …`);
    await run(
      tools.pgDump,
      ['--format=custom', `--snapshot=${rows[0].id}`, `--file=${partial}`, `--dbname=${dbname}`],
      env,
      () => log(`  … ${mb(sizeOf(partial))} written (${since(dumpStarted)})`),
    );
    await client.query('COMMIT');
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      kind: 'pg_dump',
      file: basename(out),
      bytes: sizeOf(partial),
      sha256: await sha256Of(partial),
      takenAt: new Date(started).toISOString(),
      server,
      pgDump: { version: tools.version, major: tools.major },
      ...summary,
    };
    renameSync(partial, out);
    writeFileSync(manifestPathOf(out), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    log(`Dumped ${mb(manifest.bytes)} in ${since(dumpStarted)}; manifest ${manifestPathOf(out)}.`);
    return manifest;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The manifest beside `file`, and the file checked against it (size and SHA-256). */
export async function readManifest(file: string, log: Log): Promise<BackupManifest> {
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  const path = manifestPathOf(file);
  if (!existsSync(path))
    throw new Error(`${path} is missing: a backup is the file and its manifest, kept together`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  if (manifest.format !== MANIFEST_FORMAT)
    throw new Error(`${path} is not a backup manifest of this product (${MANIFEST_FORMAT})`);
  const sha = await sha256Of(file);
  if (sha !== manifest.sha256 || sizeOf(file) !== manifest.bytes)
    throw new Error(
      `${file} does not match its manifest (size or SHA-256 differ): damaged or swapped`,
    );
  log(
    `Backup of ${manifest.takenAt} (${manifest.kind}, schema ${manifest.schemaVersion}, ${mb(manifest.bytes)}); checksum ok.`,
  );
  return manifest;
}

/** Tables, views, sequences or schemas of anyone's in the database: restore refuses them. */
export async function databaseContents(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ what: string }>(
    `SELECT n.nspname || '.' || c.relname AS what FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
     UNION ALL
     SELECT 'schema ' || nspname FROM pg_namespace
      WHERE nspname NOT IN ('public', 'pg_catalog', 'information_schema')
        AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'
     ORDER BY 1`,
  );
  return rows.map((r) => r.what);
}

export class RestoreRefused extends Error {}

/**
 * What every restore does once the data is back: the API's login and its membership (its grants
 * are the restored ones, to diversion_app), proof that this login works and owns nothing, every
 * invariant, and the manifest's counts and totals.
 */
export async function verifyRestored(
  ownerUrl: string,
  apiUrl: string | undefined,
  manifest: BackupManifest,
  log: Log,
): Promise<void> {
  if (apiUrl) {
    await ensureApiLogin(ownerUrl, apiUrl);
    await assertApiLoginRestricted(apiUrl);
    const api = new Client({
      connectionString: apiUrl,
      options: `-c role=${APP_DB_ROLE}`,
      application_name: 'case-manager-restore',
    });
    await api.connect();
    try {
      // What the API does on its first request: read the ledger. And what it may never do.
      await api.query('SELECT count(*) FROM ledger_entries');
      const { rows } = await api.query<{ update: boolean; truncate: boolean }>(
        `SELECT has_table_privilege('audit_events', 'UPDATE') AS update,
                has_table_privilege('ledger_entries', 'TRUNCATE') AS truncate`,
      );
      if (rows[0].update || rows[0].truncate)
        throw new Error('the restored grants let the API change append-only tables');
    } finally {
      await api.end();
    }
    log(`API login "${decodeURIComponent(new URL(apiUrl).username)}" works, owns nothing.`);
  } else {
    log('No API login to re-create (DATABASE_URL is the owner; see README, Configuration).');
  }
  const client = new Client({ connectionString: ownerUrl, options: '-c TimeZone=America/Chicago' });
  await client.connect();
  try {
    const started = Date.now();
    const results = await checkInvariants((sql) => client.query(sql).then((r) => r.rows));
    const broken = results.filter((r) => r.violations > 0);
    if (broken.length)
      throw new Error(`invariants violated after restore:\n${formatInvariantReport(broken)}`);
    log(`All ${results.length} invariants hold (${since(started)}).`);
    const differences = summaryDifferences(manifest, await summarize(client));
    if (differences.length)
      throw new Error(
        `the restored database differs from the backup:\n  ${differences.join('\n  ')}`,
      );
    const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
    const receipts = Object.entries(manifest.ledger.receiptCounters)
      .map(([y, n]) => `${y}: ${n}`)
      .join(', ');
    log(
      `Counts and totals match the manifest: ${Object.keys(manifest.tables).length} tables, ${rows} rows, ` +
        `balance ${manifest.ledger.signedSumCents} cents, receipt counters ${receipts || 'none'}.`,
    );
  } finally {
    await client.end();
  }
}

/**
 * Restores a pg_dump backup into the empty database on `ownerUrl` (refuses one that holds
 * anything), as that owner: the product's role first (grants name it), then pg_restore in one
 * transaction, then the API's login and every check (verifyRestored).
 */
export async function restoreDatabase(
  ownerUrl: string,
  apiUrl: string | undefined,
  file: string,
  log: Log,
): Promise<BackupManifest> {
  const manifest = await readManifest(file, log);
  if (manifest.kind !== 'pg_dump')
    throw new Error(
      `${file} is a copy of an embedded data folder: restore it with no DATABASE_URL set (README, Backups and recovery)`,
    );
  const client = new Client({
    connectionString: ownerUrl,
    application_name: 'case-manager-restore',
  });
  await client.connect();
  let tools: PgTools;
  try {
    const contents = await databaseContents(client);
    if (contents.length) {
      throw new RestoreRefused(
        `the database ${new URL(ownerUrl).pathname.slice(1)} is not empty (${contents.length} objects, e.g. ` +
          `${contents.slice(0, 3).join(', ')}): restore only into a new, empty database (createdb), never over data`,
      );
    }
    const server = await serverVersion(client);
    tools = pgToolsFor(server.major, { atLeast: manifest.pgDump?.major, purpose: 'restore' });
    log(`Server: PostgreSQL ${server.version}; pg_restore ${tools.version} (${tools.dir}).`);
    // The role the grants name, as the first migration creates it.
    await client.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_DB_ROLE}') THEN
          CREATE ROLE ${APP_DB_ROLE} NOLOGIN;
        END IF;
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          EXECUTE format('GRANT ${APP_DB_ROLE} TO %I', current_user);
        END IF;
      END $$`);
  } finally {
    await client.end();
  }

  // Objects become the restoring owner's (--no-owner); default privileges named the old owner,
  // so they are set again below for this one instead.
  const { env, dbname } = libpqEnv(ownerUrl);
  const toc = await run(tools.pgRestore, ['--list', file], env);
  const listFile = join(mkdtempSync(join(tmpdir(), 'case-manager-restore-')), 'toc.list');
  writeFileSync(
    listFile,
    toc
      .split('\n')
      .filter((line) => !/ DEFAULT ACL /.test(line))
      .join('\n'),
  );
  const started = Date.now();
  log('Restoring (pg_restore, one transaction) …');
  await run(
    tools.pgRestore,
    [
      '--no-owner',
      '--exit-on-error',
      '--single-transaction',
      `--use-list=${listFile}`,
      `--dbname=${dbname}`,
      file,
    ],
    env,
    () => log(`  … restoring (${since(started)})`),
  );
  rmSync(join(listFile, '..'), { recursive: true, force: true });
  log(`Restored the data in ${since(started)}.`);

  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO ${APP_DB_ROLE}`,
    );
    await owner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_DB_ROLE}`,
    );
    // Freshly loaded rows have no hint bits and no visibility map: the first reads (the checks
    // below, then the API's) would write every page. VACUUM sets both; ANALYZE the statistics.
    const vacuumed = Date.now();
    await owner.query('VACUUM (ANALYZE)');
    log(`Vacuumed and analyzed (VACUUM (ANALYZE), ${since(vacuumed)}).`);
  } finally {
    await owner.end();
  }
  await verifyRestored(ownerUrl, apiUrl, manifest, log);
  return manifest;
}
