// `npm run bench [-- --quick]`: throughput, latency, report timing, memory and start-up of the
// compiled server, each HTTP figure next to the same work done by plain SQL. Not part of
// `npm test`: numbers depend on the machine.
import 'reflect-metadata';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { chicagoDate } from '../src/common/dates';
import { runMigrations } from '../src/database/migrator';
import { login, staffWith } from '../scripts/lib/api';
import { checkInvariants, formatInvariantReport } from '../scripts/lib/invariants';
import { percentile, scratchDatabase } from '../scripts/lib/scratch-db';
import { BUILD_DIR, peakRssKb, Server, startServer, startSettings } from '../scripts/lib/servers';
import {
  rosterLoad as rosterLoadOf,
  bulkEnrollments,
  ledgerHistory,
  remittedYears,
  startedSessions,
} from './fixtures';
import { FollowUpFigures, followUpPhase } from './follow-up';
import type { LoadConfig, LoadResult } from './load-http';
import { BALANCES_SQL, FEE_GROUP_EXPR, feeReportSql } from './report-sql';
import { BENCH_POOL_SIZE, benchServerEnv } from './start-settings';
import type { SqlPaymentsConfig } from './sql-payments';
import { remindersPhase } from './reminders';
import { restorePhase } from './restore';
import { consoleScreensPhase } from './console-screens';
import { lighthousePhase } from './lighthouse';
import { searchPhase } from './search';
import { retentionPhase } from './retention';

const RESULTS = join(BUILD_DIR, '..', '..', 'bench', 'results');
const ADMIN = { email: 'bench-admin@bench.example', password: 'bench-bootstrap-pass-1' };
const PASSWORD = 'bench-staff-password-1';

const quick = process.argv.includes('--quick');
/** `--payments`: the payment phase only, printed, nothing written to bench/results. */
const paymentsOnly = process.argv.includes('--payments');
/** `--reminders`: the reminders phase only, printed, nothing written to bench/results. */
const remindersOnly = process.argv.includes('--reminders');
/** Due messages the reminders phase sends. */
const REMINDER_MESSAGES = quick ? 2_000 : 10_000;
/** `--follow-up`: the follow-up phase only, written to bench/results/follow-up.json and printed. */
const followUpOnly = process.argv.includes('--follow-up');
/**
 * `--restore [--participants N]`: backup and restore of N participants (default 100,000) on
 * BENCH_RESTORE_SERVER_URL (default the machine's PostgreSQL on 127.0.0.1:5432, whose pg_dump is
 * installed), against pg_restore alone; written to bench/results/restore.json and printed.
 */
const restoreOnly = process.argv.includes('--restore');
/**
 * `--console-screens [--participants N] [--runs R]`: navigation to the table of the heavy
 * screens (fees, balances, outcomes, audit) with N demo participants (default 20,000) in
 * Chromium; written to bench/results/console-screens.json and printed.
 */
const consoleScreensOnly = process.argv.includes('--console-screens');
/**
 * `--lighthouse [--participants N] [--desks intake,finance] [--form-factors mobile,desktop]`:
 * Lighthouse's performance and accessibility of each desk's pages, signed in as that desk, with
 * N demo participants (default 2,000), in Chromium; written to bench/results/lighthouse.json and
 * printed.
 */
const lighthouseOnly = process.argv.includes('--lighthouse');
/**
 * `--search [--participants N] [--runs R]`: the participant search's SQL with the closed-record
 * filter against without it, N participants (default 100,000), one in ten closed; written to
 * bench/results/search.json and printed.
 */
const searchOnly = process.argv.includes('--search');
/**
 * `--retention [--full] [--participants N --closed N --entries N] [--clients N]`: records:pseudonymize
 * over a large database while payments go on (bench/retention.ts); written to
 * bench/results/retention.json and printed. Default a tenth of `--full` (100,000 participants,
 * 10,000 closed records, 1M ledger entries).
 */
const retentionOnly = process.argv.includes('--retention');
/** Payments: API, peer and plain SQL take turns, ROUNDS times PAY_SECONDS each. */
const ROUNDS = quick ? 1 : 3;
const PAY_SECONDS = quick ? 5 : 10;
const ROSTER_SECONDS = quick ? 5 : 15;
const REPORT_RUNS = quick ? 3 : 7;
const CONCURRENCY = 16;
const POOL_SIZE = BENCH_POOL_SIZE;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (xs: number[]) => percentile(xs, 50);

