import { Browser, Page, Request } from 'playwright-core';
import { checkedReferral, uniqueName } from '../intake-fixtures';
import { addDays, chicagoToday } from '../support/api-factory';
import { AppInstance, TestDatabase } from '../support/app';
import { ApiClient, loginAdmin, staffWith } from '../support/http';
import {
  byLabel,
  byText,
  checkScreen,
  checkScreenEveryWidth,
  focusSettlesOn,
  launchChromium,
  newContext,
  pressByKeyboard,
  signInByKeyboard,
  startConsoleApp,
  tabTo,
  typeHere,
} from './console-harness';

/** `2027-03-02` → `03/02/2027`, as a day is typed. */
const typed = (day: string) => `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`;
/** `2027-03-02` → `Mar 2, 2027`, as the console shows a day. */
const shown = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-US', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });

/** Presses Shift+Tab until the focused control has these words (a control above the focus). */
async function shiftTabTo(page: Page, text: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Shift+Tab');
    const here = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      const id = a?.getAttribute('id');
      const label = id ? (document.querySelector(`label[for="${id}"]`)?.textContent ?? '') : '';
      return { text: (a?.innerText ?? '').trim(), label: label.trim() };
    });
    if (here.text === text || here.label === text) return;
  }
  throw new Error(`could not reach "${text}" with Shift+Tab on ${page.url()}`);
}

/** Waits until nothing on the page says it is loading. */
const settled = (page: Page) =>
  page.waitForFunction(
    () =>
      ![...document.querySelectorAll('main [role="status"]')].some((s) =>
        (s.textContent ?? '').startsWith('Loading'),
      ),
  );

/** The API requests the page sends, with the reason each states (null: none). */
function watchRequests(page: Page): { path: string; reason: string | null }[] {
  const seen: { path: string; reason: string | null }[] = [];
  page.on('request', (r: Request) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith('/api/v1/') || url.pathname.startsWith('/api/v1/auth/')) return;
    seen.push({ path: url.pathname + url.search, reason: r.headers()['x-access-reason'] ?? null });
  });
  return seen;
}

/**
 * After the class (CONSOLE.md screen 17), by keyboard: the intake desk records the court's
 * decision on a referral whose enrollment has ended (not on one still active), which closes the
 * record: the person is gone from search and registering them again says a closed record exists,
 * without naming or linking it. A supervisor who follows a link to the record is asked why, opens
 * it, sees "Closed record" on every tab (every request for it states the reason), records an
 * expungement order; leaving forgets the reason, and coming back asks again. The auditor sees the
 * opening on Disclosures. axe on each new screen and state.
 */
