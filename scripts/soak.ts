// `npm run soak -- [--minutes 3] [--instances 3] [--workers 12] [--seed S] [--database-url URL]`
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { addDays, chicagoDate } from '../src/common/dates';
import { runMigrations } from '../src/database/migrator';
import { Api, ApiResponse, login, staffWith } from './lib/api';
import { argOf } from './lib/database';
import { checkInvariants, formatInvariantReport } from './lib/invariants';
import { Prng } from './lib/prng';
import { percentile, scratchDatabase } from './lib/scratch-db';
import { ensureApiLogin } from '../src/database/api-login';
import { BUILD_DIR, Server, startServer, startSettings } from './lib/servers';

/**
 * Several API instances on one database under a bounded mixed workload for some minutes, then
 * every invariant checked in SQL. Exit code 1 when one is violated or any request got a 5xx.
 */
const ADMIN = { email: 'soak-admin@soak.example', password: 'soak-bootstrap-pass-1' };
const PASSWORD = 'soak-staff-password-1';

type Op =
  | 'enroll'
  | 'session'
  | 'seat'
  | 'roster'
  | 'payment'
  | 'replay'
  | 'refund'
  | 'reversal'
  | 'waiver'
  | 'remittance'
  | 'transition'
  | 'read';

const WEIGHTS: Record<Op, number> = {
  enroll: 14,
  session: 3,
  seat: 18,
  roster: 7,
  payment: 24,
  replay: 3,
  refund: 4,
  reversal: 4,
  waiver: 3,
  remittance: 3,
  transition: 3,
  read: 6,
};

interface Call {
  op: Op;
  route: string;
  status: number;
  ms: number;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const minutes = Number(argOf(argv, 'minutes') ?? 3);
  const instances = Number(argOf(argv, 'instances') ?? 3);
  const workers = Number(argOf(argv, 'workers') ?? 12);
  const rng = new Prng(argOf(argv, 'seed') ?? 'soak');
  if (!(minutes > 0 && minutes <= 240)) throw new Error('--minutes must be in (0, 240]');
  if (!(instances >= 1 && instances <= 8)) throw new Error('--instances must be 1–8');

