import axe from 'axe-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, Download, Page, Route } from 'playwright-core';
import { AppInstance, startApp, TestDatabase } from '../support/app';
import { ApiClient, STAFF_PASSWORD } from '../support/http';
import { checkedReferral, today, uniqueName } from '../intake-fixtures';

const ROOT = resolve(__dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, '.screenshots');

export const SIZES = {
  desktop: { width: 1280, height: 800 },
  tablet: { width: 768, height: 1024 },
  phone: { width: 390, height: 844 },
} as const;
export type SizeName = keyof typeof SIZES;

export { launchChromium } from '../support/chromium';

// A journey through a desk is many screens at a person's pace; on a loaded machine one has
// taken more than the run's 120 s. A time limit, not a timing claim.
jest.setTimeout(300_000);

/** A server with the built console, on its own database. */
export async function startConsoleApp(
  db: TestDatabase,
  env: Record<string, string> = {},
): Promise<AppInstance> {
  return startApp(db, { CONSOLE_DIR: join(ROOT, 'web', 'dist'), ...env });
}

export async function newContext(
  browser: Browser,
  size: SizeName = 'desktop',
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: SIZES[size],
    timezoneId: 'Europe/Berlin', // not Chicago: dates must still be shown in Chicago time
    locale: 'en-US',
    reducedMotion: 'reduce',
  });
  // Waits are for a person's pace on a loaded machine, not a timing claim.
  context.setDefaultTimeout(60_000);
  return context;
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe on the page as it is now; fails with each violation's rule and nodes. axe-core is put in
 * the page once (the console navigates without reloading) and asked for violations only, not
 * the passes it would otherwise describe.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const found = await page.evaluate(async (tags) => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const result = await run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
    );
  }, AXE_TAGS);
  if (found.length)
    throw new Error(`axe found ${found.length} violation(s) on ${where}:\n${found.join('\n')}`);
}

/** Screenshots of every checked screen are written when asked for (`SCREENSHOTS=1`). */
const ALL_SCREENSHOTS = process.env.SCREENSHOTS === '1';

/**
 * The screen a URL shows: its path with ids as `:id`, and the query values that choose what is
 * shown (`tab=ledger`, `filter=NOT_ELIGIBLE`), not those that page or date it.
 */
export function screenOf(url: string): string {
  const u = new URL(url);
  const path = u.pathname
    .split('/')
    .map((part) => (/^[0-9a-f-]{36}$/i.test(part) || /^\d+$/.test(part) ? ':id' : part))
    .join('/');
  const choices = [...u.searchParams]
    .filter(([, value]) => /^[A-Za-z_]{1,40}$/.test(value))
    .map(([key, value]) => `${key}=${value}`)
    .sort();
  return choices.length ? `${path}?${choices.join('&')}` : path;
}

/**
 * Whether this screen is seen for the first time in the run: the set-up gives every test file
 * one folder (`TEST_SCREENS_DIR`), and the first file to check a screen claims its name there.
 */
