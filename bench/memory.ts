// A targeted memory measurement of one API instance (issue 13): the bench's payment and roster
// phases, shortened, with the server's RSS sampled every 100 ms and its process.memoryUsage()
// split (heap / external / array buffers) read from a preload. Not part of `npm test`.
//
//   node .build/scripts/bench/memory.js [--seconds 10] [--node-options "…"] [--bare]
//
// Compiled like the bench (swc into .build/scripts; `npm run bench -- --quick` compiles it too).
// The server gets `npm start`'s node flags and malloc setting (bench/start-settings.ts) unless
// --bare; --node-options replaces the flags; MALLOC_* variables of this process pass through.
// Prints one JSON object: idle RSS after
// start, peak RSS per phase, VmHWM over the run, requests/s of each phase.
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { chicagoDate } from '../src/common/dates';
import { runMigrations } from '../src/database/migrator';
import { login, staffWith } from '../scripts/lib/api';
import { scratchDatabase } from '../scripts/lib/scratch-db';
import { BUILD_DIR, Server, startServer, startSettings } from '../scripts/lib/servers';
import { rosterLoad as rosterLoadOf, bulkEnrollments, startedSessions } from './fixtures';
import { BENCH_POOL_SIZE, benchServerEnv } from './start-settings';
import type { LoadConfig, LoadResult } from './load-http';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SECONDS = Number(arg('--seconds') ?? 10);
const SETTINGS = process.argv.includes('--bare') ? {} : startSettings();
const NODE_OPTIONS = arg('--node-options') ?? SETTINGS.NODE_OPTIONS ?? '';
const POOL_SIZE = BENCH_POOL_SIZE;
const ADMIN = { email: 'mem-admin@bench.example', password: 'mem-bootstrap-pass-1' };
const PASSWORD = 'mem-staff-password-1';

const mb = (kb: number) => Math.round(kb / 102.4) / 10;
const log = (line: string) => process.stderr.write(`${line}\n`);

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function load(config: LoadConfig): Promise<LoadResult> {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-mem-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(BUILD_DIR, 'bench', 'load-http.js'), file],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as LoadResult;
}

/** Peak VmRSS (MB) while `fn` runs, sampled every 100 ms. */
async function sampled<T>(server: Server, fn: () => Promise<T>): Promise<[T, number]> {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, status(server.pid, 'VmRSS'))), 100);
  try {
    const result = await fn();
    peak = Math.max(peak, status(server.pid, 'VmRSS'));
    return [result, mb(peak)];
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const db = await scratchDatabase(process.env.BENCH_DATABASE_URL);
  const pool = new Pool({ connectionString: db.url, max: 4 });
  let server: Server | undefined;
  try {
    await runMigrations(db.url);
    server = await startServer({
      ...(await benchServerEnv(db.url, ADMIN)),
      ...SETTINGS,
      ...(NODE_OPTIONS ? { NODE_OPTIONS } : {}),
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          (e): e is [string, string] => e[0].startsWith('MALLOC_') && e[1] !== undefined,
        ),
      ),
    });
    const pid = server.pid;
    await new Promise((r) => setTimeout(r, 1000));
    const idle = mb(status(pid, 'VmRSS'));
    log(`server ready in ${server.readyMs} ms, idle RSS ${idle} MB`);
    const admin = await login(server.api, ADMIN.email, ADMIN.password);
    const finance = await staffWith(admin, 'finance@bench.example', ['FINANCE'], PASSWORD);
    const facilitator = await staffWith(admin, 'fac@bench.example', ['FACILITATOR'], PASSWORD);
    const payIds = await bulkEnrollments(pool, {
      n: 400,
      tag: 'pay',
      programCode: 'JOHNZ_SCHOOL',
      feeCents: 10_000_000,
      staffId: finance.staffId,
    });
    const pay = (seconds: number, prefix: string): LoadConfig => ({
      url: server!.url,
      token: finance.token,
      connections: 16,
      durationSeconds: seconds,
      method: 'POST',
      paths: payIds.map((id) => `/api/v1/enrollments/${id}/payments`),
      bodies: [{ amountCents: 100, method: 'CARD', receivedOn: chicagoDate() }],
      idempotencyPrefix: `${prefix}-${Date.now()}`,
    });
    await load(pay(3, 'warm'));
    const [payments, paymentsRss] = await sampled(server, () => load(pay(SECONDS, 'pay')));
    log(`payments ${payments.requestsPerSecond.toFixed(1)}/s, peak RSS ${paymentsRss} MB`);

    const sessions = await startedSessions(pool, {
      sessions: 4,
      seats: 40,
      staffId: finance.staffId,
      facilitatorId: facilitator.staffId,
    });
    const rosterLoad = (seconds: number) =>
      rosterLoadOf(sessions, server!.url, facilitator.token, seconds);
    await load(rosterLoad(2));
    const [rosterResult, rosterRss] = await sampled(server, () => load(rosterLoad(SECONDS)));
    log(`roster ${rosterResult.requestsPerSecond.toFixed(1)}/s, peak RSS ${rosterRss} MB`);

    const docs = await fetch(`${server.url}/docs-json`).then((r) => r.status);
    const [, docsRss] = await sampled(server, async () => undefined);
    process.stdout.write(
      `${JSON.stringify(
        {
          nodeOptions: NODE_OPTIONS,
          malloc: Object.keys(SETTINGS).filter((k) => k.startsWith('MALLOC_')),
          poolSize: POOL_SIZE,
          readyMs: server.readyMs,
          idleRssMb: idle,
          payments: {
            perSecond: Math.round(payments.requestsPerSecond * 10) / 10,
            p50: payments.latencyMs.p50,
            p99: payments.latencyMs.p99,
            statuses: payments.statuses,
            peakRssMb: paymentsRss,
          },
          roster: {
            perSecond: Math.round(rosterResult.requestsPerSecond * 10) / 10,
            p50: rosterResult.latencyMs.p50,
            p99: rosterResult.latencyMs.p99,
            statuses: rosterResult.statuses,
            peakRssMb: rosterRss,
          },
          afterDocs: { status: docs, rssMb: docsRss },
          vmHwmMb: mb(status(pid, 'VmHWM')),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await server?.stop();
    await pool.end();
    await db.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
