// `npm run bench -- --lighthouse [--participants 2000] [--desks finance,auditor] [--form-factors mobile,desktop]`:
// Lighthouse's performance and accessibility scores of the console's pages, signed in as each
// desk, on a county of that size, in Debian's Chromium.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { chromium, type BrowserContext } from 'playwright-core';
import { hashPassword } from '../src/common/passwords';
import { chicagoDate } from '../src/common/dates';
import { runMigrations } from '../src/database/migrator';
import { seedDemo } from '../scripts/seed/demo-seed';
import { CHROMIUM, CHROMIUM_OPTIONS, ensureChromium } from '../scripts/lib/chromium';
import { argOf } from '../scripts/lib/database';
import { freePort, scratchDatabase } from '../scripts/lib/scratch-db';
import { BUILD_DIR, startServer, startSettings } from '../scripts/lib/servers';
import { benchServerEnv } from './start-settings';

const ROOT = join(BUILD_DIR, '..', '..');
const PASSWORD = 'bench-lighthouse-password';
const ADMIN = { email: 'bench-admin@bench.example', password: 'bench-bootstrap-pass-1' };
const LIGHTHOUSE = join(ROOT, 'node_modules', 'lighthouse', 'cli', 'index.js');

export interface LighthouseFigures {
  desk: string;
  page: string;
  formFactor: 'mobile' | 'desktop';
  performance: number;
  accessibility: number;
  /** Milliseconds, as Lighthouse reports them (mobile: simulated slow 4G and a 4× slower CPU). */
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Bytes over the wire (compressed) for the whole page load. */
  transferredKb: number;
  /**
   * What moved, largest shift first (Lighthouse's layout-shifts audit: the element, or its HTML
   * when Lighthouse could not name it by a selector, and the shift's score). When the audit gives
   * none or failed, it says so here (`layout-shifts: …`).
   */
  shifted: string[];
  /**
   * The same page loaded again in Playwright at the form factor's viewport, the cache cleared and
   * the session kept:
   * each layout shift the browser reported (PerformanceObserver `layout-shift`, no input before
   * it), with the elements that moved, from where to where (x,y w×h in CSS pixels).
   */
  shifts: { value: number; moved: string[] }[];
}

/** The pages each desk works on (`:participant` and `:enrollment` are looked up in the seed). */
const DESKS: { desk: string; login?: string; pages: string[] }[] = [
  { desk: 'signed out', pages: ['/'] },
  {
    desk: 'intake',
    login: 'intake1',
    pages: ['/', '/participants', '/participants/:participant', '/work/referrals'],
  },
  { desk: 'facilitator', login: 'facilitator1', pages: ['/', '/my-sessions', '/sessions'] },
  {
    desk: 'finance',
    login: 'finance1',
    pages: ['/', '/enrollments/:enrollment/payments/new', '/reports/fees', '/remittances'],
  },
  { desk: 'supervisor', login: 'supervisor1', pages: ['/', '/approvals', '/reports/balances'] },
  { desk: 'auditor', login: 'auditor1', pages: ['/', '/audit', '/reports/outcomes'] },
  { desk: 'admin', login: 'admin1', pages: ['/', '/admin/staff'] },
];

/**
 * Seeds `participants` demo participants, starts the server with the built console and one
 * Chromium with a debugging port; for each desk, signs in there (the refresh cookie stays in the
 * browser) and runs the Lighthouse CLI on each of its pages, storage kept, mobile and desktop.
 */