function firstLookAt(screen: string): boolean {
  const dir = process.env.TEST_SCREENS_DIR;
  if (!dir) return true;
  try {
    writeFileSync(join(dir, encodeURIComponent(screen)), '', { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The check after every navigation. The first time a screen is seen in the run (see
 * `screenOf`), axe at 1280, 768 and 390 px wide (and, at 390, that stacked tables fit); a later
 * state of a screen already seen is checked at the width the test uses. A screenshot at that
 * width is written under .screenshots/ (git-ignored) when a check fails, so the failure can be
 * looked at, and of every width with `SCREENSHOTS=1`, for whoever changes a screen. The
 * viewport is put back afterwards.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await checkScreenAt(page, name, {});
}

/**
 * checkScreen at every width whether or not the screen was seen before: for a state that is a
 * screen of its own at an address already seen (a closed record where the record was).
 */
export async function checkScreenEveryWidth(page: Page, name: string): Promise<void> {
  await checkScreenAt(page, name, { everyWidth: true });
}

/**
 * checkScreen; with `reflows`, its look at 390 px (if it takes one) checks the reflow too; with
 * `everyWidth`, it looks at every width.
 */
async function checkScreenAt(
  page: Page,
  name: string,
  opts: { reflows?: boolean; everyWidth?: boolean },
): Promise<{ reflowChecked: boolean }> {
  let reflowChecked = false;
  const original = page.viewportSize();
  // The sign-in form is shown at the address it was asked for (the home page's, mostly): a
  // screen of its own.
  const signedOut = await page.getByRole('heading', { name: 'Sign in', exact: true }).count();
  const everyWidth =
    firstLookAt(screenOf(page.url()) + (signedOut ? ' (sign-in)' : '')) ||
    ALL_SCREENSHOTS ||
    !!opts.everyWidth;
  const current = original ?? SIZES.desktop;
  const widths: [string, { width: number; height: number }][] = everyWidth
    ? Object.entries(SIZES)
    : [[Object.entries(SIZES).find(([, v]) => v.width === current.width)?.[0] ?? 'now', current]];
  for (const [size, viewport] of widths) {
    if (everyWidth) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(50);
    }
    const shot = () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      return page.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`), fullPage: true });
    };
    try {
      await expectAccessible(page, `${name} at ${viewport.width} px`);
      if (size === 'phone') await expectStackedTablesFit(page, name);
      if (size === 'phone' && opts.reflows) {
        await expectReflow(page, name);
        reflowChecked = true;
      }
    } catch (err) {
      await shot().catch(() => undefined);
      throw err;
    }
    if (ALL_SCREENSHOTS) await shot();
  }
  if (original && everyWidth) await page.setViewportSize(original);
  return { reflowChecked };
}

/**
 * On a phone a stacked table reads top to bottom: none may need a sideways scroll, which would
 * cut its text at the screen's edge.
 */
async function expectStackedTablesFit(page: Page, name: string): Promise<void> {
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('.usa-table-container--scrollable')]
      .filter((c) => c.querySelector('.usa-table--stacked'))
      .filter((c) => c.scrollWidth > c.clientWidth + 1)
      .map((c) => {
        // The element that sticks out furthest, to say what does not wrap.
        const right = c.getBoundingClientRect().left + c.clientWidth;
        let worst: Element | null = null;
        for (const el of c.querySelectorAll('*'))
          if (
            el.getBoundingClientRect().right > right + 1 &&
            (!worst || el.getBoundingClientRect().right > worst.getBoundingClientRect().right)
          )
            worst = el;
        const what = worst
          ? `${worst.tagName.toLowerCase()}.${[...worst.classList].join('.')} "${(worst.textContent ?? '').slice(0, 40)}"`
          : '';
        return `${c.getAttribute('aria-label')}: ${c.scrollWidth} px in ${c.clientWidth} px (${what})`;
      }),
  );
  if (wide.length)
    throw new Error(`${name} at 390 px: stacked tables do not fit: ${wide.join('; ')}`);
}

/**
 * checkScreen, and at 390 px nothing scrolls sideways but what is meant to (a wide table): seen
 * in checkScreen's own look at 390 px when it takes one, else at 390 px for the moment.
 */
export async function checkScreenReflows(page: Page, name: string): Promise<void> {
  const { reflowChecked } = await checkScreenAt(page, name, { reflows: true });
  if (reflowChecked) return;
  const original = page.viewportSize()!;
  await page.setViewportSize(SIZES.phone);
  await page.waitForTimeout(100);
  await expectReflow(page, name);
  await page.setViewportSize(original);
}

async function expectReflow(page: Page, name: string): Promise<void> {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > 390) throw new Error(`${name} is ${wide} px wide at 390 px: it does not reflow`);
}

/** Presses Tab until the focused element matches, like a keyboard user looking for a control. */
export async function tabTo(
  page: Page,
  matches: (el: { text: string; label: string; tag: string }) => boolean,
  max = 80,
): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      if (!a) return { text: '', label: '', tag: '' };
      const id = a.getAttribute('id');
      const label = id ? (document.querySelector(`label[for="${id}"]`)?.textContent ?? '') : '';
      return {
        text: (a.innerText || (a as HTMLInputElement).value || '').trim(),
        label: (a.getAttribute('aria-label') ?? label).trim(),
        tag: a.tagName.toLowerCase(),
      };
    });
    if (matches(el)) return;
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'FAILED-tab-to.png'), fullPage: true });
  throw new Error(
    `could not reach the control with Tab on ${page.url()} (see .screenshots/FAILED-tab-to.png)`,
  );
}

export const byText = (text: string) => (el: { text: string }) => el.text === text;
export const byLabel = (label: string) => (el: { label: string }) => el.label.startsWith(label);

/** A participant enrolled through the API, as the intake desk would: referral, check, agreement. */
export async function enrollThroughApi(
  intake: ApiClient,
  lastNamePrefix: string,
  programCode: 'JOHNZ_SCHOOL' | 'OAR' = 'JOHNZ_SCHOOL',
  /** The agreement's signing day, the enrollment day (default today). */
  agreementSignedOn: string = today(),
): Promise<{ participantId: string; enrollmentId: string; lastName: string }> {
  const lastName = uniqueName(lastNamePrefix);
  const { participantId, referralId } = await checkedReferral(intake, { lastName });
  const res = await intake.post('/enrollments', {
    referralId,
    programCode,
    agreementSignedOn,
  });
  if (res.status !== 201) throw new Error(`enrolling: ${res.status} ${JSON.stringify(res.body)}`);
  return { participantId, enrollmentId: res.body.id, lastName };
}

/** Signs in as a keyboard user would: Tab to Email, type, Tab, type the password, Enter. */
export async function signInByKeyboard(
  page: Page,
  consoleUrl: string,
  email: string,
  password: string = STAFF_PASSWORD,
): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await tabTo(page, byLabel('Email'));
  await typeHere(page, email);
  await page.keyboard.press('Tab');
  await typeHere(page, password);
  await page.keyboard.press('Enter');
  await page.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();
}

/** Tabs to the button or link with exactly these words and presses Enter on it. */
export async function pressByKeyboard(page: Page, text: string): Promise<void> {
  // A person looks for the control once the screen shows it: on a loaded machine a screen's
  // heading can be there well before the data that brings its buttons, and Tab would pass by first.
  await page
    .getByText(text, { exact: true })
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 })
    .catch(() => undefined);
  await tabTo(page, byText(text));
  await page.keyboard.press('Enter');
}

/** Types into the focused field (the user reached it with Tab). */
export async function typeHere(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 0 });
}

/**
 * Presses Enter on the focused control and returns the PDF it OPENS in a new tab (the console
 * opens PDFs, it does not save them to the Downloads folder of a shared desk): the tab and the
 * file's bytes. The tests drive Chromium's headless shell, which has no PDF viewer: the new tab,
 * sent to a blob URL of the console's origin holding a PDF, hands the file to its download
 * manager instead of showing it (a desktop Chromium shows it there). So the check is: a new tab
 * opens, it goes to a blob of the console's origin, what it holds is a PDF (named `.pdf` from its
 * type, starting `%PDF-`) and is exactly the API's answer, and the desk's own page saves nothing.
 * The API answer the press fetched is passed through a route that keeps a copy of its bytes.
 */
export async function pdfOpenedByEnter(page: Page): Promise<{ tab: Page; bytes: Buffer }> {
  const savedByDesk: string[] = [];
  const onDownload = (d: { suggestedFilename(): string }) =>
    savedByDesk.push(d.suggestedFilename());
  let bytes: Buffer | undefined;
  const isPdf = (url: URL) => /^\/api\/v1\/.+\.pdf$/.test(url.pathname);
  const keepCopy = async (route: Route) => {
    const answer = await route.fetch();
    if (answer.ok()) bytes = await answer.body();
    await route.fulfill({ response: answer });
  };
  page.on('download', onDownload);
  await page.route(isPdf, keepCopy);
  try {
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.keyboard.press('Enter'),
    ]);
    const shown = await tab.waitForEvent('download');
    const origin = new URL(page.url()).origin;
    expect(shown.url().startsWith(`blob:${origin}/`)).toBe(true);
    expect(shown.suggestedFilename()).toMatch(/\.pdf$/);
    const held = await downloadedBytes(shown);
    expect(held.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (savedByDesk.length) throw new Error(`the PDF was also saved: ${savedByDesk.join(', ')}`);
    if (!bytes) throw new Error('the PDF opened without an API answer');
    expect(held.equals(bytes)).toBe(true);
    return { tab, bytes };
  } finally {
    page.off('download', onDownload);
    await page.unroute(isPdf, keepCopy);
  }
}

/**
 * The id of the element that has focus once the page has settled (a success panel focuses its
 * heading on the next tick): waits up to 2 s for `id`, then answers what has focus.
 */
export async function focusSettlesOn(page: Page, id: string): Promise<string | undefined> {
  await page
    .waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 2_000 })
    .catch(() => undefined);
  return page.evaluate(() => document.activeElement?.id);
}

/**
 * What a download holds, as text. The run's Chromium is shared (the tests connect to it), so a
 * download is read as a stream: `download.path()` is only there for a browser launched here.
 */
export async function downloadedText(download: Download): Promise<string> {
  return (await downloadedBytes(download)).toString('utf8');
}

/** What a download holds (read as a stream, as `downloadedText`). */
export async function downloadedBytes(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
