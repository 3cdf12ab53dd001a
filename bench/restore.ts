// `npm run bench -- --restore [--participants 100000] [--runs 2]`: how long a backup and a restore of a
// deployment of that size take, on a PostgreSQL whose client programs are on this machine.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { pgToolsFor } from '../src/database/pg-tools';
import { argOf } from '../scripts/lib/database';
import { BUILD_DIR } from '../scripts/lib/servers';

const run = promisify(execFile);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface RestoreFigures {
  participants: number;
  rows: number;
  dumpMb: number;
  seedSeconds: number;
  backupSeconds: number;
  /** `npm run cli -- restore`: pg_restore, ANALYZE, the API login, invariants, counts. */
  restoreSeconds: number;
  /** Where the restore's time went, from its progress lines. */
  restorePhasesSeconds: { pgRestore: number; vacuumAnalyze: number; invariants: number };
  /** pg_restore of the same file alone, into a third database. */
  pgRestoreOnlySeconds: number;
  ratioRestoreToPgRestore: number;
  runs: {
    full: { seconds: number; pgRestore: number; vacuumAnalyze: number; invariants: number }[];
    pgRestoreAlone: number[];
  };
  /** The machine's load (1, 5, 15 minutes) before the seed and at the end. */
  loadAverage: { before: number[]; after: number[] };
}

async function sql(url: string, text: string): Promise<Record<string, unknown>[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

function medianOf(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await fn();
  return round((Date.now() - started) / 1000);
}

export async function restorePhase(
  argv: string[],
  log: (line: string) => void,
): Promise<RestoreFigures & { environment: object }> {
  const serverUrl =
    process.env.BENCH_RESTORE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const participants = Number(argOf(argv, 'participants') ?? 100_000);
  const tag = randomBytes(3).toString('hex');
  // The source; the other two name the fresh databases of each run (…_0, …_1).
  const names = [`bench_src_${tag}`, `bench_restored_${tag}`, `bench_plain_${tag}`];
  const urls = names.map((n) => {
    const u = new URL(serverUrl);
    u.pathname = `/${n}`;
    return u.toString();
  });
  const [source, restored, plain] = urls;
  const loadBefore = loadavg().map((x) => round(x, 1));
  const apiUrl = new URL(restored);
  apiUrl.username = 'bench_restore_api';
  apiUrl.password = randomBytes(12).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'bench-restore-'));
  const file = join(dir, 'bench.dump');
  const [{ v, n }] = (await sql(
    serverUrl,
    `SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n`,
  )) as { v: string; n: string }[];
  const tools = pgToolsFor(Math.floor(Number(n) / 10000), { purpose: 'the restore benchmark' });
  const cliEnv = (env: Record<string, string>) => ({
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dir, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const cli = join(BUILD_DIR, 'src', 'cli.js');
  try {
    await sql(serverUrl, `CREATE DATABASE ${names[0]}`);
    log(`Restore: seeding ${participants.toLocaleString('en-US')} participants (a year) …`);
    const seedSeconds = await timed(() =>
      run(
        process.execPath,
        [
          join(BUILD_DIR, 'scripts', 'seed-demo.js'),
          '--participants',
          String(participants),
          '--database-url',
          source,
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      ),
    );
    const [{ rows }] = (await sql(
      source,
      `SELECT sum(n_live_tup)::bigint AS rows FROM pg_stat_user_tables`,
    )) as { rows: string }[];
    log(`  seeded in ${seedSeconds} s; backing up …`);
    const backupSeconds = await timed(() =>
      run(process.execPath, [cli, 'backup', '--out', file], cliEnv({ DATABASE_URL: source })),
    );
    const dumpMb = round(statSync(file).size / 1024 / 1024);
    log(`  backup ${backupSeconds} s (${dumpMb} MB); restoring …`);
    // The full restore and pg_restore alone take turns (the order swapped each run), each into a
    // fresh database, so a change in the machine's load falls on both; medians of `--runs`.
    const runs = Number(argOf(argv, 'runs') ?? 2);
    const full: {
      seconds: number;
      pgRestore: number;
      vacuumAnalyze: number;
      invariants: number;
    }[] = [];
    const alone: number[] = [];
    for (let r = 0; r < runs; r++) {
      const target = `${restored}_${r}`;
      const bare = `${plain}_${r}`;
      const api = new URL(target);
      api.username = apiUrl.username;
      api.password = apiUrl.password;
      const restoreFull = async () => {
        let stderr = '';
        const seconds = await timed(async () => {
          stderr = (
            await run(
              process.execPath,
              [cli, 'restore', '--from', file],
              cliEnv({ MIGRATION_DATABASE_URL: target, DATABASE_URL: api.toString() }),
            )
          ).stderr;
        });
        const phase = (re: RegExp) => Number(re.exec(stderr)?.[1] ?? NaN);
        full.push({
          seconds,
          pgRestore: phase(/Restored the data in ([\d.]+) s/),
          vacuumAnalyze: phase(/VACUUM \(ANALYZE\), ([\d.]+) s/),
          invariants: phase(/invariants hold \(([\d.]+) s\)/),
        });
        log(`  run ${r + 1}: restore with every check ${seconds} s`);
      };
      const restoreBare = async () => {
        const seconds = await timed(() =>
          run(tools.pgRestore, ['--no-owner', '--single-transaction', `--dbname=${bare}`, file], {
            maxBuffer: 64 * 1024 * 1024,
          }),
        );
        alone.push(seconds);
        log(`  run ${r + 1}: pg_restore alone ${seconds} s`);
      };
      try {
        for (const db of [target, bare])
          await sql(serverUrl, `CREATE DATABASE ${new URL(db).pathname.slice(1)}`);
        if (r % 2 === 0) {
          await restoreFull();
          await restoreBare();
        } else {
          await restoreBare();
          await restoreFull();
        }
      } finally {
        for (const db of [target, bare])
          await sql(
            serverUrl,
            `DROP DATABASE IF EXISTS ${new URL(db).pathname.slice(1)} WITH (FORCE)`,
          ).catch(() => undefined);
      }
    }
    const med = (xs: number[]) => round(medianOf(xs));
    const restoreSeconds = med(full.map((f) => f.seconds));
    const pgRestoreOnlySeconds = med(alone);
    const figures: RestoreFigures = {
      participants,
      rows: Number(rows),
      dumpMb,
      seedSeconds,
      backupSeconds,
      restoreSeconds,
      restorePhasesSeconds: {
        pgRestore: med(full.map((f) => f.pgRestore)),
        vacuumAnalyze: med(full.map((f) => f.vacuumAnalyze)),
        invariants: med(full.map((f) => f.invariants)),
      },
      pgRestoreOnlySeconds,
      ratioRestoreToPgRestore: round(restoreSeconds / pgRestoreOnlySeconds, 2),
      runs: { full, pgRestoreAlone: alone },
      loadAverage: { before: loadBefore, after: loadavg().map((x) => round(x, 1)) },
    };
    return {
      environment: {
        postgres: v,
        pgTools: tools.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGb: round(totalmem() / 2 ** 30),
      },
      ...figures,
    };
  } finally {
    await sql(serverUrl, `DROP DATABASE IF EXISTS ${names[0]} WITH (FORCE)`).catch(() => undefined);
    await sql(serverUrl, `DROP ROLE IF EXISTS bench_restore_api`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
