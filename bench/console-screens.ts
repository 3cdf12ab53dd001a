// `npm run bench -- --console-screens [--participants 20000] [--runs 5]`: how long the heavy
// screens take from navigation to their table on a county of that size, in Debian's Chromium.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { chromium, type Request } from 'playwright-core';
import { hashPassword } from '../src/common/passwords';
import { chicagoDate } from '../src/common/dates';
import { runMigrations } from '../src/database/migrator';
import { seedDemo } from '../scripts/seed/demo-seed';
import { CHROMIUM_OPTIONS } from '../scripts/lib/chromium';
import { argOf } from '../scripts/lib/database';
import { percentile, scratchDatabase } from '../scripts/lib/scratch-db';
import { BUILD_DIR, startServer, startSettings } from '../scripts/lib/servers';
import { benchServerEnv } from './start-settings';

const ROOT = join(BUILD_DIR, '..', '..');
const PASSWORD = 'bench-console-password';
const ADMIN = { email: 'bench-admin@bench.example', password: 'bench-bootstrap-pass-1' };

export interface ScreenFigures {
  screen: string;
  path: string;
  rows: number;
  medianMs: number;
  p90Ms: number;
  runsMs: number[];
  /**
   * The API calls of the last run: path, when the request went out (milliseconds after the
   * navigation began), milliseconds from request to last byte, bytes received (as sent,
   * compressed or not).
   */
  api: { path: string; atMs: number; ms: number; bodyBytes: number }[];
  /** Bytes of the console's own files (scripts, styles) received in the last run, cache cleared. */
  assetBytes: number;
}

/**
 * Seeds `participants` demo participants (a year of work), starts the server with the built
 * console, signs in as the demo auditor and opens each heavy screen `runs` times after one
 * warm-up: navigation (page load, session resume, API, render) until the table's first row.
 */
export async function consoleScreensPhase(
  argv: string[],
  log: (line: string) => void,
): Promise<{ participants: number; screens: ScreenFigures[]; environment: object }> {
  const participants = Number(argOf(argv, 'participants') ?? 20_000);
  const runs = Number(argOf(argv, 'runs') ?? 5);
  const asOf = chicagoDate();
  const loadBefore = loadavg().map((x) => Math.round(x * 10) / 10);
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--console'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const db = await scratchDatabase(process.env.BENCH_DATABASE_URL);
  const pool = new Pool({ connectionString: db.url, max: 2 });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const browser = await chromium.launch(CHROMIUM_OPTIONS);
  try {
    await runMigrations(db.url);
    const client = await pool.connect();
    let from: string;
    try {
      log(`Seeding ${participants} participants…`);
      ({ from } = await seedDemo(client, {
        participants,
        seed: 'bench-console',
        asOf,
        staffPasswordHash: await hashPassword(PASSWORD),
        onProgress: (p) => {
          if (p.done === p.total) log(`  ${p.stage}: ${p.total}`);
        },
      }));
    } finally {
      client.release();
    }
    server = await startServer({
      ...startSettings(),
      ...(await benchServerEnv(db.url, ADMIN)),
      CONSOLE_DIR: join(ROOT, 'web', 'dist'),
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel('Email').fill('auditor1@demo.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();
    const screens: [string, string, string][] = [
      [
        'Fees by month, a year',
        `/reports/fees?from=${from}&to=${asOf}&groupBy=month`,
        '#fees-table tbody tr',
      ],
      ['Balances', `/reports/balances?asOf=${asOf}`, '#balances-rows tbody tr'],
      ['Outcomes, a year', `/reports/outcomes?from=${from}&to=${asOf}`, '#outcomes-table tbody tr'],
      ['Audit trail', '/audit', '#audit-table tbody tr'],
    ];
    const figures: ScreenFigures[] = [];
    const cdp = await context.newCDPSession(page);
    for (const [screen, path, selector] of screens) {
      const times: number[] = [];
      let api: ScreenFigures['api'] = [];
      let assetBytes = 0;
      for (let i = 0; i <= runs + 1; i++) {
        // The last run, apart: the cache cleared and every request's size and time noted.
        const last = i === runs + 1;
        const noted: Promise<void>[] = [];
        let started = 0;
        const note = (request: Request) =>
          noted.push(
            request.sizes().then((sizes) => {
              const url = new URL(request.url());
              const t = request.timing();
              if (url.pathname.startsWith('/api/'))
                api.push({
                  path: url.pathname,
                  atMs: Math.round(t.startTime + t.requestStart - started),
                  ms: Math.round(t.responseEnd - t.requestStart),
                  bodyBytes: sizes.responseBodySize,
                });
              else if (url.pathname.startsWith('/assets/')) assetBytes += sizes.responseBodySize;
            }),
          );
        if (last) {
          api = [];
          await cdp.send('Network.clearBrowserCache');
          page.on('requestfinished', note);
        }
        started = Date.now();
        await page.goto(`${server.url}${path}`);
        await page.locator(selector).first().waitFor({ timeout: 120_000 });
        if (i > 0 && !last) times.push(Date.now() - started);
        if (last) {
          page.off('requestfinished', note);
          await Promise.all(noted);
        }
      }
      const rows = await page.locator(selector).count();
      figures.push({
        screen,
        path: path.replace(/\?.*/, ''),
        rows,
        medianMs: percentile(times, 50),
        p90Ms: percentile(times, 90),
        runsMs: times,
        api,
        assetBytes,
      });
      log(`${screen.padEnd(24)} median ${percentile(times, 50)} ms (${times.join(', ')})`);
      log(
        `${''.padEnd(24)} assets ${Math.round(assetBytes / 1024)} KB; API ` +
          api
            .map(
              (a) => `${a.path} at ${a.atMs} ms: ${a.ms} ms ${Math.round(a.bodyBytes / 1024)} KB`,
            )
            .join(', '),
      );
    }
    await context.close();
    return {
      participants,
      screens: figures,
      environment: {
        node: process.version,
        cpus: cpus().length,
        loadAverage: { before: loadBefore, after: loadavg().map((x) => Math.round(x * 10) / 10) },
      },
    };
  } finally {
    await browser.close();
    await server?.stop();
    await pool.end();
    await db.stop();
  }
}
