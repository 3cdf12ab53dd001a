// `npm run bench -- --console-screens [--participants 20000] [--runs 5]`: how long the heavy
// screens take from navigation to their table on a county of that size, in Debian's Chromium.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { chromium, type Locator, type Page, type Request } from 'playwright-core';
import { hashPassword } from '../src/common/passwords';
import { chicagoDate } from '../src/common/dates';
import { runMigrations } from '../src/database/migrator';
import { seedDemo } from '../scripts/seed/demo-seed';
import { CHROMIUM, CHROMIUM_OPTIONS, ensureChromium } from '../scripts/lib/chromium';
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
  /** The median as Playwright's polling wait for the row measured it (0, 20, 70, 170 ms… after load). */
  polledMedianMs: number;
  /**
   * The API calls of the last run: path, when the request went out (milliseconds after the
   * navigation began), milliseconds from request to last byte, bytes received (as sent,
   * compressed or not).
   */
  api: { path: string; atMs: number; ms: number; bodyBytes: number }[];
  /** Bytes of the console's own files (scripts, styles) received in the last run, cache cleared. */
  assetBytes: number;
  /** Where the time of a full load goes: the median of each mark over the timed runs. */
  phases: LoadPhases;
  /**
   * In-app navigation: from the page before it, the console's own link to the screen clicked
   * (a route change, no page load) until the table's first row; median, p90 and each run. The
   * screen opens on its default view (what its link asks for), `inAppPath` with its query.
   */
  inApp: { path: string; medianMs: number; p90Ms: number; runsMs: number[]; phases: LoadPhases };
}

/**
 * Marks of one load, milliseconds from its start (navigation start, or the click on the link):
 * the HTML received, DOMContentLoaded (the console's modules run), the last script of the
 * console received, the session's refresh sent and answered, the screen's data sent and
 * answered, the table's first row in the page. Absent marks are -1 (no page load in-app).
 */
export interface LoadPhases {
  html: number;
  domContentLoaded: number;
  scriptsLoaded: number;
  refreshSent: number;
  refreshAnswered: number;
  dataSent: number;
  dataAnswered: number;
  firstRow: number;
}

/** A timing entry of the page (the bench's own type check has no DOM library). */
interface TimingEntry {
  name: string;
  startTime: number;
  responseEnd: number;
  domContentLoadedEventEnd: number;
}

/** What the page-side functions below use of the page's globals. */
interface PageGlobals {
  __firstRows: Record<string, number>;
  __clickedAt: number;
  performance: {
    now(): number;
    timeOrigin: number;
    getEntriesByType(type: string): TimingEntry[];
  };
  requestAnimationFrame(callback: () => void): void;
  document: {
    addEventListener(type: string, listener: () => void, capture: boolean): void;
    querySelector(selector: string): unknown;
  };
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
  };
}

/**
 * Installed before any of the page's scripts: notes, for each selector, when the frame that first
 * draws a match begins its painting (a MutationObserver sees the row enter the document; the next
 * animation frame's callback runs just before that frame's style, layout and paint), and when a
 * link was last clicked. Playwright's own wait polls 0,
 * 20, 70, 170, 270 ms… after the load event, which would add up to 100 ms that nobody waits.
 */
function markFirstRows(selectors: string[]): void {
  const w = globalThis as unknown as PageGlobals;
  w.__firstRows = {};
  w.__clickedAt = -1;
  w.document.addEventListener('click', () => (w.__clickedAt = w.performance.now()), true);
  const check = () => {
    for (const s of selectors)
      if (!(s in w.__firstRows) && w.document.querySelector(s)) {
        w.__firstRows[s] = -1;
        w.requestAnimationFrame(() => (w.__firstRows[s] = w.performance.now()));
      }
  };
  new w.MutationObserver(check).observe(w.document, { childList: true, subtree: true });
}

/**
 * The marks of the load that ended with `selector`'s first row: from the navigation's start
 * (`fromClick` false) or from the last click (true); `dataPath` is the screen's API path.
 */
function readPhases(args: { selector: string; dataPath: string; fromClick: boolean }): {
  phases: LoadPhases;
  /** The first row's frame, milliseconds since the epoch (the bench's clock). */
  drawnAt: number;
} {
  const w = globalThis as unknown as PageGlobals;
  const t0 = args.fromClick ? w.__clickedAt : 0;
  const rel = (t: number | undefined) => (t === undefined || t < t0 ? -1 : Math.round(t - t0));
  const nav = w.performance.getEntriesByType('navigation')[0];
  const resources = w.performance.getEntriesByType('resource').filter((r) => r.startTime >= t0);
  const path = (r: TimingEntry) => new URL(r.name).pathname;
  const refresh = resources.find((r) => path(r).endsWith('/auth/refresh'));
  const data = resources.find((r) => path(r) === args.dataPath);
  const scripts = resources.filter((r) => /^\/assets\/.*\.js$/.test(path(r)));
  const phases = {
    html: args.fromClick ? -1 : rel(nav.responseEnd),
    domContentLoaded: args.fromClick ? -1 : rel(nav.domContentLoadedEventEnd),
    scriptsLoaded: scripts.length ? rel(Math.max(...scripts.map((r) => r.responseEnd))) : -1,
    refreshSent: rel(refresh?.startTime),
    refreshAnswered: rel(refresh?.responseEnd),
    dataSent: rel(data?.startTime),
    dataAnswered: rel(data?.responseEnd),
    firstRow: rel(w.__firstRows[args.selector]),
  };
  return { phases, drawnAt: w.performance.timeOrigin + w.__firstRows[args.selector] };
}