  const db = await scratchDatabase(argOf(argv, 'database-url') ?? process.env.SOAK_DATABASE_URL);
  const servers: Server[] = [];
  let exitCode = 0;
  try {
    log(`Database: ${db.label}`);
    await runMigrations(db.url);
    // The API logs in as a login of its own that owns nothing; the owner only migrates.
    const apiUrl = new URL(db.url);
    apiUrl.username = 'soak_api';
    apiUrl.password = 'soak-api-password';
    await ensureApiLogin(db.url, apiUrl.toString());
    // Run as `npm start` runs it (its malloc setting and node flags).
    const env = {
      ...startSettings(),
      DATABASE_URL: apiUrl.toString(),
      MIGRATION_DATABASE_URL: db.url,
      JWT_SECRET: `soak-${randomUUID()}-${randomUUID()}`,
      JWT_ACCESS_TTL_SECONDS: '3600',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    };
    servers.push(await startServer(env));
    servers.push(
      ...(await Promise.all(Array.from({ length: instances - 1 }, () => startServer(env)))),
    );
    log(`${instances} instances: ${servers.map((s) => s.url).join(', ')}`);

    const admin = await login(servers[0].api, ADMIN.email, ADMIN.password);
    const tag = Date.now().toString(36);
    const intake = await staffWith(admin, `intake-${tag}@soak.example`, ['INTAKE'], PASSWORD);
    const facilitator = await staffWith(
      admin,
      `facilitator-${tag}@soak.example`,
      ['FACILITATOR'],
      PASSWORD,
    );
    const finance = await staffWith(admin, `finance-${tag}@soak.example`, ['FINANCE'], PASSWORD);
    const supervisors = [
      await staffWith(admin, `supervisor1-${tag}@soak.example`, ['SUPERVISOR'], PASSWORD),
      await staffWith(admin, `supervisor2-${tag}@soak.example`, ['SUPERVISOR'], PASSWORD),
    ];

    const today = chicagoDate();
    const state = {
      enrollments: [] as { id: string; program: string }[],
      sessions: [] as { id: string; program: string }[],
      payments: [] as { enrollmentId: string; id: string; key: string; body: object }[],
    };
    const calls: Call[] = [];
    const failures: { op: Op; route: string; status: number; body: unknown }[] = [];
    let rr = 0;
    const base = () => servers[rr++ % servers.length].api;
    const call = async (
      op: Op,
      route: string,
      who: Api,
      method: string,
      path: string,
      body?: unknown,
      headers?: Record<string, string>,
    ): Promise<ApiResponse> => {
      const res = await who
        .on(base())
        .request(method, path, body === undefined && method !== 'GET' ? {} : body, headers)
        .catch((err: unknown) => ({
          status: 0,
          body: String(err),
          ms: 0,
          headers: new Headers(),
        }));
      calls.push({ op, route, status: res.status, ms: res.ms });
      if (res.status >= 500 || res.status === 0)
        failures.push({ op, route, status: res.status, body: res.body });
      return res;
    };
    const programOf = () => (rng.chance(0.55) ? 'JOHNZ_SCHOOL' : 'OAR');
    let seq = 0;

    const ops: Record<Op, () => Promise<void>> = {
      enroll: async () => {
        const n = ++seq;
        const p = await call('enroll', 'POST /participants', intake, 'POST', '/participants', {
          firstName: 'Soak',
          lastName: `Tester${tag}${n}`,
          // A birth date of its own: names one digit apart on one day are possible duplicates.
          dateOfBirth: addDays('1950-01-01', n % 18_000),
        });
        if (p.status !== 201) return;
        const r = await call('enroll', 'POST /referrals', intake, 'POST', '/referrals', {
          participantId: p.body.id,
          caseNumber: `SOAK-${tag}-${n}`,
          jurisdiction: 'KC-MUNICIPAL',
          referringAgency: 'KCPD',
          offenseDate: '2026-01-15',
          chargeCode: 'RSMo 567.030',
          offenseClass: 'B_MISDEMEANOR',
          minorInvolved: 'NO',
          priorProstitutionConvictions: 0,
          priorDiversionDeclared: false,
          pendingSimilarCharge: rng.chance(0.05),
          registeredSexOffender: false,
          traffickingCharge: false,
        });
        if (r.status !== 201) return;
        await call(
          'enroll',
          'POST /referrals/:id/eligibility-checks',
          intake,
          'POST',
          `/referrals/${r.body.id}/eligibility-checks`,
        );
        const programCode = programOf();
        const e = await call('enroll', 'POST /enrollments', intake, 'POST', '/enrollments', {
          referralId: r.body.id,
          programCode,
          agreementSignedOn: today,
        });
        if (e.status === 201) state.enrollments.push({ id: e.body.id, program: programCode });
      },
      session: async () => {
        const now = Date.now();
        const programCode = programOf();
        const s = await call('session', 'POST /sessions', supervisors[0], 'POST', '/sessions', {
          programCode,
          startsAt: new Date(now - 3_600_000).toISOString(),
          endsAt: new Date(now + 3_600_000).toISOString(),
          location: 'Soak room',
          capacity: rng.int(4, 10),
          // A facilitator takes the roster and attendance of their own sessions only.
          facilitatorId: facilitator.staffId,
        });
        if (s.status === 201) state.sessions.push({ id: s.body.id, program: programCode });
      },
      seat: async () => {
        const s = pick(state.sessions);
        const candidates = state.enrollments.filter((e) => e.program === s?.program);
        const e = pick(candidates);
        if (!s || !e) return;
        // Sessions here have started: a seat is then a SUPERVISOR's, with a reason. Seats of one
        // enrollment in sessions at the same time are refused (SEAT_OVERLAPS) on any instance.
        await call(
          'seat',
          'POST /sessions/:id/seats',
          rng.pick(supervisors),
          'POST',
          `/sessions/${s.id}/seats`,
          { enrollmentId: e.id, reason: 'Soak: arrived after the start' },
        );
      },
      roster: async () => {
        const s = pick(state.sessions);
        if (!s) return;
        const roster = await call(
          'roster',
          'GET /sessions/:id/roster',
          facilitator,
          'GET',
          `/sessions/${s.id}/roster`,
        );
        const rows = (roster.body?.rows ?? []) as { enrollmentId: string }[];
        if (!rows.length) return;
        await call(
          'roster',
          'PUT /sessions/:id/attendance',
          facilitator,
          'PUT',
          `/sessions/${s.id}/attendance`,
          {
            records: rows.map((r) => ({
              enrollmentId: r.enrollmentId,
              status: rng.weighted({ PRESENT: 80, LATE: 8, ABSENT: 8, EXCUSED: 4 }),
            })),
          },
        );
      },
      payment: async () => {
        const e = pick(state.enrollments);
        if (!e) return;
        const key = randomUUID();
        const method = rng.pick(['CASH', 'CHECK', 'MONEY_ORDER', 'CARD']);
        const body = {
          amountCents: rng.int(5, 150) * 100,
          method,
          ...(method === 'CHECK' || method === 'MONEY_ORDER'
            ? { reference: `No. ${rng.int(1000, 99999)}` }
            : {}),
          receivedOn: today,
        };
        const res = await call(
          'payment',
          'POST /enrollments/:id/payments',
          finance,
          'POST',
          `/enrollments/${e.id}/payments`,
          body,
          {
            'idempotency-key': key,
          },
        );
        if (res.status === 201)
          state.payments.push({ enrollmentId: e.id, id: res.body.id, key, body });
      },
      replay: async () => {
        const p = pick(state.payments);
        if (!p) return;
        const res = await call(
          'replay',
          'POST /enrollments/:id/payments (replay)',
          finance,
          'POST',
          `/enrollments/${p.enrollmentId}/payments`,
          p.body,
          {
            'idempotency-key': p.key,
          },
        );
        if (
          res.status === 201 &&
          (res.body.id !== p.id || res.headers.get('idempotent-replayed') !== 'true')
        ) {
          failures.push({
            op: 'replay',
            route: 'replay',
            status: res.status,
            body: 'replay answered a different entry',
          });
        }
      },
      refund: async () => {
        const p = pick(state.payments);
        if (!p) return;
        await call(
          'refund',
          'POST /enrollments/:id/refunds',
          finance,
          'POST',
          `/enrollments/${p.enrollmentId}/refunds`,
          {
            amountCents: rng.int(1, 20) * 100,
            method: 'CHECK',
            reason: 'Soak refund',
          },
          { 'idempotency-key': randomUUID() },
        );
      },
      reversal: async () => {
        const p = pick(state.payments.slice(-200));
        if (!p) return;
        await call(
          'reversal',
          'POST /ledger-entries/:id/reversal',
          rng.pick(supervisors),
          'POST',
          `/ledger-entries/${p.id}/reversal`,
          {
            reason: 'Check returned unpaid',
          },
        );
      },
      waiver: async () => {
        const e = pick(state.enrollments);
        if (!e) return;
        const w = await call(
          'waiver',
          'POST /enrollments/:id/waiver-requests',
          finance,
          'POST',
          `/enrollments/${e.id}/waiver-requests`,
          {
            amountCents: rng.int(1, 10) * 500,
            reason: 'ABILITY_TO_PAY',
            note: 'Soak: income documented',
          },
        );
        if (w.status !== 201) return;
        await call(
          'waiver',
          'POST /waiver-requests/:id/approve',
          rng.pick(supervisors),
          'POST',
          `/waiver-requests/${w.body.id}/approve`,
          {},
        );
      },
      remittance: async () => {
        const b = await call('remittance', 'POST /remittances', finance, 'POST', '/remittances', {
          periodEnd: today,
        });
        if (b.status !== 201) return;
        if (rng.chance(0.5)) {
          await call(
            'remittance',
            'POST /remittances/:id/send',
            finance,
            'POST',
            `/remittances/${b.body.id}/send`,
            {
              transferReference: `ACH-SOAK-${++seq}`,
              sentOn: today,
            },
          );
        } else if (rng.chance(0.4)) {
          await call(
            'remittance',
            'POST /remittances/:id/void',
            finance,
            'POST',
            `/remittances/${b.body.id}/void`,
            {
              reason: 'Soak: rebuilt',
            },
          );
        }
      },
      transition: async () => {
        const e = pick(state.enrollments);
        if (!e) return;
        const terminate = rng.chance(0.25);
        await call(
          'transition',
          'POST /enrollments/:id/transitions',
          intake,
          'POST',
          `/enrollments/${e.id}/transitions`,
          terminate ? { to: 'TERMINATED', reason: 'NON_COMPLIANCE' } : { to: 'COMPLETED' },
        );
      },
      read: async () => {
        const e = pick(state.enrollments);
        if (e) await call('read', 'GET /enrollments/:id', intake, 'GET', `/enrollments/${e.id}`);
        if (e)
          await call(
            'read',
            'GET /enrollments/:id/ledger',
            finance,
            'GET',
            `/enrollments/${e.id}/ledger`,
          );
        await call(
          'read',
          'GET /reports/fees',
          finance,
          'GET',
          `/reports/fees?from=${today.slice(0, 4)}-01-01&to=${today}&groupBy=month`,
        );
      },
    };
    function pick<T>(items: T[]): T | undefined {
      return items.length ? items[rng.int(0, items.length - 1)] : undefined;
    }

    // Something to work with before the mix starts.
    for (let i = 0; i < 20; i++) await ops.enroll();
    for (let i = 0; i < 4; i++) await ops.session();

    const started = Date.now();
    const deadline = started + minutes * 60_000;
    let lastReport = started;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (Date.now() < deadline) {
          const op = rng.weighted(WEIGHTS);
          await ops[op]();
          if (Date.now() - lastReport > 15_000) {
            lastReport = Date.now();
            log(
              `${Math.round((Date.now() - started) / 1000)} s: ${calls.length} requests, ` +
                `${state.enrollments.length} enrollments, ${state.payments.length} payments, ${failures.length} failures`,
            );
          }
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    const peakRss = servers.map((s) => s.peakRssKb());
    await Promise.all(servers.map((s) => s.stop()));

    const pool = new Pool({
      connectionString: db.url,
      max: 2,
      options: '-c TimeZone=America/Chicago',
    });
    await pool.query('ANALYZE');
    const results = await checkInvariants((sql) => pool.query(sql).then((r) => r.rows));
    const totals = (
      await pool.query(
        `SELECT (SELECT count(*) FROM ledger_entries)::int AS entries,
                (SELECT count(*) FROM ledger_entries WHERE kind = 'PAYMENT')::int AS payments,
                (SELECT count(*) FROM remittance_batches)::int AS batches,
                (SELECT count(*) FROM session_seats)::int AS seats,
                (SELECT count(*) FROM attendance_revisions)::int AS revisions,
                (SELECT count(*) FROM audit_events)::int AS audit_events`,
      )
    ).rows[0];
    await pool.end();

    const byRoute = new Map<string, Call[]>();
    for (const c of calls) byRoute.set(c.route, [...(byRoute.get(c.route) ?? []), c]);
    const routes = [...byRoute.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([route, list]) => {
        const statuses: Record<string, number> = {};
        for (const c of list) statuses[c.status] = (statuses[c.status] ?? 0) + 1;
        const ms = list.map((c) => c.ms);
        return {
          route,
          count: list.length,
          statuses,
          p50: round(percentile(ms, 50)),
          p95: round(percentile(ms, 95)),
        };
      });
    const violated = results.filter((r) => r.violations > 0);
    const report = {
      at: new Date().toISOString(),
      minutes,
      instances,
      workers,
      seconds: round(elapsed),
      requests: calls.length,
      requestsPerSecond: round(calls.length / elapsed),
      serverErrors: failures.length,
      peakRssMb: peakRss.map((k) => round(k / 1024)),
      totals,
      routes,
      invariants: results.map((r) => ({ name: r.name, violations: r.violations })),
      failures: failures.slice(0, 20),
    };
    const dir = join(BUILD_DIR, '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'soak.json'), JSON.stringify(report, null, 2) + '\n');

    process.stdout.write(
      `\nSoak: ${instances} instances, ${workers} workers, ${round(elapsed)} s, ${calls.length} requests ` +
        `(${report.requestsPerSecond}/s), ${failures.length} 5xx/connection failures\n` +
        `Rows: ${JSON.stringify(totals)}\nPeak RSS per instance (MB): ${report.peakRssMb.join(', ')}\n\n` +
        routes
          .map(
            (r) =>
              `  ${r.route.padEnd(44)} ${String(r.count).padStart(6)}  p50 ${r.p50} ms  p95 ${r.p95} ms  ${JSON.stringify(r.statuses)}`,
          )
          .join('\n') +
        `\n\nInvariants:\n${formatInvariantReport(results)}\n`,
    );
    if (failures.length) {
      process.stdout.write(
        `\nServer errors (first 5): ${JSON.stringify(failures.slice(0, 5), null, 2)}\n`,
      );
    }
    if (violated.length || failures.length) exitCode = 1;
  } finally {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    await db.stop();
  }
  process.exit(exitCode);
}

const round = (n: number) => Math.round(n * 10) / 10;
const log = (line: string) => process.stderr.write(`${line}\n`);

main().catch((err: unknown) => {
  process.stderr.write(
    `Error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