async function child<T>(script: string, config: object): Promise<T> {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(BUILD_DIR, 'bench', script), file],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as T;
}

/** Samples the server's VmRSS while `fn` runs; the peak, in MB. */
async function sampled<T>(server: Server, fn: () => Promise<T>): Promise<[T, number]> {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // gone
    }
  };
  const timer = setInterval(read, 100);
  try {
    const result = await fn();
    read();
    return [result, round(peak / 1024)];
  } finally {
    clearInterval(timer);
  }
}

/**
 * CPU seconds (user + system) the process has used so far, with `reaped` the CPU of its children
 * that have exited and been waited for too; 0 once it is gone.
 */
function cpuSeconds(pid: number, reaped = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm) ": state, ppid, …; utime, stime, cutime, cstime are fields 14–17.
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return (f[11] + f[12] + (reaped ? f[13] + f[14] : 0)) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

/**
 * CPU seconds used so far by the PostgreSQL server: the postmaster, its live children (backends,
 * background workers) and, through the postmaster's reaped-children time, every backend that
 * has exited (a client's connection closed, an idle pool connection timed out) — so a difference
 * of two readings counts exactly the CPU spent between them.
 */
function postgresCpuSeconds(postmaster: number): number {
  let total = cpuSeconds(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster)
        total += cpuSeconds(Number(entry));
    } catch {
      // gone
    }
  }
  return total;
}

/**
 * Runs one load and adds the CPU milliseconds per request spent by the process that served it and
 * by PostgreSQL.
 */
async function withCpu(
  pid: number | undefined,
  postmaster: number,
  run: () => Promise<LoadResult>,
): Promise<LoadResult & { cpuMsPerRequest: { server: number | null; postgres: number } }> {
  const before = [pid ? cpuSeconds(pid) : 0, postgresCpuSeconds(postmaster)];
  const result = await run();
  const per = (seconds: number) => round((seconds * 1000) / Math.max(1, result.requests), 2);
  return {
    ...result,
    cpuMsPerRequest: {
      server: pid ? per(cpuSeconds(pid) - before[0]) : null,
      postgres: per(postgresCpuSeconds(postmaster) - before[1]),
    },
  };
}

/**
 * The benchmark's peer (bench/peer-payments.ts): a minimal node:http + pg payment handler,
 * started like the server — same environment, port 0, ready when /health/ready answers.
 */
async function startPeer(env: Record<string, string>): Promise<Server> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(BUILD_DIR, 'bench', 'peer-payments.js')], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-100_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      } else if (child.exitCode !== null || Date.now() - started > 30_000) {
        clearInterval(timer);
        reject(new Error(`peer did not start:\n${out}`));
      }
    }, 20);
  });
  while (
    !(await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    api: `${url}/api/v1`,
    pid: child.pid!,
    process: child,
    readyMs: Date.now() - started,
    output: () => out,
    peakRssKb: () => peakRssKb(child.pid!),
    stop: () => kill('SIGTERM'),
    kill: () => kill('SIGKILL'),
  };
}

/** Median of each latency figure and of the throughput over several runs. */
type CpuLoadResult = Awaited<ReturnType<typeof withCpu>>;

function medianRun(runs: CpuLoadResult[]) {
  const cpu = (pick: (r: CpuLoadResult) => number | null) => {
    const xs = runs.map(pick).filter((x): x is number => x !== null);
    return xs.length ? round(median(xs), 2) : null;
  };
  return {
    requestsPerSecond: round(median(runs.map((r) => r.requestsPerSecond))),
    p50: round(median(runs.map((r) => r.latencyMs.p50))),
    p99: round(median(runs.map((r) => r.latencyMs.p99))),
    cpuMsPerRequest: {
      server: cpu((r) => r.cpuMsPerRequest.server),
      postgres: cpu((r) => r.cpuMsPerRequest.postgres),
    },
    runs: runs.map((r) => ({
      requestsPerSecond: round(r.requestsPerSecond),
      p50: round(r.latencyMs.p50),
      p99: round(r.latencyMs.p99),
      cpuMsPerRequest: r.cpuMsPerRequest,
      statuses: r.statuses,
      errors: r.errors,
    })),
  };
}

