// `npm run bench -- --search [--participants 100000] [--runs 7]`: the participant search with the
// closed-record filter against the same search without it, on one database, in one run.
import { cpus, loadavg } from 'node:os';
import { Pool } from 'pg';
import { participantSearchSql } from '../src/participants/search-sql';
import { runMigrations } from '../src/database/migrator';
import { argOf } from '../scripts/lib/database';
import { percentile, scratchDatabase } from '../scripts/lib/scratch-db';
import { bulkEnrollments } from './fixtures';

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** What a desk types: a last name's start, a first name, a case number, a date of birth, nothing. */
const SEARCHES: { name: string; params: (string | null)[] }[] = [
  { name: 'last name "loadsr1"', params: ['loadsr1', 'loadsr1', 'loadsr1', null] },
  { name: 'last name "loadsr12345"', params: ['loadsr12345', 'loadsr12345', 'loadsr12345', null] },
  { name: 'date of birth', params: [null, null, null, '1970-05-05'] },
  { name: 'first page, no query', params: [null, null, null, null] },
];

export interface SearchFigures {
  participants: number;
  closed: number;
  searches: {
    search: string;
    withFilterMs: number;
    withoutFilterMs: number;
    ratio: number;
    rowsWith: number;
    rowsWithout: number;
  }[];
  environment: object;
}

/**
 * `participants` enrolled participants (one referral and enrollment each), one in ten of them
 * closed the way the court closes them (enrollment ended, DISMISSED recorded: the database's
 * triggers keep their status). Each search, page of 50 and count, runs `runs` times after a
 * warm-up with the filter and without it, alternating; medians.
 */
export async function searchPhase(
  argv: string[],
  log: (line: string) => void,
): Promise<SearchFigures> {
  const participants = Number(argOf(argv, 'participants') ?? 100_000);
  const runs = Number(argOf(argv, 'runs') ?? 7);
  const db = await scratchDatabase(process.env.BENCH_DATABASE_URL);
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    await runMigrations(db.url);
    const [{ id: staffId }] = (
      await pool.query<{ id: string }>(
        `INSERT INTO staff (email, display_name, roles, password_hash)
         VALUES ('search@bench.example', 'Bench', ARRAY['INTAKE'], 'x') RETURNING id`,
      )
    ).rows;
    log(`Seeding ${participants} participants…`);
    const ids = await bulkEnrollments(pool, {
      n: participants,
      tag: 'sr',
      programCode: 'OAR',
      feeCents: 50_000,
      staffId,
      enrolledOn: `DATE '2021-01-01' + g % 1500`,
    });
    const closing = ids.filter((_, i) => i % 10 === 0);
    log(`Closing ${closing.length} records…`);
    await pool.query(
      `UPDATE enrollments SET status = 'WITHDRAWN', closed_on = enrolled_on + 30
        WHERE id = ANY($1::uuid[])`,
      [closing],
    );
    await pool.query(
      `INSERT INTO referral_dispositions (referral_id, disposition, decided_on, recorded_by)
       SELECT referral_id, 'DISMISSED', closed_on + 60, $2 FROM enrollments
        WHERE id = ANY($1::uuid[])`,
      [closing, staffId],
    );
    await pool.query('ANALYZE');
    const closed = Number(
      (await pool.query(`SELECT count(*) AS n FROM participants WHERE record_status <> 'OPEN'`))
        .rows[0].n,
    );
    const timed = async (sql: string, params: unknown[]) => {
      const started = process.hrtime.bigint();
      const res = await pool.query(sql, params);
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, rows: res.rowCount ?? 0 };
    };
    const searches: SearchFigures['searches'] = [];
    for (const s of SEARCHES) {
      const variants = [participantSearchSql(false), participantSearchSql(true)];
      const times: number[][] = [[], []];
      const rows = [0, 0];
      for (let i = 0; i <= runs; i++)
        for (const [v, sql] of variants.entries()) {
          const page = await timed(sql.page('p.id, p.first_name, p.last_name'), [
            ...s.params,
            50,
            0,
          ]);
          const count = await timed(sql.count, s.params);
          if (i > 0) times[v].push(page.ms + count.ms);
          rows[v] = page.rows;
        }
      const [withFilterMs, withoutFilterMs] = times.map((t) => round(percentile(t, 50)));
      searches.push({
        search: s.name,
        withFilterMs,
        withoutFilterMs,
        ratio: round(withFilterMs / withoutFilterMs),
        rowsWith: rows[0],
        rowsWithout: rows[1],
      });
      log(
        `${s.name.padEnd(28)} with the filter ${withFilterMs} ms, without ${withoutFilterMs} ms (× ${round(withFilterMs / withoutFilterMs)})`,
      );
    }
    return {
      participants,
      closed,
      searches,
      environment: {
        node: process.version,
        postgres: (await pool.query('SHOW server_version')).rows[0].server_version,
        cpus: cpus().length,
        loadAverage: loadavg().map((x) => round(x, 1)),
      },
    };
  } finally {
    await pool.end();
    await db.stop();
  }
}
