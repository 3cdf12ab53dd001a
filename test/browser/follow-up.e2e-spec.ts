import { parse } from 'csv-parse/sync';
import { Browser, Page } from 'playwright-core';
import { ApiFactory, EnrollmentFixture } from '../support/api-factory';
import { AppInstance, TestDatabase } from '../support/app';
import {
  addDays,
  chicagoToday,
  followUpDueOn,
  FollowUpWorld,
  lastExitDueBy,
} from '../support/follow-up-world';
import { ApiClient, loginAdmin } from '../support/http';
import {
  byLabel,
  byText,
  checkScreen,
  focusSettlesOn,
  launchChromium,
  pressByKeyboard,
  startConsoleApp,
  tabTo,
  typeHere,
  downloadedText,
} from './console-harness';
import { Desks } from './desks';

const COUNTS = ['exits', 'checked', 'unableToCheck', 'newChargeSimilar', 'newChargeOther'] as const;
type Figures = Record<(typeof COUNTS)[number], number | null> & {
  similarRate: number | null;
  similarRateLow: number | null;
  similarRateHigh: number | null;
  suppressed: string[];
};

/** `2027-03-02` → `Mar 2, 2027`, as the console shows a day. */
const shown = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-US', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
/** `2027-03-02` → `03/02/2027`, as a day is typed. */
const typed = (day: string) => `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`;
/** What a rate's cell reads, worked out here from the API's proportions: "12% (8–17%)". */
const ratePlain = (rate: number, low: number, high: number) =>
  `${Math.round(rate * 100)}% (${Math.round(low * 100)}–${Math.round(high * 100)}%)`;

/**
 * Follow-up after exit at the intake desk, by keyboard: the home card opens the checks due, a
 * result is recorded (a day before the check fell due is refused first) and is then among the
 * recorded ones; the follow-up report shows the API's figures, hidden counts labelled as hidden
 * and explained, and its CSV downloaded by keyboard matches. axe at three widths on every screen
 * and state.
 */
