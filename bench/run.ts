// `npm run bench [-- --quick]`: throughput, latency, report timing, memory and start-up of the
// compiled server, each HTTP figure next to the same work done by plain SQL. Not part of
// `npm test`: numbers depend on the machine.
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { chicagoDate } from '../src/common/dates';
import { runMigrations } from '../src/database/migrator';
import { login, staffWith } from '../scripts/lib/api';
import { checkInvariants, formatInvariantReport } from '../scripts/lib/invariants';
import { percentile, scratchDatabase } from '../scripts/lib/scratch-db';
import { BUILD_DIR, Server, startServer } from '../scripts/lib/servers';
import { bulkEnrollments, ledgerHistory, startedSessions } from './fixtures';
import type { LoadConfig, LoadResult } from './load-http';
import { BALANCES_SQL, FEE_GROUP_EXPR, feeReportSql } from './report-sql';
import type { SqlPaymentsConfig } from './sql-payments';

const RESULTS = join(BUILD_DIR, '..', '..', 'bench', 'results');
const ADMIN = { email: 'bench-admin@bench.example', password: 'bench-admin-password-1' };
const PASSWORD = 'bench-staff-password-1';

const quick = process.argv.includes('--quick');
const PAY_SECONDS = quick ? 5 : 20;
const ROSTER_SECONDS = quick ? 5 : 15;
const REPORT_RUNS = quick ? 3 : 7;
const CONCURRENCY = 16;
const POOL_SIZE = process.env.BENCH_DB_POOL_SIZE ?? '16';

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

function write(name: string, data: object): void {
  writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify(data, null, 2) + '\n');
}