function write(name: string, data: object): void {
  writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify(data, null, 2) + '\n');
}

async function main(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  if (searchOnly) {
    const figures = await searchPhase(process.argv.slice(2), log);
    write('search', figures);
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return;
  }
  if (consoleScreensOnly) {
    const figures = await consoleScreensPhase(process.argv.slice(2), log);
    write('console-screens', figures);
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return;
  }
  if (lighthouseOnly) {
    const figures = await lighthousePhase(process.argv.slice(2), log);
    write('lighthouse', figures);
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return;
  }
  if (restoreOnly) {
    const figures = await restorePhase(process.argv.slice(2), log);
    write('restore', figures);
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return;
  }
  const db = await scratchDatabase(process.env.BENCH_DATABASE_URL);
  let server: Server | undefined;
  let peer: Server | undefined;
  const pool = new Pool({
    connectionString: db.url,
    max: 4,
    options: '-c TimeZone=America/Chicago',
  });
  try {
    log(`Database: ${db.label}`);
    await runMigrations(db.url);
    // The API logs in as a login of its own (a member of diversion_app that owns nothing), made
    // by the owner as the server does when it migrates; the peer uses the same login.
    const env = {
      // `npm start`'s node flags and malloc setting: the memory measured is the server's as run.
      ...startSettings(),
      ...(await benchServerEnv(db.url, ADMIN)),
    };
    // BENCH_SERVER_NODE_ARGS adds node arguments to the API server only (e.g. `--cpu-prof`).
    const serverArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    server = await startServer(env, serverArgs);
    const startupEmptyMs = server.readyMs;
    log(`Server ${server.url} ready ${startupEmptyMs} ms after spawn`);
    const admin = await login(server.api, ADMIN.email, ADMIN.password);
    const finance = await staffWith(admin, 'finance@bench.example', ['FINANCE'], PASSWORD);
    const facilitator = await staffWith(
      admin,
      'facilitator@bench.example',
      ['FACILITATOR'],
      PASSWORD,
    );
    const today = chicagoDate();
    const pg = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]
      .server_version;
    const environment = {
      node: process.version,
      postgres: pg,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: round(totalmem() / 2 ** 30),
      serverEnv: { NODE_ENV: 'production', DB_POOL_SIZE: POOL_SIZE, LOG_LEVEL: env.LOG_LEVEL },
      quick,
    };
    const followUp = async (): Promise<FollowUpFigures & { serverPeakRssMb: number }> => {
      const intake = await staffWith(admin, 'intake@bench.example', ['INTAKE'], PASSWORD);
      const [figures, rss] = await sampled(server!, () =>
        followUpPhase({ pool, admin, intake, today, runs: REPORT_RUNS, resultsDir: RESULTS, log }),
      );
      const result = { ...figures, serverPeakRssMb: rss };
      write('follow-up', { environment, ...result });
      return result;
    };
    if (followUpOnly) {
      process.stdout.write(`${JSON.stringify(await followUp(), null, 2)}\n`);
      return;
    }
    if (retentionOnly) {
      const figures = await retentionPhase({
        pool,
        env,
        server,
        finance,
        today,
        argv: process.argv.slice(2),
        log,
        child,
      });
      write('retention', { environment, ...figures });
      process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
      return;
    }

    const reminders = async (payIds: string[]) =>
      remindersPhase({
        pool,
        env,
        admin,
        payIds,
        financeToken: finance.token,
        today,
        messages: REMINDER_MESSAGES,
        paySeconds: PAY_SECONDS,
        log,
        child,
      });
    if (remindersOnly) {
      const payIds = await bulkEnrollments(pool, {
        n: 400,
        tag: 'pay',
        programCode: 'JOHNZ_SCHOOL',
        feeCents: 10_000_000,
        staffId: finance.staffId,
      });
      process.stdout.write(`${JSON.stringify(await reminders(payIds), null, 2)}\n`);
      return;
    }

    // 1. Payments: the API, the minimal peer handler (same statements, lock last) and today's
    //    statement order as plain SQL, taking turns on the same database and data.
    peer = await startPeer(env);
    log(`Peer ${peer.url} ready ${peer.readyMs} ms after spawn`);
    log('Payments: seeding 400 enrollments with large fees…');
    const payIds = await bulkEnrollments(pool, {
      n: 400,
      tag: 'pay',
      programCode: 'JOHNZ_SCHOOL',
      feeCents: 10_000_000,
      staffId: finance.staffId,
    });
    const payLoad = (target: Server, seconds: number, prefix: string): LoadConfig => ({
      url: target.url,
      token: finance.token,
      connections: CONCURRENCY,
      durationSeconds: seconds,
      method: 'POST',
      paths: payIds.map((id) => `/api/v1/enrollments/${id}/payments`),
      bodies: [{ amountCents: 100, method: 'CARD', receivedOn: today }],
      idempotencyPrefix: prefix,
    });
    const sqlLoad = (seconds: number, prefix: string): SqlPaymentsConfig => ({
      url: db.url,
      clients: CONCURRENCY,
      durationSeconds: seconds,
      enrollmentIds: payIds,
      staffId: finance.staffId,
      receivedOn: today,
      keyPrefix: prefix,
    });
    await child<LoadResult>('load-http.js', payLoad(server, 3, `warm-api-${Date.now()}`));
    await child<LoadResult>('load-http.js', payLoad(peer, 3, `warm-peer-${Date.now()}`));
    const apiRuns: CpuLoadResult[] = [];
    const peerRuns: CpuLoadResult[] = [];
    const sqlRuns: CpuLoadResult[] = [];
    // The PostgreSQL server's process: the parent of any backend.
    const { rows: backend } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const postmaster = Number(
      readFileSync(`/proc/${backend[0].pid}/stat`, 'utf8').split(') ')[1].split(' ')[1],
    );
    let payRss = 0;
    let peerRss = 0;
    for (let r = 0; r < ROUNDS; r++) {
      log(
        `Payments round ${r + 1}/${ROUNDS}: API, peer, plain SQL, ${CONCURRENCY} clients, ${PAY_SECONDS} s each…`,
      );
      const [api, rss] = await sampled(server, () =>
        withCpu(server!.pid, postmaster, () =>
          child<LoadResult>(
            'load-http.js',
            payLoad(server!, PAY_SECONDS, `api-${r}-${Date.now()}`),
          ),
        ),
      );
      const [viaPeer, pRss] = await sampled(peer, () =>
        withCpu(peer!.pid, postmaster, () =>
          child<LoadResult>('load-http.js', payLoad(peer!, PAY_SECONDS, `peer-${r}-${Date.now()}`)),
        ),
      );
      const sql = await withCpu(undefined, postmaster, () =>
        child<LoadResult>('sql-payments.js', sqlLoad(PAY_SECONDS, `sql-${r}-${Date.now()}`)),
      );
      apiRuns.push(api);
      peerRuns.push(viaPeer);
      sqlRuns.push(sql);
      payRss = Math.max(payRss, rss);
      peerRss = Math.max(peerRss, pRss);
      log(
        `  API ${round(api.requestsPerSecond)}/s (p50 ${round(api.latencyMs.p50)}, p99 ${round(api.latencyMs.p99)} ms), ` +
          `peer ${round(viaPeer.requestsPerSecond)}/s (p50 ${round(viaPeer.latencyMs.p50)}, p99 ${round(viaPeer.latencyMs.p99)} ms), ` +
          `SQL ${round(sql.requestsPerSecond)}/s; CPU ms per payment: API ${api.cpuMsPerRequest.server} + PostgreSQL ${api.cpuMsPerRequest.postgres}, ` +
          `peer ${viaPeer.cpuMsPerRequest.server} + PostgreSQL ${viaPeer.cpuMsPerRequest.postgres}`,
      );
    }
    const payInvariants = await checkInvariants(
      (sql) => pool.query(sql).then((r) => r.rows),
      ['ledger', 'receipts', 'idempotency'],
    );
    const httpPay = medianRun(apiRuns);
    const peerPay = medianRun(peerRuns);
    const sqlPay = medianRun(sqlRuns);
    const payments = {
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      secondsPerRun: PAY_SECONDS,
      api: httpPay,
      peer: peerPay,
      sqlTodaysOrder: sqlPay,
      ratioApiToPeer: round(httpPay.requestsPerSecond / peerPay.requestsPerSecond, 3),
      ratioApiToSql: round(httpPay.requestsPerSecond / sqlPay.requestsPerSecond, 3),
      apiP99OverP50: round(httpPay.p99 / httpPay.p50, 2),
      peerP99OverP50: round(peerPay.p99 / peerPay.p50, 2),
      serverPeakRssMb: payRss,
      peerPeakRssMb: peerRss,
      invariantsHold: payInvariants.every((r) => r.violations === 0),
    };
    if (!payments.invariantsHold) log(formatInvariantReport(payInvariants));
    if (paymentsOnly) {
      process.stdout.write(`${JSON.stringify(payments, null, 2)}\n`);
      return;
    }
    write('payments', { environment, ...payments });
    log(
      `  median: API ${httpPay.requestsPerSecond}/s, peer ${peerPay.requestsPerSecond}/s (API/peer ${payments.ratioApiToPeer}), SQL ${sqlPay.requestsPerSecond}/s (API/SQL ${payments.ratioApiToSql})`,
    );

    // 2. A 40-person roster PUT (alternating two rosters so every request changes all 40 rows).
    log('Roster: 4 started sessions with 40 seats each…');
    const sessions = await startedSessions(pool, {
      sessions: 4,
      seats: 40,
      staffId: finance.staffId,
      facilitatorId: facilitator.staffId,
    });
    const rosterLoad = (seconds: number) =>
      rosterLoadOf(sessions, server!.url, facilitator.token, seconds);
    await child<LoadResult>('load-http.js', rosterLoad(2));
    log(`Roster PUT: 4 connections for ${ROSTER_SECONDS} s…`);
    const [rosterResult, rosterRss] = await sampled(server, () =>
      child<LoadResult>('load-http.js', rosterLoad(ROSTER_SECONDS)),
    );
    write('roster', {
      environment,
      seatsPerRoster: 40,
      sessions: sessions.length,
      connections: 4,
      ...rosterResult,
      serverPeakRssMb: rosterRss,
    });
    log(
      `  ${round(rosterResult.requestsPerSecond)}/s, p50 ${round(rosterResult.latencyMs.p50)} ms, p95 ${round(rosterResult.latencyMs.p95)} ms, p99 ${round(rosterResult.latencyMs.p99)} ms`,
    );

    // 3. Reports. A one-month fee report (groupBy=day) and the work-queue counts at about 100k
    //    entries, then the same month — the same entries in it — after 900k older entries: the
    //    cost must follow the entries in range. Then the all-time monthly report over 1M.
    const month = { from: '2026-03-01', to: '2026-03-31' };
    const monthQuery = `/reports/fees?from=${month.from}&to=${month.to}&groupBy=day`;
    const timeMonth = async (): Promise<{ httpMs: number; sqlMs: number; workQueueMs: number }> => {
      const c = await pool.connect();
      const http: number[] = [];
      const sql: number[] = [];
      const queue: number[] = [];
      try {
        await c.query(`SET ROLE diversion_app`);
        for (let i = 0; i <= REPORT_RUNS; i++) {
          const res = await finance.get(monthQuery);
          if (res.status !== 200) throw new Error(`GET ${monthQuery}: ${res.status}`);
          const t = performance.now();
          await c.query(feeReportSql('day'), [month.from, month.to]);
          const sqlMs = performance.now() - t;
          const q = await finance.get('/work-queue');
          if (q.status !== 200) throw new Error(`GET /work-queue: ${q.status}`);
          if (i > 0) {
            http.push(res.ms);
            sql.push(sqlMs);
            queue.push(q.ms);
          }
        }
      } finally {
        await c.query('RESET ROLE').catch(() => undefined);
        c.release();
      }
      return {
        httpMs: round(median(http)),
        sqlMs: round(median(sql)),
        workQueueMs: round(median(queue)),
      };
    };
    const explainMonth = async (file: string, entries: number) => {
      const c = await pool.connect();
      try {
        await c.query(`SET ROLE diversion_app`);
        const plan = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${feeReportSql('day')}`, [
          month.from,
          month.to,
        ]);
        writeFileSync(
          join(RESULTS, file),
          `-- GET ${monthQuery} over ${entries} entries\n` +
            plan.rows.map((r) => r['QUERY PLAN']).join('\n') +
            '\n',
        );
      } finally {
        await c.query('RESET ROLE').catch(() => undefined);
        c.release();
      }
    };
    log('Reports: writing about 100,000 ledger entries of recent history…');
    const t0 = Date.now();
    const recent = await ledgerHistory(pool, finance.staffId, {
      n: 2_000,
      tag: 'recent',
      from: '2025-10-01',
      days: 150,
    });
    // The finished year remitted already, as it will be at 1M: the remittance lookups see items.
    await remittedYears(pool, finance.staffId, [2025]);
    const monthAt100k = await timeMonth();
    await explainMonth('explain-one-month-by-day-100k.txt', recent.entries);
    log(
      `  ${recent.entries} entries: one month by day ${monthAt100k.httpMs} ms (SQL ${monthAt100k.sqlMs} ms), work queue ${monthAt100k.workQueueMs} ms`,
    );
    log('Reports: writing 900,000 older ledger entries…');
    const history = await ledgerHistory(pool, finance.staffId, {
      n: 18_000,
      tag: 'hist',
      from: '2021-01-04',
      days: 1_610,
    });
    await remittedYears(pool, finance.staffId, [2021, 2022, 2023, 2024, 2025]);
    const historySeconds = round((Date.now() - t0) / 1000);
    log(`  ${history.entries} entries in ${historySeconds} s`);
    const monthAt1M = await timeMonth();
    await explainMonth('explain-one-month-by-day-1m.txt', history.entries);
    log(
      `  ${history.entries} entries: one month by day ${monthAt1M.httpMs} ms (SQL ${monthAt1M.sqlMs} ms), work queue ${monthAt1M.workQueueMs} ms`,
    );
    const from = '2021-01-01';
    const params = [from, today];
    // HTTP and SQL runs alternate, so drift (autovacuum, cache) weighs on both alike.
    const httpTimes: number[] = [];
    const sqlTimes: number[] = [];
    const client = await pool.connect();
    let sqlRows = 0;
    let reportRss = 0;
    try {
      await client.query(`SET ROLE diversion_app`);
      [, reportRss] = await sampled(server, async () => {
        for (let i = 0; i <= REPORT_RUNS; i++) {
          const res = await finance.get(`/reports/fees?from=${from}&to=${today}&groupBy=month`);
          if (res.status !== 200)
            throw new Error(`GET /reports/fees: ${res.status} ${JSON.stringify(res.body)}`);
          const t = performance.now();
          const r = await client.query(feeReportSql('month'), params);
          const sqlMs = performance.now() - t;
          sqlRows = r.rowCount ?? 0;
          if (i > 0) {
            httpTimes.push(res.ms);
            sqlTimes.push(sqlMs);
          }
        }
      });
      for (const g of Object.keys(FEE_GROUP_EXPR) as (keyof typeof FEE_GROUP_EXPR)[]) {
        const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${feeReportSql(g)}`, params);
        writeFileSync(
          join(RESULTS, `explain-fees-${g}.txt`),
          `-- GET /reports/fees?from=${from}&to=${today}&groupBy=${g} over ${history.entries} entries\n` +
            plan.rows.map((r) => r['QUERY PLAN']).join('\n') +
            '\n',
        );
      }
      const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${BALANCES_SQL}`, [today]);
      writeFileSync(
        join(RESULTS, 'explain-balances.txt'),
        `-- GET /reports/balances?asOf=${today} over ${history.entries} entries\n` +
          plan.rows.map((r) => r['QUERY PLAN']).join('\n') +
          '\n',
      );
    } finally {
      await client.query('RESET ROLE').catch(() => undefined);
      client.release();
    }
    const reports = {
      oneMonthByDay: {
        query: `GET ${monthQuery}`,
        at100k: { ledgerEntries: recent.entries, ...monthAt100k },
        at1M: { ledgerEntries: history.entries, ...monthAt1M },
        ratio1MTo100k: round(monthAt1M.httpMs / monthAt100k.httpMs, 2),
      },
      ledgerEntries: history.entries,
      historyWriteSeconds: historySeconds,
      query: `GET /reports/fees?from=${from}&to=${today}&groupBy=month`,
      groups: sqlRows - 1,
      runs: REPORT_RUNS,
      httpMs: { median: round(median(httpTimes)), all: httpTimes.map((t) => round(t)) },
      sqlMs: { median: round(median(sqlTimes)), all: sqlTimes.map((t) => round(t)) },
      ratioHttpToSql: round(median(httpTimes) / median(sqlTimes), 3),
      serverPeakRssMb: reportRss,
      explainFiles: [
        'explain-one-month-by-day-100k.txt',
        'explain-one-month-by-day-1m.txt',
        ...Object.keys(FEE_GROUP_EXPR).map((g) => `explain-fees-${g}.txt`),
        'explain-balances.txt',
      ],
    };
    write('reports', { environment, ...reports });
    log(
      `  HTTP median ${reports.httpMs.median} ms, SQL median ${reports.sqlMs.median} ms, ratio ${reports.ratioHttpToSql}`,
    );

    // 4. Follow-up after exit: the report over 100,000 exits and 150,000 results against its own
    //    SQL, and the due list's first page.
    const followUpFigures = await followUp();

    // 5. Memory and start-up.
    const peakRssMb = round(server.peakRssKb() / 1024);
    const peerPeakRssMb = round(peer.peakRssKb() / 1024);
    await peer.stop();
    await server.stop();
    server = await startServer(env);
    const startupLoadedMs = server.readyMs;
    const serverFigures = {
      peakRssMb,
      peerPeakRssMb,
      peakRssByPhaseMb: {
        payments: payRss,
        roster: rosterRss,
        reports: reportRss,
        followUp: followUpFigures.serverPeakRssMb,
      },
      startupToReadyMs: { emptyDatabase: startupEmptyMs, withMillionEntries: startupLoadedMs },
    };
    write('server', { environment, ...serverFigures });

    // 5. Reminders: planning on the request path, and 10,000 due messages sent while payments go on.
    const remindersResult = await reminders(payIds);
    write('reminders', { environment, ...remindersResult });

    const summary = `# Benchmark summary

Run ${new Date().toISOString()} — ${environment.cpus} × ${environment.cpuModel}, ${environment.memoryGb} GB,
Node ${environment.node}, PostgreSQL ${environment.postgres} (${db.label}).
Server: the compiled app (\`node src/main.js\`), NODE_ENV=production, DB_POOL_SIZE=${POOL_SIZE},
LOG_LEVEL=${env.LOG_LEVEL}; load from autocannon in a separate process.${quick ? ' **Quick run (short durations).**' : ''}

Payments (POST /enrollments/:id/payments), ${CONCURRENCY} concurrent clients, distinct keys; API, peer
and plain SQL take turns, ${ROUNDS} × ${PAY_SECONDS} s each, medians:

| payments | per second | p50 | p99 | p99 / p50 | peak RSS | CPU ms per payment: server + PostgreSQL |
| --- | --- | --- | --- | --- | --- | --- |
| API (Nest) | ${httpPay.requestsPerSecond} | ${httpPay.p50} ms | ${httpPay.p99} ms | ${payments.apiP99OverP50} | ${peakRssMb} MB (whole run) | ${httpPay.cpuMsPerRequest.server} + ${httpPay.cpuMsPerRequest.postgres} |
| peer (node:http + pg, same statements, lock last) | ${peerPay.requestsPerSecond} | ${peerPay.p50} ms | ${peerPay.p99} ms | ${payments.peerP99OverP50} | ${peerPeakRssMb} MB | ${peerPay.cpuMsPerRequest.server} + ${peerPay.cpuMsPerRequest.postgres} |
| plain SQL, the statement order before issue 13 | ${sqlPay.requestsPerSecond} | ${sqlPay.p50} ms | ${sqlPay.p99} ms | | | (the pg clients are not measured) + ${sqlPay.cpuMsPerRequest.postgres} |

API / peer = **${payments.ratioApiToPeer}**; API / plain SQL (old order) = **${payments.ratioApiToSql}**.

| report | HTTP | plain SQL | HTTP / SQL |
| --- | --- | --- | --- |
| ${monthQuery} at ${recent.entries.toLocaleString('en-US')} entries (median of ${REPORT_RUNS}) | ${monthAt100k.httpMs} ms | ${monthAt100k.sqlMs} ms | |
| the same month at ${history.entries.toLocaleString('en-US')} entries | ${monthAt1M.httpMs} ms | ${monthAt1M.sqlMs} ms | 1M / 100k = ${reports.oneMonthByDay.ratio1MTo100k} |
| GET /work-queue as FINANCE at 100k / 1M entries | ${monthAt100k.workQueueMs} / ${monthAt1M.workQueueMs} ms | | |
| follow-up report over ${followUpFigures.exits.toLocaleString('en-US')} exits and ${followUpFigures.results.toLocaleString('en-US')} results (12 months) | ${followUpFigures.reportAllExits.httpMs} ms | ${followUpFigures.reportAllExits.sqlMs} ms | ${followUpFigures.reportAllExits.ratioHttpToSql} |
| the same report over one year's exits (2024) | ${followUpFigures.reportOneYear.httpMs} ms | ${followUpFigures.reportOneYear.sqlMs} ms | ${followUpFigures.reportOneYear.ratioHttpToSql} |
| GET /follow-ups?status=DUE, first page of ${followUpFigures.dueChecks.toLocaleString('en-US')} (page + total) | ${followUpFigures.dueListFirstPage.httpMs} ms | ${followUpFigures.dueListFirstPage.sqlMs} ms | ${followUpFigures.dueListFirstPage.ratioHttpToSql} |
| GET /work-queue as INTAKE at that size | ${followUpFigures.workQueueAsIntakeMs} ms | | |
| fee report by month since 2021 over ${history.entries.toLocaleString('en-US')} entries | ${reports.httpMs.median} ms | ${reports.sqlMs.median} ms | ${reports.ratioHttpToSql} |

| roster PUT (40 records, 4 sessions, 4 connections, ${ROSTER_SECONDS} s) | |
| --- | --- |
| requests/s | ${round(rosterResult.requestsPerSecond)} |
| latency p50 / p95 / p99 | ${round(rosterResult.latencyMs.p50)} / ${round(rosterResult.latencyMs.p95)} / ${round(rosterResult.latencyMs.p99)} ms |

| server | |
| --- | --- |
| peak RSS (VmHWM) over the whole run | ${peakRssMb} MB |
| peak RSS during payments / roster / reports | ${payRss} / ${rosterRss} / ${reportRss} MB |
| process start → /health/ready 200 (empty database / 1M entries) | ${startupEmptyMs} / ${startupLoadedMs} ms |

| reminders (job runner, loopback SMS gateway and SMTP server) | |
| --- | --- |
| seating 40 people with consent to texts and email (4 reminders each) vs none: seat p50 | ${remindersResult.planning.seatMsWithConsent.p50} vs ${remindersResult.planning.seatMsWithoutConsent.p50} ms (× ${remindersResult.planning.seatP50WithOverWithout}) |
| ${remindersResult.sending.messages.toLocaleString('en-US')} due messages (half texts, half emails) | ${remindersResult.sending.seconds} s = **${remindersResult.sending.messagesPerSecond} messages/s**; ${JSON.stringify(remindersResult.sending.statuses)}; sent twice: ${remindersResult.sending.textsSentTwice} |
| payment p99 while they go out vs idle (same server, ${PAY_SECONDS} s, 16 clients) | ${remindersResult.paymentsWhileSending.sending.p99} vs ${remindersResult.paymentsWhileSending.idle.p99} ms (× ${remindersResult.paymentsWhileSending.p99SendingOverIdle}) |

Invariants after the payment load (ledger, receipts, idempotency): ${payments.invariantsHold ? 'all hold' : '**VIOLATED**'}.
Non-2xx answers: payments (API) ${JSON.stringify(httpPay.runs.map((r) => r.statuses))}, roster ${JSON.stringify(rosterResult.statuses)}.
Plans: ${[...reports.explainFiles, ...followUpFigures.explainFiles].join(', ')}. Raw figures: payments.json, roster.json, reports.json, follow-up.json, server.json, reminders.json.
`;
    writeFileSync(join(RESULTS, 'SUMMARY.md'), summary);
    process.stdout.write(`\n${summary}`);
  } finally {
    await peer?.stop().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await db.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `Error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