describe('Console: follow-up after exit', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;
  let intake: ApiClient;
  let world: FollowUpWorld;
  const today = chicagoToday();
  // The exits the report covers: every 12-month check due, no 24-month one.
  const exitFrom = addDays(today, -700);
  const exitTo = addDays(today, -400);
  let dueA: EnrollmentFixture & { exitedOn: string };
  let dueB: EnrollmentFixture & { exitedOn: string };

  const record = async (enrollmentId: string, result: string) => {
    const res = await intake.post(`/enrollments/${enrollmentId}/follow-ups`, {
      months: 12,
      result,
      source: 'PROSECUTOR_RETURN',
      checkedOn: addDays(today, -3),
    });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  };

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startConsoleApp(db);
    browser = await launchChromium();
    const admin = await loginAdmin(app);
    const make = await ApiFactory.create(app, admin);
    world = new FollowUpWorld(db, make);
    intake = make.intake;

    // Two checks due for the desk: A's 12-month one, and both of B's.
    dueA = await world.exited({ on: lastExitDueBy(today, 12), programCode: 'JOHNZ_SCHOOL' });
    dueB = await world.exited({
      on: lastExitDueBy(today, 24),
      programCode: 'OAR',
      to: 'TERMINATED',
    });

    // The report's exits, each checked at 12 months: Johnz School withdrawn, 14 (3 of them with
    // a new similar charge), and The OAR Program terminated, 12 with no new charge.
    const plan = [
      ...[...Array(14).keys()].map((i) => ({
        programCode: 'JOHNZ_SCHOOL' as const,
        to: 'WITHDRAWN' as const,
        result: i < 3 ? 'NEW_CHARGE_SIMILAR' : 'NO_NEW_CHARGE',
      })),
      ...[...Array(12).keys()].map(() => ({
        programCode: 'OAR' as const,
        to: 'TERMINATED' as const,
        result: 'NO_NEW_CHARGE',
      })),
    ];
    for (let i = 0; i < plan.length; i += 4)
      await Promise.all(
        plan.slice(i, i + 4).map(async (p, j) => {
          const e = await world.exited({
            on: addDays(exitFrom, (i + j) * 11),
            programCode: p.programCode,
            to: p.to,
          });
          await record(e.enrollmentId, p.result);
        }),
      );
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
  });

  /** Each staff member's browser, signed in by keyboard the first time they are needed. */
  const desks = new Desks(
    () => browser,
    () => app.url,
  );
  const nameOf = (e: EnrollmentFixture) => `${e.firstName} ${e.lastName}`;
  /** A button by its words, the visually hidden ones included. */
  const button = (text: string) => (el: { text: string; tag: string }) =>
    el.text.replace(/\s+/g, ' ') === text && el.tag === 'button';
  const rowsOnScreen = async (page: Page, empty: string) => {
    const rows = page.locator('#follow-up-table tbody tr');
    await rows.or(page.getByText(empty)).first().waitFor();
    return rows.count();
  };

  it('from the home card to the checks due, a result recorded by keyboard, then seen recorded', async () => {
    // Signed in by keyboard: the home page.
    const page = await desks.pageOf(intake, 'desktop');

    // The card counts the checks due, both of them; its list shows exactly those.
    const card = page.locator('.usa-card', {
      has: page.getByRole('heading', { name: 'Follow-up checks due' }),
    });
    const count = Number(await card.locator('.work-card__count').innerText());
    const due = (await intake.get('/follow-ups?status=DUE').expect(200)).body;
    expect(count).toBe(3);
    expect(due.total).toBe(3);
    await tabTo(page, byText('Follow-up checks due'));
    await page.keyboard.press('Enter');
    await page.locator('#page-heading', { hasText: 'Follow-up checks due' }).waitFor();
    expect(await rowsOnScreen(page, 'No follow-up check is due.')).toBe(count);
    const table = await page.locator('#follow-up-table tbody').innerText();
    expect(table).toContain(nameOf(dueA));
    expect(table).toContain(shown(dueA.exitedOn));
    expect(table).toContain(shown(followUpDueOn(dueB.exitedOn, 24)));
    // Names and dates of birth are on the screen, never in the address.
    expect(page.url()).toMatch(/\/follow-ups\?status=DUE$/);
    expect(page.url()).not.toContain(dueA.lastName);
    await checkScreen(page, 'follow-up-01-due');

    // Only the 12-month checks: the second radio group, one arrow to the right, "Show checks".
    await tabTo(page, byLabel('12 and 24 months'));
    await page.keyboard.press('ArrowRight');
    await pressByKeyboard(page, 'Show checks');
    await page.waitForURL(/months=12/);
    await page.getByText('Showing 1–2 of 2 checks.').waitFor();
    expect(await rowsOnScreen(page, 'No follow-up check is due.')).toBe(2);

    // Record A's result. A day before the check fell due is refused, on its field.
    const dueOn = followUpDueOn(dueA.exitedOn, 12);
    await tabTo(page, button(`Record result for ${nameOf(dueA)}, 12-month check`));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Record the 12-month check' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(shown(dueA.exitedOn));
    await checkScreen(page, 'follow-up-02-record');
    // The dialog opens on its first control, the first result.
    await page.waitForFunction(() => document.activeElement?.id === 'fu-result');
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(
      true,
    );
    await page.keyboard.press('Space'); // No new charge
    await page.keyboard.press('Tab'); // Source
    await typeHere(page, 'Court');
    await page.keyboard.press('Tab'); // Checked on
    await page.keyboard.press('Control+A');
    await typeHere(page, typed(addDays(dueOn, -1)));
    await pressByKeyboard(page, 'Save result');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain(
      `The 12-month check fell due on ${shown(dueOn)}. Enter a day on or after it`,
    );
    expect(
      await page.evaluate(() => document.activeElement?.classList.contains('error-summary')),
    ).toBe(true);
    await checkScreen(page, 'follow-up-03-refused');
    expect((await world.resultsOf(dueA.enrollmentId)).n).toBe(0);

    // The summary's link leads to the field; today is a good day.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('fu-checked-on');
    await page.keyboard.press('Control+A');
    await typeHere(page, typed(today));
    await pressByKeyboard(page, 'Save result');
    expect(await focusSettlesOn(page, 'follow-up-saved')).toBe('follow-up-saved');
    const saved = await page.locator('#follow-up-saved').innerText();
    expect(saved).toContain('Result recorded');
    expect(saved).toContain(`${nameOf(dueA)}, 12-month check: No new charge`);
    await page.getByText('Showing 1–1 of 1 check.').waitFor();
    expect(await page.locator('#follow-up-table tbody').innerText()).not.toContain(nameOf(dueA));
    await checkScreen(page, 'follow-up-04-saved');

    // As the API has it: the latest result, as typed.
    const recorded = (
      await intake.get('/follow-ups?status=RECORDED&months=12&limit=100').expect(200)
    ).body.items as { enrollmentId: string; result: string; source: string; checkedOn: string }[];
    expect(recorded.find((r) => r.enrollmentId === dueA.enrollmentId)).toMatchObject({
      result: 'NO_NEW_CHARGE',
      source: 'COURT_RECORDS_SEARCH',
      checkedOn: today,
    });

    // The recorded checks: the first radio group, one arrow to the right, "Show checks".
    await tabTo(page, byLabel('Due, no result yet'));
    await page.keyboard.press('ArrowRight');
    await pressByKeyboard(page, 'Show checks');
    await page.locator('#page-heading', { hasText: 'Follow-up checks recorded' }).waitFor();
    const row = page.locator('#follow-up-table tbody tr', { hasText: nameOf(dueA) });
    await row.waitFor();
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain(
      `No new charge Court records search, checked ${shown(today)}`,
    );
    // 26 exits of the report checked through the API, and A.
    expect(await page.getByRole('status').filter({ hasText: 'checks.' }).innerText()).toBe(
      'Showing 1–27 of 27 checks.',
    );
    await checkScreen(page, 'follow-up-05-recorded');
  });

  it('the follow-up report shows the API’s figures, hidden counts as hidden and why', async () => {
    const page = await desks.pageOf(intake, 'desktop');
    await page.goto(app.url);
    await page.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();
    await pressByKeyboard(page, 'Reports');
    await page.locator('#page-heading', { hasText: 'Reports' }).waitFor();
    await pressByKeyboard(page, 'Follow-up');
    await page.locator('#page-heading', { hasText: 'Follow-up report' }).waitFor();

    await tabTo(page, byLabel('Exits from'));
    await page.keyboard.press('Control+A');
    await typeHere(page, typed(exitFrom));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await typeHere(page, typed(exitTo));
    await pressByKeyboard(page, 'Show report');
    await page.waitForURL(new RegExp(`exitFrom=${exitFrom}`));
    await page
      .getByRole('heading', { name: `12-month checks of the exits from ${shown(exitFrom)}` })
      .waitFor();

    const api = (
      await intake
        .get(`/reports/follow-up?exitFrom=${exitFrom}&exitTo=${exitTo}&months=12`)
        .expect(200)
    ).body as { rows: (Figures & { programCode: string; exitStatus: string })[]; totals: Figures };
    expect(api.totals.exits).toBe(26);

    const seen = { hidden: 0, counts: 0, rates: 0 };
    const compare = async (group: string, f: Figures) => {
      const tr = page.locator(`#follow-up-table tr[data-group="${group}"]`);
      for (const field of COUNTS) {
        const text = await tr.locator(`td[data-field="${field}"]`).innerText();
        if (f[field] === null) {
          expect(f.suppressed).toContain(field);
          expect(text).toBe('Hidden');
          seen.hidden++;
        } else {
          expect(text).toBe(f[field]!.toLocaleString('en-US'));
          if (f[field]! > 0) seen.counts++;
        }
      }
      const rate = await tr.locator('td[data-field="similarRate"]').innerText();
      if (f.similarRate !== null) {
        expect(rate).toBe(ratePlain(f.similarRate, f.similarRateLow!, f.similarRateHigh!));
        seen.rates++;
      } else expect(rate).toBe(f.checked === 0 ? '—' : 'Hidden');
    };
    for (const r of api.rows) await compare(`${r.programCode}/${r.exitStatus}`, r);
    await compare('totals', api.totals);
    // The 3 new similar charges are hidden, and the report still shows counts and a rate.
    expect(seen.hidden).toBeGreaterThan(0);
    expect(seen.counts).toBeGreaterThan(0);
    expect(seen.rates).toBeGreaterThan(0);
    const johnz = api.rows.find(
      (r) => r.programCode === 'JOHNZ_SCHOOL' && r.exitStatus === 'WITHDRAWN',
    )!;
    expect(johnz.newChargeSimilar).toBeNull();

    // Hidden is explained under the table; nothing says how small a hidden count is.
    const notes = await page.locator('#follow-up-notes').innerText();
    expect(notes).toContain('counts from 1 to 9 are hidden');
    expect(notes).toContain('worked out by subtraction');
    expect(await page.locator('main').innerText()).not.toMatch(/fewer than 10/i);

    // The chart draws the shown counts only: a hidden count has no bar (not a bar of 0).
    const chart = JSON.parse(
      (await page.locator('#follow-up-chart').getAttribute('data-chart')) ?? '{}',
    ) as { rows: Record<string, unknown>[] };
    const johnzBars = chart.rows.find((r) => r.group === 'JOHNZ_SCHOOL/WITHDRAWN')!;
    expect(johnzBars).not.toHaveProperty('newChargeSimilar');
    await checkScreen(page, 'follow-up-06-report');

    // The CSV is the report on screen: the same dates and check, the same hidden counts.
    await tabTo(page, byText('Download CSV'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.keyboard.press('Enter'),
    ]);
    expect(download.suggestedFilename()).toBe(`follow-up-12-months-${exitFrom}-${exitTo}.csv`);
    const csv = parse(await downloadedText(download), {
      columns: true,
      bom: true,
    }) as Record<string, string>[];
    expect(csv).toHaveLength(api.rows.length + 1);
    const johnzCsv = csv.find(
      (r) => r['Program code'] === 'JOHNZ_SCHOOL' && r['Exit code'] === 'WITHDRAWN',
    )!;
    expect(johnzCsv['Exits']).toBe(String(johnz.exits));
    expect(johnzCsv['New similar charge']).toBe('');
    expect(johnzCsv['Suppressed']).toContain('New similar charge');
  });
});
