import { Browser, BrowserContext, Page } from 'playwright-core';
import { createParticipant, createReferral, uniqueName } from '../intake-fixtures';
import { AppInstance, TestDatabase } from '../support/app';
import { ApiClient, loginAdmin, STAFF_PASSWORD, staffWith } from '../support/http';
import {
  byLabel,
  byText,
  checkScreen,
  launchChromium,
  newContext,
  startConsoleApp,
  tabTo,
  typeHere,
  signInByKeyboard,
} from './console-harness';

/**
 * The intake desk, by keyboard alone: sign in, find nobody, register, add a referral with its
 * "Check your answers" step, read the eligibility result, enroll, and see the fee on the ledger.
 * axe runs at three widths after every navigation.
 */
describe('Console: intake from sign-in to enrollment', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;
  let admin: ApiClient;
  let intake: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startConsoleApp(db);
    browser = await launchChromium();
    admin = await loginAdmin(app);
    intake = await staffWith(app, admin, ['INTAKE']);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
  });

  const signIn = (page: Page, email: string) => signInByKeyboard(page, app.url, email);

  async function pressButton(page: Page, text: string): Promise<void> {
    await tabTo(page, byText(text));
    await page.keyboard.press('Enter');
  }

  it('registers, refers, checks and enrolls a participant by keyboard alone', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const lastName = uniqueName('Okafor');

    await page.goto(app.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await checkScreen(page, 'intake-01-sign-in');
    await signIn(page, intake.email);
    await checkScreen(page, 'intake-02-home');
    expect(await page.title()).toBe('Home — Diversion case manager');

    // Find the person first, so nobody is registered twice.
    await tabTo(page, byLabel('Find a participant'));
    await typeHere(page, lastName);
    await page.keyboard.press('Enter');
    await page.getByText('No participant matches.').waitFor();
    await checkScreen(page, 'intake-03-search-nobody');

    await pressButton(page, 'Register a participant');
    await page.locator('#page-heading', { hasText: 'Register a participant' }).waitFor();

    // Submitting nothing shows the error summary, focused, with links to the fields.
    await pressButton(page, 'Register participant');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(
      await page.evaluate(() => document.activeElement?.classList.contains('error-summary')),
    ).toBe(true);
    expect(await summary.innerText()).toContain('Enter the first name');
    await checkScreen(page, 'intake-04-register-errors');

    // The summary's first link takes focus to its field.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('firstName');
    await typeHere(page, 'Daniel');
    await tabTo(page, byLabel('Last name'));
    await typeHere(page, lastName);
    await tabTo(page, byLabel('Date of birth'));
    await typeHere(page, '04/28/1986');
    await pressButton(page, 'Register participant');
    await page.locator('#page-heading', { hasText: `Daniel ${lastName}` }).waitFor();
    await page.getByText('No referral has been recorded for this participant.').waitFor();
    await checkScreen(page, 'intake-05-participant');
    expect(await page.title()).toBe('Participant record — Diversion case manager');
    expect(page.url()).not.toContain(lastName);

    // New referral: the court case, the screening questions, then "Check your answers".
    await pressButton(page, 'Add a referral');
    await page.locator('#page-heading', { hasText: 'New referral' }).waitFor();
    await checkScreen(page, 'intake-06-referral-form');
    const caseNumber = `2026-CR-${Date.now() % 100000}`;
    // The court is picked from the list an administrator keeps (type-ahead on the select).
    await tabTo(page, byLabel('Court'));
    await page.keyboard.type('Kansas City');
    for (const [label, value] of [
      ['Case number', caseNumber],
      ['Referring agency', 'KCPD Vice Unit'],
      ['Offense date', '03/14/2026'],
      ['Charge', 'RSMo 567.030'],
    ]) {
      await tabTo(page, byLabel(label));
      await typeHere(page, value);
    }
    await tabTo(page, byLabel('Offense class'));
    await page.keyboard.type('Class B');
    // Radio groups: Tab reaches the group, arrow keys choose (Yes → No).
    await tabTo(page, (el) => el.label === 'Yes' && el.tag === 'input');
    await page.keyboard.press('ArrowDown'); // Was a minor involved? No
    await tabTo(page, byLabel('Prior prostitution-related convictions'));
    await typeHere(page, '0');
    for (let i = 0; i < 4; i++) {
      await tabTo(page, (el) => el.label === 'Yes' && el.tag === 'input');
      await page.keyboard.press('ArrowDown'); // No
    }
    await pressButton(page, 'Continue');
    await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
    const answers = await page.locator('.summary-list').innerText();
    expect(answers).toContain(caseNumber);
    expect(answers).toMatch(/Court\s+Kansas City Municipal Court/);
    expect(answers).toContain('Mar 14, 2026');
    expect(answers).toMatch(/Was a minor involved\?\s+No/);
    await checkScreen(page, 'intake-07-check-answers');

    await pressButton(page, 'Save and check eligibility');
    await page.locator('#page-heading', { hasText: 'Eligibility result' }).waitFor();
    await page.getByRole('heading', { name: 'Eligible for diversion' }).waitFor();
    const rules = page.locator('.rules-table tbody tr');
    expect(await rules.count()).toBe(9);
    expect(await page.locator('.rule-result--fail').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('MO-2026.1');
    await checkScreen(page, 'intake-08-eligible');

    // Both programs are offered, each with its fee and sessions.
    const programs = (await intake.get('/programs')).body as {
      code: string;
      name: string;
      feeCents: number;
    }[];
    const johnz = programs.find((p) => p.code === 'JOHNZ_SCHOOL')!;
    expect(await page.getByRole('link', { name: 'Enroll in The OAR Program' }).count()).toBe(1);
    await pressButton(page, `Enroll in ${johnz.name}`);
    await page.locator('#page-heading', { hasText: `Enroll in ${johnz.name}` }).waitFor();
    await checkScreen(page, 'intake-09-enroll');
    await pressButton(page, `Enroll in ${johnz.name}`);

    await page.getByRole('heading', { name: 'Enrollment', level: 2 }).waitFor();
    await page.locator('.key-details').getByText('Active').waitFor();
    await checkScreen(page, 'intake-10-enrollment');

    await pressButton(page, 'Ledger');
    await page.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();
    const dollars = `$${(johnz.feeCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    const feeRow = page.locator('.ledger-table tbody tr').first();
    expect(await feeRow.innerText()).toContain('Fee');
    expect(await feeRow.innerText()).toContain(dollars);
    await checkScreen(page, 'intake-11-ledger');

    // What the console did is what the database holds.
    const [row] = await db.query(
      `SELECT e.status, l.kind, l.amount_cents::int AS amount
         FROM enrollments e JOIN participants p ON p.id = e.participant_id
         JOIN ledger_entries l ON l.enrollment_id = e.id
        WHERE p.last_name = $1`,
      [lastName],
    );
    expect(row).toEqual({ status: 'ACTIVE', kind: 'FEE', amount: johnz.feeCents });

    // Nothing personal is kept in the browser's storage.
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    await context.close();
  });

  it('links a duplicate registration to the existing record and saves nothing', async () => {
    const existing = await createParticipant(intake, {
      firstName: 'Maria',
      dateOfBirth: '1979-11-02',
    });
    const context = await newContext(browser, 'tablet');
    const page = await context.newPage();
    await signIn(page, intake.email);
    await page.goto(`${app.url}/participants/new`);
    await page.locator('#page-heading', { hasText: 'Register a participant' }).waitFor();
    await tabTo(page, byLabel('First name'));
    await typeHere(page, 'Maria');
    await tabTo(page, byLabel('Last name'));
    await typeHere(page, existing.lastName);
    await tabTo(page, byLabel('Date of birth'));
    await typeHere(page, '11/02/1979');
    await pressButton(page, 'Register participant');
    await page.getByRole('heading', { name: 'This person may already be registered' }).waitFor();
    await checkScreen(page, 'intake-12-duplicate');

    await pressButton(page, 'Open the existing record');
    await page.locator('#page-heading', { hasText: `Maria ${existing.lastName}` }).waitFor();
    expect(page.url()).toContain(`/participants/${existing.id}`);
    const [{ n }] = await db.query(
      'SELECT count(*)::int AS n FROM participants WHERE last_name = $1',
      [existing.lastName],
    );
    expect(n).toBe(1);
    await context.close();
  });

  it('shows an ineligible result with the Children’s Division alert and no way to enroll', async () => {
    const p = await createParticipant(intake);
    const r = await createReferral(intake, p.id, {
      minorInvolved: 'YES',
      offenseClass: 'A_MISDEMEANOR',
    });
    await intake.post(`/referrals/${r.id}/eligibility-checks`).expect(201);

    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    await signIn(page, intake.email);
    await page.goto(`${app.url}/referrals/${r.id}`);
    await page.getByRole('heading', { name: 'Not eligible for diversion' }).waitFor();
    await page.getByRole('heading', { name: "Report to Children's Division required" }).waitFor();
    const failed = await page
      .locator('.rules-table tbody tr', { has: page.locator('.rule-result--fail') })
      .allInnerTexts();
    expect(failed.join('\n')).toContain('MINOR_INVOLVED');
    expect(failed.join('\n')).toContain('CHARGE_NOT_ELIGIBLE');
    // A rule that passes shows no code (it would read as a failure); its words say why.
    const passed = await page
      .locator('.rules-table tbody tr', { has: page.locator('.rule-result--pass') })
      .allInnerTexts();
    expect(passed.length).toBeGreaterThan(0);
    expect(passed.join('\n')).not.toMatch(/\b[A-Z]+(_[A-Z]+)+\b/);
    expect(failed.join('\n')).toContain('a Class A misdemeanor, not a Class B misdemeanor');
    expect(await page.getByText(/^Enroll in/).count()).toBe(0);
    expect(await page.locator('a[href*="/enroll"]').count()).toBe(0);
    await checkScreen(page, 'intake-13-ineligible');

    // Even by address, the enroll page offers no way to enroll an ineligible referral.
    await page.goto(`${app.url}/referrals/${r.id}/enroll?program=OAR`);
    await page.locator('#page-heading', { hasText: 'This referral cannot be enrolled' }).waitFor();
    expect(await page.getByRole('button', { name: /Enroll/ }).count()).toBe(0);
    expect(
      await page
        .locator('form')
        .filter({ has: page.getByLabel('Date the agreement was signed') })
        .count(),
    ).toBe(0);
    await checkScreen(page, 'intake-14-enroll-refused');
    const [{ n }] = await db.query(
      'SELECT count(*)::int AS n FROM enrollments WHERE referral_id = $1',
      [r.id],
    );
    expect(n).toBe(0);
    await context.close();
  });

  it('warns after 13 idle minutes, signs out at 15, and resumes the open form without losing it', async () => {
    const context: BrowserContext = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await page.clock.install();
    await signIn(page, intake.email);
    await page.goto(`${app.url}/participants/new`);
    await page.locator('#page-heading', { hasText: 'Register a participant' }).waitFor();
    await tabTo(page, byLabel('First name'));
    await typeHere(page, 'Half-typed');

    await page.clock.fastForward('13:01');
    await page.getByRole('heading', { name: 'You will be signed out soon' }).waitFor();
    await checkScreen(page, 'intake-15-idle-warning');

    await page.clock.fastForward('02:00');
    await page.getByRole('heading', { name: 'You were signed out' }).waitFor();
    // The page is hidden while signed out, and the server session is over.
    expect(await page.locator('.session-ended').count()).toBe(1);
    const refreshAfterSignOut = await page.evaluate(() =>
      fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Session-Transport': 'cookie' },
        body: '{}',
      }).then((r) => r.status),
    );
    expect(refreshAfterSignOut).toBe(401);
    await checkScreen(page, 'intake-16-signed-out-dialog');

    // The dialog has the email already; the password and the button are reached by keyboard.
    await tabTo(page, byLabel('Password'));
    await typeHere(page, STAFF_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'You were signed out' }).waitFor({ state: 'hidden' });
    expect(await page.inputValue('#firstName')).toBe('Half-typed');
    expect(await page.locator('.session-ended').count()).toBe(0);
    // …and the kept form is sent as it is, under the new session.
    const lastName = uniqueName('Resumed');
    await page.locator('#lastName').fill(lastName);
    await page.locator('#dateOfBirth').fill('01/02/1980');
    await page.getByRole('button', { name: 'Register participant' }).click();
    await page.locator('#page-heading', { hasText: `Half-typed ${lastName}` }).waitFor();
    await context.close();
  });
});
