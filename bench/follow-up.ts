import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool, PoolClient } from 'pg';
import type { Api } from '../scripts/lib/api';
import { percentile } from '../scripts/lib/scratch-db';
import { followUpCountSql, followUpPageSql } from '../src/follow-ups/follow-up-sql';
import { FOLLOW_UP_REPORT_SQL } from '../src/reports/report-sql';
import { bulkEnrollments } from './fixtures';

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => percentile(xs, 50);

/**
 * Follow-up history at a size no county program reaches in decades: `exits` enrollments (half in
 * each program) that ended from 2018 to late 2025 — 70 % completed, 20 % terminated, 10 %
 * withdrawn — and about `results` follow-up results: a 12-month result for 90 % of the exits
 * whose check is due (one in ten of them corrected by a second result), and a 24-month result
 * for 60 % of those due. Written as the owner, set-based, through every CHECK and trigger.
 */
export async function followUpHistory(
  pool: Pool,
  staffId: string,
  opts: { exits: number; today: string },
): Promise<{ exits: number; results: number }> {
  const half = Math.floor(opts.exits / 2);
  const ids: string[] = [];
  for (const programCode of ['JOHNZ_SCHOOL', 'OAR'] as const)
    ids.push(
      ...(await bulkEnrollments(pool, {
        n: half,
        tag: `fu${programCode.slice(0, 1)}`,
        programCode,
        feeCents: 50_000,
        staffId,
        enrolledOn: `DATE '2018-01-01' + (g * 2800 / ${half})`,
      })),
    );
  await pool.query(
    `UPDATE enrollments e
        SET status = x.status, closed_on = e.enrolled_on + 30 + (x.g % 90)::int,
            certificate_number = CASE WHEN x.status = 'COMPLETED'
              THEN 'C-BENCH-' || replace(e.id::text, '-', '') END,
            closed_reason = CASE WHEN x.status = 'TERMINATED' THEN 'NON_COMPLIANCE' END
       FROM (SELECT i.id, i.g,
                    CASE WHEN i.g % 10 < 7 THEN 'COMPLETED'
                         WHEN i.g % 10 < 9 THEN 'TERMINATED' ELSE 'WITHDRAWN' END AS status
               FROM unnest($1::uuid[]) WITH ORDINALITY AS i(id, g)) x
      WHERE e.id = x.id`,
    [ids],
  );
  // The exits' days are new: without fresh statistics the planner took the due index's old
  // picture (every closed_on NULL) and joined the 100,000 ids to it by a nested loop.
  await pool.query('ANALYZE enrollments');
  const insertResults = (months: 12 | 24, share: string, extra = '') =>
    pool.query(
      `INSERT INTO follow_up_results (enrollment_id, months, result, source, checked_on, recorded_by)
       SELECT x.id, ${months},
              CASE WHEN x.g % 20 = 0 THEN 'NEW_CHARGE_SIMILAR'
                   WHEN x.g % 20 IN (1, 2) THEN 'NEW_CHARGE_OTHER'
                   WHEN x.g % 20 = 3 THEN 'UNABLE_TO_CHECK' ELSE 'NO_NEW_CHARGE' END,
              CASE WHEN x.g % 3 = 0 THEN 'PROSECUTOR_RETURN' ELSE 'COURT_RECORDS_SEARCH' END,
              least(x.due + (x.g % 45)::int, $2::date), $3
         FROM (SELECT e.id, i.g, (e.closed_on + interval '${months} months')::date AS due
                 FROM unnest($1::uuid[]) WITH ORDINALITY AS i(id, g)
                 JOIN enrollments e ON e.id = i.id) x
        WHERE x.due <= $2::date AND ${share} ${extra}`,
      [ids, opts.today, staffId],
    );
  await insertResults(12, 'x.g % 10 < 9');
  // Corrections: a newer result for one check in ten.
  await insertResults(12, 'x.g % 10 = 0');
  await insertResults(24, 'x.g % 10 < 6');
  await pool.query('ANALYZE enrollments, follow_up_results');
  const n = await pool.query<{ n: string }>('SELECT count(*) AS n FROM follow_up_results');
  return { exits: ids.length, results: Number(n.rows[0].n) };
}

/**
 * The follow-up phase of the bench: over the history above, the report through the API against
 * its own SQL run raw in this process (HTTP and SQL alternating, medians), the due list's first
 * page against its two statements, and the work queue as INTAKE; plans to `explain-follow-up-*`.
 */