describe('Console: after the class — the court’s decision, closed records, disclosures', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;
  let intake: ApiClient;
  let supervisor: ApiClient;
  let auditor: ApiClient;
  const today = chicagoToday();
  const decidedOn = addDays(today, -2);
  /** A referral whose enrollment was withdrawn: the case is back with the court. */
  let ended: { participantId: string; referralId: string; lastName: string };
  /** An enrollment still active: no decision yet. */
  let active: { participantId: string; referralId: string };

  const enroll = async (lastName: string) => {
    const { participantId, referralId } = await checkedReferral(intake, { lastName });
    const res = await intake.post('/enrollments', {
      referralId,
      programCode: 'JOHNZ_SCHOOL',
      agreementSignedOn: today,
    });
    if (res.status !== 201) throw new Error(`enrolling: ${res.status} ${JSON.stringify(res.body)}`);
    return { participantId, referralId, enrollmentId: res.body.id as string, lastName };
  };

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startConsoleApp(db);
    browser = await launchChromium();
    const admin = await loginAdmin(app);
    [intake, supervisor, auditor] = await Promise.all([
      staffWith(app, admin, ['INTAKE']),
      staffWith(app, admin, ['SUPERVISOR']),
      staffWith(app, admin, ['AUDITOR']),
    ]);
    const e = await enroll(uniqueName('Rowan'));
    await intake
      .post(`/enrollments/${e.enrollmentId}/transitions`, { to: 'WITHDRAWN' })
      .expect(200);
    ended = e;
    active = await enroll(uniqueName('Avery'));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
  });

  it('intake: no decision while the enrollment is active; a dismissal closes the record, gone from search, said to exist at registration', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signInByKeyboard(page, app.url, intake.email);

    // While the enrollment is active the form is not offered, and the page says why.
    await page.goto(`${app.url}/participants/${active.participantId}?tab=referrals`);
    const activeSection = page.locator('section.court-decision');
    await activeSection
      .getByText('The court’s decision is recorded after the enrollment ends.')
      .waitFor();
    expect(await activeSection.innerText()).toMatch(/Record\s+Open/);
    expect(await page.getByRole('button', { name: 'Save decision' }).count()).toBe(0);
    await checkScreen(page, 'records-01-active-enrollment');

    // The ended one, found by the header's search box.
    await tabTo(page, byLabel('Find a participant'));
    await typeHere(page, ended.lastName);
    await page.keyboard.press('Enter');
    await page.getByText('1 participant found.').waitFor();
    await tabTo(page, byText(`${ended.lastName}, Pat`));
    await page.keyboard.press('Enter');
    await page.locator('#page-heading', { hasText: `Pat ${ended.lastName}` }).waitFor();
    const section = page.locator('section.court-decision');
    await section.getByText('No decision of the court has been recorded yet.').waitFor();
    expect(await section.innerText()).toContain('Withdrawn');
    await checkScreen(page, 'records-02-decision-form');

    // Nothing chosen: the error summary, focused, names both fields.
    await pressByKeyboard(page, 'Save decision');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Select the court’s decision');
    expect(await summary.innerText()).toContain('Enter the day the court decided');
    expect(
      await page.evaluate(() => document.activeElement?.classList.contains('error-summary')),
    ).toBe(true);
    await checkScreen(page, 'records-03-decision-refused');

    // The summary's first link leads to the decision; Space picks the first one, Dismissed.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      `disposition-${ended.referralId}`,
    );
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // Decided on
    await typeHere(page, typed(decidedOn));
    await page.keyboard.press('Tab'); // Court reference
    await typeHere(page, '2526-CR01234');
    await pressByKeyboard(page, 'Save decision');

    // Dismissed closes the record: the intake desk may no longer see it, and is told so, with
    // what was saved (focused).
    await page.locator('#page-heading', { hasText: 'This record is closed' }).waitFor();
    expect(await focusSettlesOn(page, 'record-closed-notice')).toBe('record-closed-notice');
    const notice = await page.locator('#record-closed-notice').innerText();
    expect(notice).toContain(`Dismissed, decided on ${shown(decidedOn)}`);
    expect(await page.locator('main').innerText()).toContain(
      'Only a supervisor or an auditor can open it',
    );
    expect(await page.locator('main').innerText()).not.toContain(ended.lastName);
    expect(await page.getByRole('radio').count()).toBe(0);
    await checkScreenEveryWidth(page, 'records-04-closed-for-intake');

    // As the API has it.
    const history = await supervisor
      .get(`/referrals/${ended.referralId}/dispositions`)
      .set('X-Access-Reason', 'AUDIT')
      .expect(200);
    expect(history.body).toMatchObject([
      {
        disposition: 'DISMISSED',
        decidedOn,
        courtReference: '2526-CR01234',
        recordedBy: intake.staffId,
      },
    ]);

    // Gone from search.
    await shiftTabTo(page, 'Find a participant');
    await typeHere(page, ended.lastName);
    await page.keyboard.press('Enter');
    await page.getByText('No participant matches.').waitFor();
    expect((await intake.get(`/participants?q=${ended.lastName}`).expect(200)).body.total).toBe(0);

    // Registering the person again: a closed record exists, with no link and no name.
    await pressByKeyboard(page, 'Register a participant');
    await page.locator('#page-heading', { hasText: 'Register a participant' }).waitFor();
    await tabTo(page, byLabel('First name'));
    await typeHere(page, 'Pat');
    await page.keyboard.press('Tab');
    await typeHere(page, ended.lastName);
    await page.keyboard.press('Tab');
    await typeHere(page, '05/05/1980');
    await pressByKeyboard(page, 'Register participant');
    const found = page.locator('#duplicate-notice');
    await found.getByRole('heading', { name: 'A closed record exists for this person' }).waitFor();
    expect(await focusSettlesOn(page, 'duplicate-notice')).toBe('duplicate-notice');
    expect(await found.locator('a').count()).toBe(0);
    expect(await found.innerText()).not.toContain(ended.lastName);
    expect(page.url()).toMatch(/\/participants\/new$/);
    await checkScreen(page, 'records-05-register-closed');
    await context.close();
  });

  it('supervisor: a link to the closed record asks why; opened, "Closed record" on every tab, each request states the reason; an expungement order; leaving forgets it', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signInByKeyboard(page, app.url, supervisor.email);
    const requests = watchRequests(page);

    // A link to the record (from an email, a bookmark): the API refuses it without a reason.
    await page.goto(`${app.url}/participants/${ended.participantId}`);
    await page.locator('#page-heading', { hasText: 'This record is closed' }).waitFor();
    await page.getByRole('group', { name: 'Why are you opening it?' }).waitFor();
    expect(await page.locator('main').innerText()).not.toContain(ended.lastName);
    expect(requests.every((r) => r.reason === null)).toBe(true);
    await checkScreenEveryWidth(page, 'records-06-why-open');

    // "Open record" with no reason: the summary, focused.
    await pressByKeyboard(page, 'Open record');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Select why you are opening this record');
    expect(
      await page.evaluate(() => document.activeElement?.classList.contains('error-summary')),
    ).toBe(true);
    await checkScreen(page, 'records-07-why-open-refused');

    // The link leads to the first reason, a court order; Space picks it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('access-reason');
    await page.keyboard.press('Space');
    const opening = requests.length;
    await pressByKeyboard(page, 'Open record');
    await page.locator('#page-heading', { hasText: `Pat ${ended.lastName}` }).waitFor();
    expect(await focusSettlesOn(page, 'closed-record-banner')).toBe('closed-record-banner');
    const banner = page.locator('#closed-record-banner');
    expect(await banner.innerText()).toContain('You opened it for: a court order.');
    const section = page.locator('section.court-decision');
    await section.getByText('Dismissed').first().waitFor();
    expect(await section.innerText()).toContain('Closed by the court’s decision');
    await checkScreenEveryWidth(page, 'records-08-opened');

    // Every tab shows the banner.
    const tabs: [string, string][] = [
      ['Enrollment', 'Withdrawn'],
      ['Attendance', ''],
      ['Ledger', ''],
      ['Contact and reminders', ''],
      ['History', ''],
    ];
    for (const [label, text] of tabs) {
      await pressByKeyboard(page, label);
      await page.locator('#tab-heading', { hasText: label }).waitFor();
      await banner.waitFor();
      if (text) await page.locator('main').getByText(text).first().waitFor();
      await settled(page);
      expect(await page.locator('main').innerText()).not.toMatch(/Could not load|is closed/);
      await checkScreen(page, `records-09-tab-${label.split(' ')[0].toLowerCase()}`);
    }
    // Back to the first tab (focus stays on the tab just pressed).
    await shiftTabTo(page, 'Referrals and eligibility');
    await page.keyboard.press('Enter');
    await page.locator('#tab-heading', { hasText: 'Referrals and eligibility' }).waitFor();
    await section.getByText('Closed by the court’s decision').first().waitFor();

    // The referral's own page is the record's too: it opens without asking again, with the
    // banner, and so does the way back.
    const caseNumber = (
      await supervisor.get(`/referrals/${ended.referralId}`).set('X-Access-Reason', 'AUDIT')
    ).body.caseNumber as string;
    await tabTo(page, byText(caseNumber));
    await page.keyboard.press('Enter');
    await page.locator('#page-heading', { hasText: 'Eligibility result' }).waitFor();
    await page.getByText('Eligible for diversion').waitFor();
    await banner.waitFor();
    await checkScreen(page, 'records-09-referral-page');
    await tabTo(page, byText(`Pat ${ended.lastName}`));
    await page.keyboard.press('Enter');
    await page.locator('#page-heading', { hasText: `Pat ${ended.lastName}` }).waitFor();
    await banner.waitFor();
    await section.getByText('Closed by the court’s decision').first().waitFor();

    // Each request for the record since it was opened stated the reason.
    const sinceOpened = requests.slice(opening);
    expect(sinceOpened.length).toBeGreaterThan(6);
    expect(sinceOpened.filter((r) => r.reason !== 'COURT_ORDER')).toEqual([]);
    // Nowhere but in memory: not in the address, not in the browser's storage.
    expect(page.url()).not.toMatch(/COURT_ORDER|reason/i);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);

    // An expungement order, after a confirmation: the record is closed for good.
    await tabTo(page, byLabel('Ordered on'));
    await typeHere(page, typed(addDays(today, -1)));
    await page.keyboard.press('Tab');
    await typeHere(page, '2616-CV00321');
    await pressByKeyboard(page, 'Review the order');
    const dialog = page.getByRole('dialog', { name: 'Record the expungement order?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('2616-CV00321');
    await checkScreen(page, 'records-10-expungement-confirm');
    await pressByKeyboard(page, 'Record the order');
    await section.getByText('Expungement order recorded').waitFor();
    await page.waitForFunction(() =>
      document.activeElement?.classList.contains('court-decision__saved'),
    );
    await section.getByText('Expunged by court order').first().waitFor();
    expect(await page.getByRole('button', { name: 'Save decision' }).count()).toBe(0);
    await banner.waitFor();
    await checkScreen(page, 'records-11-expunged');
    const record = await supervisor
      .get(`/participants/${ended.participantId}`)
      .set('X-Access-Reason', 'AUDIT')
      .expect(200);
    expect(record.body.recordStatus).toBe('EXPUNGED');

    // Leaving forgets the reason: nothing asked afterwards states it, and coming back asks again.
    const leaving = requests.length;
    await shiftTabTo(page, 'Home');
    await page.keyboard.press('Enter');
    await page.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();
    await page.goBack();
    await page.locator('#page-heading', { hasText: 'This record is closed' }).waitFor();
    await page.getByRole('group', { name: 'Why are you opening it?' }).waitFor();
    expect(await page.locator('main').innerText()).not.toContain(ended.lastName);
    expect(requests.slice(leaving).filter((r) => r.reason !== null)).toEqual([]);
    expect(requests.slice(leaving).some((r) => r.path.includes(ended.participantId))).toBe(true);
    await context.close();
  });

  it('auditor: the opening is on Disclosures — when, who, why, which record — with an empty period said so', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signInByKeyboard(page, app.url, auditor.email);
    await pressByKeyboard(page, 'Disclosures');
    await page.locator('#page-heading', { hasText: 'Disclosures' }).waitFor();
    const rows = page.locator('#disclosures-table tbody tr');
    await rows.first().waitFor();

    // As the API has it: the supervisor's openings of the record with a court order.
    const api = (
      await auditor.get(`/disclosures?participantId=${ended.participantId}&limit=100`).expect(200)
    ).body as { items: { id: string; actorId: string; reason: string; entityType: string }[] };
    const byCourtOrder = api.items.filter(
      (d) => d.actorId === supervisor.staffId && d.reason === 'COURT_ORDER',
    );
    expect(byCourtOrder.length).toBeGreaterThan(0);
    const directory = (await auditor.get('/staff/directory').expect(200)).body as {
      id: string;
      displayName: string;
    }[];
    const name = directory.find((s) => s.id === supervisor.staffId)!.displayName;
    const row = page.locator(`#disclosures-table tr[data-disclosure-id="${byCourtOrder[0].id}"]`);
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(name);
    expect(text).toContain('A court order');
    expect(text).toMatch(/Participant record|Referral|Enrollment|Ledger entry/);
    expect(text).toMatch(/C[SD]T/);
    // No one is named on the page.
    expect(await page.locator('main').innerText()).not.toContain(ended.lastName);
    await checkScreen(page, 'records-12-disclosures');

    // A period with no opening says so.
    await tabTo(page, byLabel('From'));
    await typeHere(page, '01/01/2020');
    await page.keyboard.press('Tab');
    await typeHere(page, '01/31/2020');
    await pressByKeyboard(page, 'Apply filters');
    await page.waitForURL(/from=2020-01-01/);
    await page.getByText('No closed record was opened in this period.').waitFor();
    expect(await rows.count()).toBe(0);
    await checkScreen(page, 'records-13-disclosures-empty');

    // A record on the list opens as any closed record does: by saying why.
    await pressByKeyboard(page, 'Clear filters');
    await rows.first().waitFor();
    await tabTo(page, byText('Participant record'));
    await page.keyboard.press('Enter');
    await page.locator('#page-heading', { hasText: 'This record is closed' }).waitFor();
    // Tab reaches the group's first reason; the arrows move to the fourth, an audit.
    await tabTo(page, byLabel('A court order'));
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('access-reason-AUDIT');
    await pressByKeyboard(page, 'Open record');
    await page.locator('#page-heading', { hasText: `Pat ${ended.lastName}` }).waitFor();
    expect(await page.locator('#closed-record-banner').innerText()).toContain(
      'You opened it for: an audit.',
    );
    await context.close();
  });
});
