// `node .build/scripts/scripts/restore-drill.js [--server-url URL] [--participants N]`
// (.ci/restore-drill.sh): a year of demo data, a backup taken while the server runs, a restore
// into a fresh database, the server started on it, a payment recorded, and every report compared.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { addDays } from '../src/common/dates';
import { ensureApiLogin } from '../src/database/api-login';
import { checkInvariants, formatInvariantReport } from './lib/invariants';
import { Api, login } from './lib/api';
import { argOf, redact } from './lib/database';
import { BUILD_DIR, Server, startServer, startSettings } from './lib/servers';

const USAGE = `Usage: restore-drill [--server-url URL] [--participants N]
  URL: a PostgreSQL server's maintenance database as a role that may create databases and roles
  (default postgres://postgres@127.0.0.1:5432/postgres). Creates two databases and drops them.
`;

const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-123';
const API_USER = 'case_manager_drill_api';
const API_PASSWORD = randomBytes(12).toString('hex');
const started = Date.now();
const say = (line: string) =>
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);

function urlOf(serverUrl: string, database: string, user?: string, password?: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user;
    u.password = password ?? '';
  }
  return u.toString();
}

async function sql<T>(url: string, text: string): Promise<T[]> {
  const c = new Client({ connectionString: url, options: '-c TimeZone=America/Chicago' });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

function cli(args: string[], env: Record<string, string>): void {
  execFileSync(process.execPath, [join(BUILD_DIR, 'src', 'cli.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function serve(ownerUrl: string, apiUrl: string, jwtSecret: string): Promise<Server> {
  return startServer({
    ...startSettings(),
    DATABASE_URL: apiUrl,
    MIGRATION_DATABASE_URL: ownerUrl,
    JWT_SECRET: jwtSecret,
  });
}

/** Every report the console shows, over the seeded year, as the API answers them. */
async function reports(auditor: Api, from: string, to: string): Promise<Record<string, unknown>> {
  const paths = [
    ...['program', 'method', 'month', 'day'].map(
      (g) => `/reports/fees?from=${from}&to=${to}&groupBy=${g}`,
    ),
    `/reports/balances?asOf=${to}`,
    `/reports/outcomes?from=${from}&to=${to}`,
    `/reports/follow-up?months=12&exitFrom=${addDays(from, -730)}&exitTo=${to}`,
    `/reports/follow-up?months=24&exitFrom=${addDays(from, -730)}&exitTo=${to}`,
  ];
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const res = await auditor.get(path);
    if (res.status !== 200)
      throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    out[path] = res.body;
  }
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    process.stdout.write(USAGE);
    return;
  }
  const serverUrl = argOf(argv, 'server-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const participants = argOf(argv, 'participants') ?? '2000';
  const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const names = { source: `drill_source_${tag}`, restored: `drill_restored_${tag}` };
  const dir = mkdtempSync(join(tmpdir(), 'case-manager-drill-'));
  const file = join(dir, 'drill.dump');
  const servers: Server[] = [];
  say(`Server ${redact(serverUrl)}; databases ${names.source} and ${names.restored}.`);
  await sql(serverUrl, `CREATE DATABASE ${names.source}`);
  await sql(serverUrl, `CREATE DATABASE ${names.restored}`);
  const source = urlOf(serverUrl, names.source);
  const restored = urlOf(serverUrl, names.restored);
  const sourceApi = urlOf(serverUrl, names.source, API_USER, API_PASSWORD);
  const restoredApi = urlOf(serverUrl, names.restored, API_USER, API_PASSWORD);
  const jwtSecret = randomBytes(32).toString('hex');
  try {
    execFileSync(
      process.execPath,
      [
        join(BUILD_DIR, 'scripts', 'seed-demo.js'),
        '--participants',
        participants,
        '--database-url',
        source,
      ],
      { env: { ...process.env, DEMO_PASSWORD }, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const [{ from, to }] = await sql<{ from: string; to: string }>(
      source,
      `SELECT min(enrolled_on)::text AS from,
              ((now() AT TIME ZONE 'America/Chicago')::date)::text AS to FROM enrollments`,
    );
    say(`Seeded a year of demo data: ${participants} participants, ${from} … ${to}.`);

    await ensureApiLogin(source, sourceApi);
    const before = await serve(source, sourceApi, jwtSecret);
    servers.push(before);
    const auditor = await login(before.api, 'auditor1@demo.example', DEMO_PASSWORD);
    const reportsBefore = await reports(auditor, from, to);
    say(`Server on the source: ${Object.keys(reportsBefore).length} reports read.`);

    cli(['backup', '--out', file], { DATABASE_URL: source, DATA_DIR: dir });
    say('Backup taken with the server running (pg_dump, custom format, and its manifest).');
    await before.stop();
    servers.pop();

    cli(['restore', '--from', file], {
      MIGRATION_DATABASE_URL: restored,
      DATABASE_URL: restoredApi,
      DATA_DIR: dir,
    });
    say('Restored into a fresh database (the restore checked invariants, counts and totals).');

    const after = await serve(restored, restoredApi, randomBytes(32).toString('hex'));
    servers.push(after);
    const reportsAfter = await reports(
      await login(after.api, 'auditor1@demo.example', DEMO_PASSWORD),
      from,
      to,
    );
    const differing = Object.keys(reportsBefore).filter(
      (k) => !isDeepStrictEqual(reportsBefore[k], reportsAfter[k]),
    );
    if (differing.length)
      throw new Error(`reports differ after the restore: ${differing.join(', ')}`);
    say(`Every report is the same after the restore: ${Object.keys(reportsAfter).join(', ')}.`);

    const [open] = await sql<{ id: string; year: number; last: number | null }>(
      restored,
      `SELECT b.enrollment_id AS id, extract(year FROM now() AT TIME ZONE 'America/Chicago')::int AS year,
              (SELECT last_number FROM receipt_counters
                WHERE year = extract(year FROM now() AT TIME ZONE 'America/Chicago')) AS last
         FROM enrollment_balances b JOIN enrollments e ON e.id = b.enrollment_id
        WHERE e.status = 'ACTIVE' AND b.balance_cents >= 100 LIMIT 1`,
    );
    if (!open) throw new Error('no ACTIVE enrollment with a balance to pay on');
    const finance = await login(after.api, 'finance1@demo.example', DEMO_PASSWORD);
    const paid = await finance.post(
      `/enrollments/${open.id}/payments`,
      { amountCents: 100, method: 'CASH', receivedOn: to },
      { 'Idempotency-Key': randomBytes(16).toString('hex') },
    );
    const expected = `R-${open.year}-${String((open.last ?? 0) + 1).padStart(6, '0')}`;
    if (paid.status !== 201 || paid.body.receiptNumber !== expected) {
      throw new Error(
        `payment after the restore: ${paid.status} ${JSON.stringify(paid.body)} (expected receipt ${expected})`,
      );
    }
    say(`Payment recorded through the API on the restored database: receipt ${expected}, no gap.`);

    const c = new Client({ connectionString: restored, options: '-c TimeZone=America/Chicago' });
    await c.connect();
    const results = await checkInvariants((q) => c.query(q).then((r) => r.rows)).finally(() =>
      c.end(),
    );
    const broken = results.filter((r) => r.violations > 0);
    if (broken.length) throw new Error(`invariants violated:\n${formatInvariantReport(broken)}`);
    say(`All ${results.length} invariants hold after the payment.`);
    say('Restore drill passed.');
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    for (const db of Object.values(names))
      await sql(serverUrl, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    await sql(serverUrl, `DROP ROLE IF EXISTS ${API_USER}`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `Restore drill FAILED: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  },
);
