import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { addDays } from '../src/common/dates';
import { BlindIndexKey } from '../src/records/blind-index';
import { fillMissingIndexes } from '../src/records/retention';
import type { Api } from '../scripts/lib/api';
import { argOf } from '../scripts/lib/database';
import { checkInvariants, formatInvariantReport } from '../scripts/lib/invariants';
import { percentile } from '../scripts/lib/scratch-db';
import { BUILD_DIR, RECORDS_INDEX_KEY, Server } from '../scripts/lib/servers';
import { bulkEnrollments, ledgerHistory } from './fixtures';
import type { LoadConfig, LoadResult } from './load-http';

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The size the issue asks for (`--full`), and the default: a tenth, a couple of minutes. */
export const RETENTION_FULL = { participants: 100_000, closed: 10_000, entries: 1_000_000 };
export const RETENTION_DEFAULT = { participants: 10_000, closed: 1_000, entries: 100_000 };

export interface RetentionPhaseInput {
  /** The owner's pool on the bench database. */
  pool: Pool;
  /** The bench server's environment (its login, the owner's URL). */
  env: Record<string, string>;
  server: Server;
  finance: Api;
  today: string;
  argv: string[];
  log: (line: string) => void;
  child: <T>(script: string, config: object) => Promise<T>;
}

interface Latencies {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
}