export async function followUpPhase(o: {
  pool: Pool;
  admin: Api;
  intake: Api;
  today: string;
  runs: number;
  resultsDir: string;
  log: (line: string) => void;
}) {
  o.log('Follow-up: writing 100,000 exits and their results…');
  const t0 = Date.now();
  const made = await followUpHistory(o.pool, o.admin.staffId, { exits: 100_000, today: o.today });
  const writeSeconds = round((Date.now() - t0) / 1000);
  o.log(`  ${made.exits} exits, ${made.results} results in ${writeSeconds} s`);

  const c = await o.pool.connect();
  try {
    await c.query('SET ROLE diversion_app');
    const timed = async (path: string, sql: (client: PoolClient) => Promise<unknown>) => {
      const http: number[] = [];
      const raw: number[] = [];
      for (let i = 0; i <= o.runs; i++) {
        const res = await o.intake.get(path);
        if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
        const t = performance.now();
        await sql(c);
        const ms = performance.now() - t;
        // The first of each is a warm-up.
        if (i > 0) {
          http.push(res.ms);
          raw.push(ms);
        }
      }
      return {
        query: `GET ${path}`,
        httpMs: round(median(http)),
        sqlMs: round(median(raw)),
        ratioHttpToSql: round(median(http) / median(raw), 2),
      };
    };
    const report = (from: string, to: string) =>
      timed(`/reports/follow-up?exitFrom=${from}&exitTo=${to}&months=12`, (client) =>
        client.query(FOLLOW_UP_REPORT_SQL, [from, to, 12]),
      );
    const dueParams = [o.today, true, true, null, null];
    const allExits = await report('2018-01-01', o.today);
    o.log(`  report over every exit: ${allExits.httpMs} ms (SQL ${allExits.sqlMs} ms)`);
    const oneYear = await report('2024-01-01', '2024-12-31');
    o.log(`  report over 2024's exits: ${oneYear.httpMs} ms (SQL ${oneYear.sqlMs} ms)`);
    const duePage = await timed('/follow-ups?status=DUE', async (client) => {
      await client.query(followUpPageSql('DUE'), [...dueParams, 50, 0]);
      await client.query(followUpCountSql('DUE'), dueParams);
    });
    o.log(`  due list, first page: ${duePage.httpMs} ms (SQL ${duePage.sqlMs} ms)`);
    const queue: number[] = [];
    for (let i = 0; i <= o.runs; i++) {
      const res = await o.intake.get('/work-queue');
      if (res.status !== 200) throw new Error(`GET /work-queue: ${res.status}`);
      if (i > 0) queue.push(res.ms);
    }
    const due = await c.query<{ n: string }>(followUpCountSql('DUE'), dueParams);

    const explain = async (file: string, title: string, sql: string, params: unknown[]) => {
      const plan = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      writeFileSync(
        join(o.resultsDir, file),
        `-- ${title}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`,
      );
      return file;
    };
    const explainFiles = [
      await explain(
        'explain-follow-up-report.txt',
        `${allExits.query} over ${made.exits} exits and ${made.results} results`,
        FOLLOW_UP_REPORT_SQL,
        ['2018-01-01', o.today, 12],
      ),
      await explain('explain-follow-up-report-year.txt', oneYear.query, FOLLOW_UP_REPORT_SQL, [
        '2024-01-01',
        '2024-12-31',
        12,
      ]),
      await explain(
        'explain-follow-up-due-page.txt',
        `${duePage.query}: the page`,
        followUpPageSql('DUE'),
        [...dueParams, 50, 0],
      ),
      await explain(
        'explain-follow-up-due-count.txt',
        `${duePage.query}: its total (the work queue's count)`,
        followUpCountSql('DUE'),
        dueParams,
      ),
    ];
    return {
      exits: made.exits,
      results: made.results,
      writeSeconds,
      dueChecks: Number(due.rows[0].n),
      runs: o.runs,
      reportAllExits: allExits,
      reportOneYear: oneYear,
      dueListFirstPage: duePage,
      workQueueAsIntakeMs: round(median(queue)),
      explainFiles,
    };
  } finally {
    await c.query('RESET ROLE').catch(() => undefined);
    c.release();
  }
}

export type FollowUpFigures = Awaited<ReturnType<typeof followUpPhase>>;