export async function lighthousePhase(
  argv: string[],
  log: (line: string) => void,
): Promise<{
  participants: number;
  lighthouse: string;
  pages: LighthouseFigures[];
  environment: object;
}> {
  const loadBefore = loadavg().map((x) => Math.round(x * 10) / 10);
  const participants = Number(argOf(argv, 'participants') ?? 2_000);
  const desks = argOf(argv, 'desks')?.split(',');
  const formFactors = (argOf(argv, 'form-factors')?.split(',') ?? ['mobile', 'desktop']) as (
    'mobile' | 'desktop'
  )[];
  const asOf = chicagoDate();
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--console'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const db = await scratchDatabase(process.env.BENCH_DATABASE_URL);
  const pool = new Pool({ connectionString: db.url, max: 2 });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  ensureChromium(CHROMIUM, 'CHROMIUM_PATH');
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'bench-lighthouse-'));
  const chrome = spawn(
    CHROMIUM,
    [
      '--headless=new',
      ...CHROMIUM_OPTIONS.args,
      `--remote-debugging-port=${port}`,
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: 'ignore' },
  );
  try {
    await runMigrations(db.url);
    const client = await pool.connect();
    try {
      log(`Seeding ${participants} participants…`);
      await seedDemo(client, {
        participants,
        seed: 'bench-lighthouse',
        asOf,
        staffPasswordHash: await hashPassword(PASSWORD),
      });
    } finally {
      client.release();
    }
    const ids: Record<string, string> = {
      participant: (
        await pool.query<{ id: string }>(
          `SELECT participant_id AS id FROM enrollments WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`,
        )
      ).rows[0].id,
      enrollment: (
        await pool.query<{ id: string }>(
          `SELECT b.enrollment_id AS id FROM enrollment_balances b
             JOIN enrollments en ON en.id = b.enrollment_id
            WHERE b.balance_cents > 0 AND en.status = 'ACTIVE' ORDER BY b.enrollment_id LIMIT 1`,
        )
      ).rows[0].id,
    };
    server = await startServer({
      ...startSettings(),
      ...(await benchServerEnv(db.url, ADMIN)),
      CONSOLE_DIR: join(ROOT, 'web', 'dist'),
    });
    const version = (
      await promisify(execFile)(process.execPath, [LIGHTHOUSE, '--version'])
    ).stdout.trim();
    const browser = await connect(port);
    const context = browser.contexts()[0];
    const blank = await context.newPage();
    const cdp = await context.newCDPSession(blank);
    const pages: LighthouseFigures[] = [];
    for (const { desk, login, pages: paths } of DESKS) {
      if (desks && !desks.some((d) => desk.startsWith(d))) continue;
      await context.clearCookies();
      if (login) {
        const page = await context.newPage();
        await page.goto(server.url);
        await page.getByLabel('Email').fill(`${login}@demo.example`);
        await page.getByLabel('Password').fill(PASSWORD);
        await page.keyboard.press('Enter');
        await page.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();
        await page.close();
      }
      for (const path of paths) {
        const url = server.url + path.replace(/:(\w+)/g, (_, k: string) => ids[k]);
        for (const formFactor of formFactors) {
          // A first visit: nothing cached but the session (the cookie stays).
          await cdp.send('Network.clearBrowserCache');
          const figures = await runLighthouse(url, port, formFactor);
          // The same first visit again: nothing cached but the session.
          await cdp.send('Network.clearBrowserCache');
          const shifts = await layoutShifts(context, url, formFactor);
          const row = { desk, page: path, formFactor, ...figures, shifts };
          pages.push(row);
          log(
            `${desk.padEnd(11)} ${path.padEnd(40)} ${formFactor.padEnd(7)} perf ${row.performance} a11y ${row.accessibility} ` +
              `LCP ${row.lcpMs} TBT ${row.tbtMs} CLS ${row.cls} ${row.transferredKb} KB`,
          );
          for (const line of row.shifted) log(`${''.padEnd(12)}Lighthouse: ${line}`);
          for (const shift of shifts)
            log(`${''.padEnd(12)}shift ${shift.value}: ${shift.moved.join(' | ')}`);
        }
      }
    }
    await browser.close();
    return {
      participants,
      lighthouse: version,
      pages,
      environment: {
        node: process.version,
        cpus: cpus().length,
        // Lighthouse multiplies the main thread's observed times (mobile: by 4): on a busy machine
        // its performance scores fall; compare runs made under a similar load.
        loadAverage: { before: loadBefore, after: loadavg().map((x) => Math.round(x * 10) / 10) },
      },
    };
  } finally {
    chrome.kill();
    await server?.stop();
    await pool.end();
    await db.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Connects to the Chromium just started, once its debugging port answers. */
async function connect(port: number) {
  for (let i = 0; ; i++) {
    try {
      return await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    } catch (err) {
      if (i >= 50) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

interface LighthouseNode {
  type?: string;
  selector?: string;
  snippet?: string;
  nodeLabel?: string;
}

interface LighthouseAudit {
  numericValue?: number;
  errorMessage?: string;
  explanation?: string;
  scoreDisplayMode?: string;
  details?: {
    type?: string;
    items?: {
      score?: number;
      node?: LighthouseNode;
      subItems?: { items?: { cause?: string; extra?: LighthouseNode & { value?: string } }[] };
    }[];
  };
}

/**
 * Lighthouse 12's `layout-shifts` audit: a table whose items are `{node, score, subItems}` (node
 * missing when the element that moved most is gone from the page, e.g. a loading message the
 * table replaced; subItems: the root causes Lighthouse found, such as a web font or an unsized
 * image). An audit that failed or did not apply says why instead of answering nothing.
 */
export function shiftedOf(audit: LighthouseAudit | undefined): string[] {
  if (!audit) return ['layout-shifts: no such audit in this Lighthouse'];
  if (audit.errorMessage) return [`layout-shifts: ${audit.errorMessage}`];
  const items = audit.details?.items ?? [];
  if (!items.length && audit.scoreDisplayMode === 'notApplicable') return [];
  return items.slice(0, 5).map((i) => {
    const n = i.node;
    const what = n?.selector || n?.snippet || n?.nodeLabel || '(an element no longer in the page)';
    const causes = (i.subItems?.items ?? [])
      .map(
        (c) => `${c.cause ?? '?'}${c.extra ? `: ${c.extra.selector ?? c.extra.value ?? ''}` : ''}`,
      )
      .join('; ');
    return `${what} (${(i.score ?? 0).toFixed(3)})${causes ? ` [${causes}]` : ''}`;
  });
}

/** Lighthouse's viewports: desktop preset and the default (moto g power) phone. */
const VIEWPORTS = {
  desktop: { width: 1350, height: 940 },
  mobile: { width: 412, height: 823 },
} as const;

/** Runs in the page before its scripts: notes each layout shift and the elements it moved. */
export const RECORD_SHIFTS = `
  window.__shifts = [];
  const name = (node) => {
    const el = node instanceof Element ? node : node && node.parentElement;
    if (!el) return '?';
    const id = el.id ? '#' + el.id : '';
    const cls = [...el.classList].slice(0, 2).map((c) => '.' + c).join('');
    const text = (el.textContent || '').trim().slice(0, 30);
    return el.tagName.toLowerCase() + id + cls + (el.isConnected ? '' : ' (since removed)') +
      (text ? ' "' + text + '"' : '');
  };
  const box = (r) =>
    Math.round(r.x) + ',' + Math.round(r.y) + ' ' + Math.round(r.width) + '×' + Math.round(r.height);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      window.__shifts.push({
        value: Math.round(e.value * 1000) / 1000,
        moved: e.sources.map((s) => name(s.node) + ' ' + box(s.previousRect) + ' → ' + box(s.currentRect)),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
`;

/**
 * Loads `url` in a new page of `context` (the desk's session) at the form factor's viewport and
 * lists the layout shifts the browser reports until the page has been quiet for a second.
 */
async function layoutShifts(
  context: BrowserContext,
  url: string,
  formFactor: 'mobile' | 'desktop',
): Promise<LighthouseFigures['shifts']> {
  const page = await context.newPage();
  try {
    await page.setViewportSize(VIEWPORTS[formFactor]);
    await page.addInitScript(RECORD_SHIFTS);
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForTimeout(1000);
    return (await page.evaluate('window.__shifts')) as LighthouseFigures['shifts'];
  } finally {
    await page.close();
  }
}

/** Lighthouse, once more when a run fails (on a loaded machine it sometimes loses the trace). */
async function runLighthouse(
  url: string,
  port: number,
  formFactor: 'mobile' | 'desktop',
): Promise<Omit<LighthouseFigures, 'desk' | 'page' | 'formFactor' | 'shifts'>> {
  try {
    return await runLighthouseOnce(url, port, formFactor);
  } catch (err) {
    process.stderr.write(
      `Lighthouse failed on ${url} (${formFactor}), trying again: ${String(err)}\n`,
    );
    return runLighthouseOnce(url, port, formFactor);
  }
}

async function runLighthouseOnce(
  url: string,
  port: number,
  formFactor: 'mobile' | 'desktop',
): Promise<Omit<LighthouseFigures, 'desk' | 'page' | 'formFactor' | 'shifts'>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      LIGHTHOUSE,
      url,
      `--port=${port}`,
      '--output=json',
      '--output-path=stdout',
      '--quiet',
      '--only-categories=performance,accessibility',
      // The session is the refresh cookie the desk's sign-in left in the browser.
      '--disable-storage-reset',
      ...(formFactor === 'desktop' ? ['--preset=desktop'] : []),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const lhr = JSON.parse(stdout) as {
    finalDisplayedUrl: string;
    categories: Record<string, { score: number | null }>;
    audits: Record<string, LighthouseAudit>;
  };
  const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname)
    throw new Error(`Lighthouse ended on ${lhr.finalDisplayedUrl}, not ${url}`);
  return {
    performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
    fcpMs: Math.round(audit('first-contentful-paint')),
    lcpMs: Math.round(audit('largest-contentful-paint')),
    tbtMs: Math.round(audit('total-blocking-time')),
    cls: Math.round(audit('cumulative-layout-shift') * 1000) / 1000,
    transferredKb: Math.round(audit('total-byte-weight') / 1024),
    shifted: shiftedOf(lhr.audits['layout-shifts']),
  };
}