const pooled = (runs: LoadResult[]): Latencies => {
  const all = runs.flatMap((r) => r.latenciesMs ?? []);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const statuses: Record<string, number> = {};
  for (const r of runs)
    for (const [k, n] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + n;
  return {
    requests: all.length,
    seconds: round(seconds),
    perSecond: round(all.length / Math.max(seconds, 0.001)),
    p50: round(percentile(all, 50)),
    p99: round(percentile(all, 99)),
    statuses,
  };
};

/**
 * Retention at scale: `participants` participants (`entries` ledger entries, 49 after the fee for
 * each enrollment with history), `closed` of them closed by the court — withdrawn with a free-text
 * reason and a note, a court reference, a phone, an email and an address, every one with a year of
 * payments (check numbers) and refunds (reasons). Then `npm run cli -- records:pseudonymize`, as an
 * operator runs it, while FINANCE posts payments through the API: records per second, and the
 * payments' p99 during the run against the same load before and after it (same server, same data).
 */
export async function retentionPhase(o: RetentionPhaseInput) {
  const size = o.argv.includes('--full') ? RETENTION_FULL : RETENTION_DEFAULT;
  const participants = Number(argOf(o.argv, 'participants') ?? size.participants);
  const closed = Number(argOf(o.argv, 'closed') ?? size.closed);
  const entries = Number(argOf(o.argv, 'entries') ?? size.entries);
  const clients = Number(argOf(o.argv, 'clients') ?? 4);
  const baselineSeconds = Number(argOf(o.argv, 'baseline-seconds') ?? 10);
  const staffId = o.finance.staffId;
  const started = performance.now();
  const loadBefore = loadavg().map((x) => round(x, 1));

  o.log(
    `Retention: seeding ${participants.toLocaleString('en-US')} participants, ${entries.toLocaleString('en-US')} ledger entries, ${closed.toLocaleString('en-US')} closed records…`,
  );
  const pay = 200;
  const payIds = await bulkEnrollments(o.pool, {
    n: pay,
    tag: 'retpay',
    programCode: 'JOHNZ_SCHOOL',
    feeCents: 100_000_000,
    staffId,
  });
  const withHistory = Math.min(
    participants - pay,
    Math.max(closed, Math.round((entries - participants) / 49)),
  );
  const history = await ledgerHistory(o.pool, staffId, {
    n: withHistory,
    tag: 'reth',
    from: addDays(o.today, -400),
    days: 360,
  });
  o.log(`  ${history.entries} ledger entries in ${round((performance.now() - started) / 1000)} s`);
  // In chunks, each planned on fresh statistics: the record-status triggers look rows up by
  // participant, which a planner that still sees an empty table does by scanning them all.
  for (let left = participants - pay - withHistory, k = 0; left > 0; k++) {
    const n = Math.min(left, 5_000);
    await o.pool.query('ANALYZE participants, referrals, enrollments');
    await bulkEnrollments(o.pool, {
      n,
      tag: `retb${k}`,
      programCode: 'JOHNZ_SCHOOL',
      feeCents: 50_000,
      staffId,
      enrolledOn: `current_date - 400 + (g % 360)`,
    });
    left -= n;
  }
  o.log(`  enrollments and ledger in ${round((performance.now() - started) / 1000)} s`);
  // The closed records: the earliest enrollments with a year of history, ended a month in,
  // decided by the court five days later; each with texts and contact details to erase.
  const c: PoolClient = await o.pool.connect();
  try {
    await c.query('BEGIN');
    await c.query(
      `CREATE TEMP TABLE closing ON COMMIT DROP AS
         SELECT e.id, e.referral_id, e.participant_id, row_number() OVER () AS g
           FROM enrollments e JOIN referrals r ON r.id = e.referral_id
          WHERE r.case_number LIKE 'BENCH-reth-%'
          ORDER BY e.enrolled_on, e.id LIMIT $1`,
      [closed],
    );
    await c.query(
      `UPDATE participants p
          SET phone = '(816) 555-' || lpad((x.g % 10000)::text, 4, '0'),
              email = 'person' || x.g || '@mail.example',
              address = x.g || ' Main St, Kansas City MO',
              state_id_number = 'MO-' || x.g, state_id_key = 'MO' || x.g
         FROM closing x WHERE p.id = x.participant_id`,
    );
    await c.query(
      `UPDATE enrollments e
          SET status = 'WITHDRAWN', closed_on = e.enrolled_on + 30,
              closed_reason = 'Moved out of state, told us by phone (' || x.g || ')'
         FROM closing x WHERE e.id = x.id`,
    );
    await c.query(
      `INSERT INTO enrollment_transitions (enrollment_id, from_status, to_status, reason, note, by_staff_id)
       SELECT e.id, 'ACTIVE', 'WITHDRAWN', e.closed_reason, 'Spoke with the participant (' || x.g || ')', $1
         FROM closing x JOIN enrollments e ON e.id = x.id`,
      [staffId],
    );
    await c.query(
      `INSERT INTO referral_dispositions (referral_id, disposition, decided_on, court_reference, recorded_by)
       SELECT x.referral_id, 'DISMISSED', e.closed_on + 5, '16CR-' || x.g, $1
         FROM closing x JOIN enrollments e ON e.id = x.id`,
      [staffId],
    );
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  } finally {
    c.release();
  }
  await o.pool.query('VACUUM ANALYZE');
  const [counts] = (
    await o.pool.query<{ participants: number; entries: number; closed: number }>(
      `SELECT (SELECT count(*) FROM participants)::int AS participants,
              (SELECT count(*) FROM ledger_entries)::int AS entries,
              (SELECT count(*) FROM participants WHERE record_status = 'CLOSED')::int AS closed`,
    )
  ).rows;
  const seedSeconds = round((performance.now() - started) / 1000);
  o.log(
    `  seeded in ${seedSeconds} s: ${counts.participants} participants, ${counts.entries} entries (${history.entries} in histories), ${counts.closed} closed`,
  );

  // Participants registered before the blind index existed: a run fills it in first. Timed apart.
  const key = new BlindIndexKey(RECORDS_INDEX_KEY);
  const indexStarted = performance.now();
  const indexed = await fillMissingIndexes(o.pool as unknown as PoolClient, key);
  const indexSeconds = round((performance.now() - indexStarted) / 1000, 2);
  o.log(`  blind index filled in for ${indexed} participants in ${indexSeconds} s`);

  const payLoad = (seconds: number, prefix: string): LoadConfig => ({
    url: o.server.url,
    token: o.finance.token,
    connections: clients,
    durationSeconds: seconds,
    method: 'POST',
    paths: payIds.map((id) => `/api/v1/enrollments/${id}/payments`),
    bodies: [{ amountCents: 100, method: 'CARD', receivedOn: o.today }],
    idempotencyPrefix: prefix,
    keepLatencies: true,
  });
  const chunks = async (seconds: number, tag: string, until?: () => boolean) => {
    const runs: LoadResult[] = [];
    for (let t = 0; until ? !until() : t < seconds; t += 2)
      runs.push(await o.child<LoadResult>('load-http.js', payLoad(2, `${tag}-${t}-${Date.now()}`)));
    return runs;
  };
  await o.child<LoadResult>('load-http.js', payLoad(3, `ret-warm-${Date.now()}`));
  o.log(`Retention: payments (${clients} clients) for ${baselineSeconds} s without a run…`);
  const before = await chunks(baselineSeconds, 'ret-before');

  o.log(`Retention: records:pseudonymize --closed-before ${o.today}, payments going on…`);
  let done = false;
  let stdout = '';
  let stderr = '';
  const runStarted = performance.now();
  const run = new Promise<number>((resolve) => {
    const cli = spawn(
      process.execPath,
      [join(BUILD_DIR, 'src', 'cli.js'), 'records:pseudonymize', '--closed-before', o.today],
      {
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: o.env.DATABASE_URL,
          MIGRATION_DATABASE_URL: o.env.MIGRATION_DATABASE_URL,
          RECORDS_INDEX_KEY,
          DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-retention-')),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    cli.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    cli.once('exit', (code) => {
      done = true;
      resolve(code ?? 1);
    });
  });
  const during = await chunks(0, 'ret-during', () => done);
  const code = await run;
  const runSeconds = round((performance.now() - runStarted) / 1000, 2);
  if (code !== 0) throw new Error(`records:pseudonymize failed (${code}):\n${stdout}\n${stderr}`);
  o.log(`  ${stdout.trim().split('\n').join('\n  ')}`);

  o.log(`Retention: payments for ${baselineSeconds} s after the run…`);
  const after = await chunks(baselineSeconds, 'ret-after');

  const tables: Record<string, number> = {};
  for (const m of stdout.matchAll(/^ {2}([a-z_]+)\s+(\d+)$/gm)) tables[m[1]] = Number(m[2]);
  const records = Number(/Pseudonymized (\d+) of/.exec(stdout)?.[1] ?? NaN);
  const [left] = (
    await o.pool.query<{ pseudonymized: number; named: number }>(
      `SELECT count(*) FILTER (WHERE pseudonymized_at IS NOT NULL)::int AS pseudonymized,
              count(*) FILTER (WHERE record_status = 'PSEUDONYMIZED'
                                 AND (first_name <> '[erased]' OR phone IS NOT NULL))::int AS named
         FROM participants`,
    )
  ).rows;
  const invariants = await checkInvariants(
    (sql) => o.pool.query(sql).then((r) => r.rows),
    ['ledger', 'receipts', 'enrollments', 'remittances'],
  );
  const invariantsHold = invariants.every((r) => r.violations === 0);
  if (!invariantsHold) o.log(formatInvariantReport(invariants));
  const baseline = pooled([...before, ...after]);
  const busy = pooled(during);
  const result = {
    size: {
      participants: counts.participants,
      ledgerEntries: counts.entries,
      closed: counts.closed,
    },
    seedSeconds,
    blindIndex: { filled: indexed, seconds: indexSeconds },
    run: {
      records,
      seconds: runSeconds,
      recordsPerSecond: round(records / runSeconds),
      rowsPerTable: tables,
      pseudonymized: left.pseudonymized,
      stillNamed: left.named,
    },
    payments: {
      clients,
      withoutRun: baseline,
      duringRun: busy,
      p99DuringOverWithout: round(busy.p99 / baseline.p99, 2),
      p50DuringOverWithout: round(busy.p50 / baseline.p50, 2),
    },
    invariantsHold,
    /** The machine's load (1, 5, 15 minutes) before the seed and at the end: others' work counts. */
    loadAverage: { before: loadBefore, after: loadavg().map((x) => round(x, 1)) },
  };
  o.log(
    `  ${records} records in ${runSeconds} s (${result.run.recordsPerSecond}/s); payment p99 ${busy.p99} ms during the run vs ${baseline.p99} ms without (×${result.payments.p99DuringOverWithout})`,
  );
  return result;
}