/**
 * Waits until the page has noted the frame that drew `selector`'s first row; answers when
 * Playwright's own wait found the row (milliseconds since the epoch).
 */
async function drawn(page: Page, selector: string): Promise<number> {
  await page.locator(selector).first().waitFor({ timeout: 120_000 });
  const found = Date.now();
  await page.waitForFunction(
    (s) => ((globalThis as unknown as PageGlobals).__firstRows[s] ?? -1) >= 0,
    selector,
  );
  return found;
}

/** The median of each mark over runs. */
function medianPhases(runs: LoadPhases[]): LoadPhases {
  const keys = Object.keys(runs[0]) as (keyof LoadPhases)[];
  return Object.fromEntries(
    keys.map((k) => [
      k,
      percentile(
        runs.map((r) => r[k]),
        50,
      ),
    ]),
  ) as unknown as LoadPhases;
}

const phasesLine = (p: LoadPhases): string =>
  [
    p.html >= 0 ? `HTML ${p.html}` : '',
    p.domContentLoaded >= 0 ? `DOMContentLoaded ${p.domContentLoaded}` : '',
    p.scriptsLoaded >= 0 ? `last script ${p.scriptsLoaded}` : '',
    p.refreshSent >= 0 ? `refresh ${p.refreshSent}→${p.refreshAnswered}` : '',
    p.dataSent >= 0 ? `data ${p.dataSent}→${p.dataAnswered}` : '',
    `first row ${p.firstRow}`,
  ]
    .filter(Boolean)
    .join(', ');

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
  ensureChromium(CHROMIUM, 'CHROMIUM_PATH');
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
    // Each screen: its name, its full-load URL, its first row, its data's API path, and the
    // console's own link to it from the Reports page (the way staff usually reach it).
    const screens: [string, string, string, string, (p: Page) => Locator][] = [
      [
        'Fees by month, a year',
        `/reports/fees?from=${from}&to=${asOf}&groupBy=month`,
        '#fees-table tbody tr',
        '/api/v1/reports/fees',
        (p) => p.getByRole('main').getByRole('link', { name: 'Fees', exact: true }),
      ],
      [
        'Balances',
        `/reports/balances?asOf=${asOf}`,
        '#balances-rows tbody tr',
        '/api/v1/reports/balances',
        (p) => p.getByRole('main').getByRole('link', { name: 'Balances', exact: true }),
      ],
      [
        'Outcomes, a year',
        `/reports/outcomes?from=${from}&to=${asOf}`,
        '#outcomes-table tbody tr',
        '/api/v1/reports/outcomes',
        (p) => p.getByRole('main').getByRole('link', { name: 'Outcomes', exact: true }),
      ],
      [
        'Audit trail',
        '/audit',
        '#audit-table tbody tr',
        '/api/v1/audit-events',
        (p) =>
          p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }),
      ],
    ];
    await page.addInitScript(
      markFirstRows,
      screens.map(([, , selector]) => selector),
    );
    const figures: ScreenFigures[] = [];
    const cdp = await context.newCDPSession(page);
    for (const [screen, path, selector, dataPath, linkTo] of screens) {
      const times: number[] = [];
      const polled: number[] = [];
      const marks: LoadPhases[] = [];
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
        const found = await drawn(page, selector);
        if (i > 0 && !last) {
          const { phases, drawnAt } = await page.evaluate(readPhases, {
            selector,
            dataPath,
            fromClick: false,
          });
          // From the bench's call to navigate to the frame that drew the row; and as
          // Playwright's polling wait found it (the figure before 2026-12-06 20:30).
          times.push(Math.round(drawnAt - started));
          polled.push(found - started);
          marks.push(phases);
        }
        if (last) {
          page.off('requestfinished', note);
          await Promise.all(noted);
        }
      }
      const rows = await page.locator(selector).count();
      // In-app: the Reports page loaded (and its session resumed) first, then the link clicked;
      // timed from the click to the first row, as the page itself notes them.
      const inAppMarks: LoadPhases[] = [];
      let inAppPath = '';
      for (let i = 0; i <= runs; i++) {
        await page.goto(`${server.url}/reports`);
        await page.locator('#page-heading', { hasText: 'Reports' }).waitFor();
        await linkTo(page).click();
        await drawn(page, selector);
        if (i > 0)
          inAppMarks.push(
            (await page.evaluate(readPhases, { selector, dataPath, fromClick: true })).phases,
          );
        inAppPath = new URL(page.url()).pathname + new URL(page.url()).search;
      }
      const inAppTimes = inAppMarks.map((m) => m.firstRow);
      const figure: ScreenFigures = {
        screen,
        path: path.replace(/\?.*/, ''),
        rows,
        medianMs: percentile(times, 50),
        p90Ms: percentile(times, 90),
        runsMs: times,
        polledMedianMs: percentile(polled, 50),
        api,
        assetBytes,
        phases: medianPhases(marks),
        inApp: {
          path: inAppPath,
          medianMs: percentile(inAppTimes, 50),
          p90Ms: percentile(inAppTimes, 90),
          runsMs: inAppTimes,
          phases: medianPhases(inAppMarks),
        },
      };
      figures.push(figure);
      log(
        `${screen.padEnd(24)} median ${figure.medianMs} ms (${times.join(', ')}); ` +
          `found by Playwright's polling: median ${figure.polledMedianMs} ms`,
      );
      log(`${''.padEnd(24)} full load, medians: ${phasesLine(figure.phases)}`);
      log(
        `${''.padEnd(24)} in-app from Reports: median ${figure.inApp.medianMs} ms ` +
          `(${inAppTimes.join(', ')}): ${phasesLine(figure.inApp.phases)} — ${inAppPath}`,
      );
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