async function main(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const db = await scratchDatabase(process.env.BENCH_DATABASE_URL);
  let server: Server | undefined;
  const pool = new Pool({
    connectionString: db.url,
    max: 4,
    options: '-c TimeZone=America/Chicago',
  });
  try {
    log(`Database: ${db.label}`);
    await runMigrations(db.url);
    const env = {
      DATABASE_URL: db.url,
      JWT_SECRET: `bench-secret-${Date.now()}-0123456789abcdef0123456789abcdef`,
      JWT_ACCESS_TTL_SECONDS: '3600',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      DB_POOL_SIZE: POOL_SIZE,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    };
    server = await startServer(env);
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

    // 1. Payments: HTTP vs the same transaction in plain SQL.
    log('Payments: seeding 400 enrollments with large fees…');
    const payIds = await bulkEnrollments(pool, {
      n: 400,
      tag: 'pay',
      programCode: 'JOHNZ_SCHOOL',
      feeCents: 10_000_000,
      staffId: finance.staffId,
    });
    const payLoad = (seconds: number, prefix: string): LoadConfig => ({
      url: server!.url,
      token: finance.token,
      connections: CONCURRENCY,
      durationSeconds: seconds,
      method: 'POST',
      paths: payIds.map((id) => `/api/v1/enrollments/${id}/payments`),
      bodies: [{ amountCents: 100, method: 'CARD', receivedOn: today }],
      idempotencyPrefix: prefix,
    });
    await child<LoadResult>('load-http.js', payLoad(3, `warm-${Date.now()}`));
    log(`Payments over HTTP: ${CONCURRENCY} connections for ${PAY_SECONDS} s…`);
    const [httpPay, payRss] = await sampled(server, () =>
      child<LoadResult>('load-http.js', payLoad(PAY_SECONDS, `http-${Date.now()}`)),
    );
    log(`Payments in plain SQL: ${CONCURRENCY} clients for ${PAY_SECONDS} s…`);
    const sqlPay = await child<LoadResult>('sql-payments.js', {
      url: db.url,
      clients: CONCURRENCY,
      durationSeconds: PAY_SECONDS,
      enrollmentIds: payIds,
      staffId: finance.staffId,
      receivedOn: today,
      keyPrefix: `sql-${Date.now()}`,
    } satisfies SqlPaymentsConfig);
    const payInvariants = await checkInvariants(
      (sql) => pool.query(sql).then((r) => r.rows),
      ['ledger', 'receipts', 'idempotency'],
    );
    const payments = {
      concurrency: CONCURRENCY,
      seconds: PAY_SECONDS,
      http: httpPay,
      sql: sqlPay,
      ratioHttpToSql: round(httpPay.requestsPerSecond / sqlPay.requestsPerSecond, 3),
      serverPeakRssMb: payRss,
      invariantsHold: payInvariants.every((r) => r.violations === 0),
    };
    if (!payments.invariantsHold) log(formatInvariantReport(payInvariants));
    write('payments', { environment, ...payments });
    log(
      `  HTTP ${round(httpPay.requestsPerSecond)}/s, SQL ${round(sqlPay.requestsPerSecond)}/s, ratio ${payments.ratioHttpToSql}`,
    );

    // 2. A 40-person roster PUT (alternating two rosters so every request changes all 40 rows).
    log('Roster: 4 started sessions with 40 seats each…');
    const sessions = await startedSessions(pool, {
      sessions: 4,
      seats: 40,
      staffId: finance.staffId,
    });
    const roster = (s: (typeof sessions)[number], status: string) => ({
      records: s.enrollmentIds.map((enrollmentId) => ({ enrollmentId, status })),
    });
    const rosterLoad = (seconds: number): LoadConfig => ({
      url: server!.url,
      token: facilitator.token,
      connections: 4,
      durationSeconds: seconds,
      method: 'PUT',
      paths: [...sessions, ...sessions].map((s) => `/api/v1/sessions/${s.sessionId}/attendance`),
      bodies: [
        ...sessions.map((s) => roster(s, 'PRESENT')),
        ...sessions.map((s) => roster(s, 'LATE')),
      ],
    });
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

    // 3. The fee report over 1M ledger entries: HTTP vs its SQL.
    log('Reports: writing 1,000,000 ledger entries of history…');
    const t0 = Date.now();
    const history = await ledgerHistory(pool, finance.staffId);
    const historySeconds = round((Date.now() - t0) / 1000);
    log(`  ${history.entries} entries in ${historySeconds} s`);
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
        ...Object.keys(FEE_GROUP_EXPR).map((g) => `explain-fees-${g}.txt`),
        'explain-balances.txt',
      ],
    };
    write('reports', { environment, ...reports });
    log(
      `  HTTP median ${reports.httpMs.median} ms, SQL median ${reports.sqlMs.median} ms, ratio ${reports.ratioHttpToSql}`,
    );

    // 4. Memory and start-up.
    const peakRssMb = round(server.peakRssKb() / 1024);
    await server.stop();
    server = await startServer(env);
    const startupLoadedMs = server.readyMs;
    const serverFigures = {
      peakRssMb,
      peakRssByPhaseMb: { payments: payRss, roster: rosterRss, reports: reportRss },
      startupToReadyMs: { emptyDatabase: startupEmptyMs, withMillionEntries: startupLoadedMs },
    };
    write('server', { environment, ...serverFigures });

    const summary = `# Benchmark summary

Run ${new Date().toISOString()} — ${environment.cpus} × ${environment.cpuModel}, ${environment.memoryGb} GB,
Node ${environment.node}, PostgreSQL ${environment.postgres} (${db.label}).
Server: the compiled app (\`node src/main.js\`), NODE_ENV=production, DB_POOL_SIZE=${POOL_SIZE},
LOG_LEVEL=${env.LOG_LEVEL}; load from autocannon in a separate process.${quick ? ' **Quick run (short durations).**' : ''}

| measure | HTTP | plain SQL | HTTP / SQL |
| --- | --- | --- | --- |
| payments/s, ${CONCURRENCY} concurrent, ${PAY_SECONDS} s (POST /enrollments/:id/payments) | ${round(httpPay.requestsPerSecond)} (p50 ${round(httpPay.latencyMs.p50)} ms, p99 ${round(httpPay.latencyMs.p99)} ms) | ${round(sqlPay.requestsPerSecond)} (p50 ${round(sqlPay.latencyMs.p50)} ms, p99 ${round(sqlPay.latencyMs.p99)} ms) | ${payments.ratioHttpToSql} |
| fee report by month over ${history.entries.toLocaleString('en-US')} entries (median of ${REPORT_RUNS}) | ${reports.httpMs.median} ms | ${reports.sqlMs.median} ms | ${reports.ratioHttpToSql} |

| roster PUT (40 records, 4 sessions, 4 connections, ${ROSTER_SECONDS} s) | |
| --- | --- |
| requests/s | ${round(rosterResult.requestsPerSecond)} |
| latency p50 / p95 / p99 | ${round(rosterResult.latencyMs.p50)} / ${round(rosterResult.latencyMs.p95)} / ${round(rosterResult.latencyMs.p99)} ms |

| server | |
| --- | --- |
| peak RSS (VmHWM) over the whole run | ${peakRssMb} MB |
| peak RSS during payments / roster / reports | ${payRss} / ${rosterRss} / ${reportRss} MB |
| process start → /health/ready 200 (empty database / 1M entries) | ${startupEmptyMs} / ${startupLoadedMs} ms |

Invariants after the payment load (ledger, receipts, idempotency): ${payments.invariantsHold ? 'all hold' : '**VIOLATED**'}.
Non-2xx answers: payments ${JSON.stringify(httpPay.statuses)}, roster ${JSON.stringify(rosterResult.statuses)}.
Plans: ${reports.explainFiles.join(', ')}. Raw figures: payments.json, roster.json, reports.json, server.json.
`;
    writeFileSync(join(RESULTS, 'SUMMARY.md'), summary);
    process.stdout.write(`\n${summary}`);
  } finally {
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
