import { randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  checkedReferral,
  createParticipant,
  createReferral,
  today,
  uniqueName,
} from '../intake-fixtures';
import { ApiFactory, chicagoDaysAgo as daysAgo } from '../support/api-factory';
import { AppInstance, TestDatabase } from '../support/app';
import { FollowUpWorld, lastExitDueBy } from '../support/follow-up-world';
import { ApiClient, loginAdmin, STAFF_PASSWORD, staffWith } from '../support/http';
import {
  byLabel,
  byText,
  checkScreen,
  launchChromium,
  newContext,
  pressByKeyboard,
  signInByKeyboard,
  SIZES,
  startConsoleApp,
  tabTo,
  typeHere,
} from './console-harness';
import { Desks } from './desks';

const LABELS: Record<string, string> = {
  referralsAwaitingCheck: 'Referrals waiting for a check',
  eligibleNotEnrolled: 'Eligible, not enrolled',
  enrolledWithoutSeat: 'Enrolled without a seat',
  mySessionsToday: 'My sessions today',
  paymentsToday: 'Payments today',
  balancesOver90: 'Balances over 90 days',
  waiverRequestsWaiting: 'Waiver requests waiting',
  reversalRequestsWaiting: 'Reversal requests waiting',
  sessionsWithoutAttendance: 'Sessions with no attendance recorded',
  enrollmentsPastDeadline: 'Enrollments past their deadline',
  recentActivity: 'Recent activity',
  followUpsDue: 'Follow-up checks due',
};

const session = (startsAt: Date, facilitatorId: string) => ({
  programCode: 'OAR',
  startsAt: startsAt.toISOString(),
  endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
  location: 'Room 204, 1125 Locust St',
  capacity: 20,
  facilitatorId,
  topic: 'Impact on the community',
});

/** The rows of the list on screen, once it has loaded (or its words for an empty list). */
async function rows(page: Page, table: string, empty: string): Promise<number> {
  const list = page.locator(`${table} tbody tr`);
  await list.or(page.getByText(empty)).first().waitFor();
  return list.count();
}

/** "Showing 1–50 of 1,234 events." → 1234. */
async function showingTotal(page: Page, noun: string): Promise<number> {
  const status = page.getByRole('status').filter({ hasText: `${noun}.` });
  const text = await status.innerText();
  const m = new RegExp(`of ([\\d,]+) ${noun}`).exec(text);
  return m ? Number(m[1].replace(/,/g, '')) : 0;
}

/** Where each card's list is, and how it shows the card's count. */
const LISTS: Record<string, { heading: string; shows: (page: Page) => Promise<number> }> = {
  referralsAwaitingCheck: {
    heading: 'Referrals waiting for a check',
    shows: (page) => rows(page, 'main', 'Nothing is waiting here.'),
  },
  eligibleNotEnrolled: {
    heading: 'Eligible, not enrolled',
    shows: (page) => rows(page, 'main', 'Nothing is waiting here.'),
  },
  enrolledWithoutSeat: {
    heading: 'Enrolled without a seat',
    shows: (page) => rows(page, 'main', 'Nothing is waiting here.'),
  },
  mySessionsToday: {
    heading: 'My sessions today',
    shows: async (page) => {
      const cards = page.locator('main .my-sessions > li');
      await cards.or(page.getByText('You have no session today.')).first().waitFor();
      return cards.count();
    },
  },
  paymentsToday: {
    heading: 'Payments received',
    shows: (page) => rows(page, 'main', 'No payment was received on this day.'),
  },
  balancesOver90: {
    heading: 'Balances report',
    // The list itself holds only the enrollments over 90 days: its count of balances.
    shows: async (page) => {
      const n = page.locator('#balances-count .balances-count__n');
      return Number((await n.innerText()).replace(/,/g, ''));
    },
  },
  waiverRequestsWaiting: {
    heading: 'Approvals',
    // The waivers' table only: the reversal requests have their own beside it.
    shows: (page) =>
      rows(page, '.approvals-table:not(.reversals-table)', 'No waiver request is waiting.'),
  },
  reversalRequestsWaiting: {
    heading: 'Approvals',
    shows: (page) => rows(page, '.reversals-table', 'No reversal request is waiting.'),
  },
  sessionsWithoutAttendance: {
    heading: 'Sessions with no attendance recorded',
    shows: (page) =>
      rows(page, 'main', 'Every session that took place has its attendance recorded.'),
  },
  enrollmentsPastDeadline: {
    heading: 'Enrollments past their deadline',
    shows: (page) => rows(page, 'main', 'Nothing is waiting here.'),
  },
  recentActivity: {
    heading: 'Audit trail',
    // The events since the time the card counted from (not since a whole day).
    shows: async (page) => {
      await page.getByRole('heading', { name: /^Events since \w{3} \d+, \d{4}, / }).waitFor();
      return showingTotal(page, 'events');
    },
  },
  followUpsDue: {
    heading: 'Follow-up checks due',
    shows: (page) => rows(page, 'main', 'No follow-up check is due.'),
  },
};

/**
 * The intake desk, by keyboard: the home page's work queue of every role with the API's counts,
 * each card followed to its list; finding a participant by name, date of birth or case number;
 * sign in, find nobody, register, add a referral with its "Check your answers" step, read the
 * eligibility result, enroll and see the fee on the ledger; an ineligible result; a registration
 * of someone on record (the same person, a close spelling; a supervisor registers anyway with a
 * reason); the idle sign-out that keeps the open form. One server; one browser per staff member,
 * signed in by keyboard once (the idle test has its own, with a clock). axe at three widths on
 * each new screen, later states at the width in use.
 */
describe('Console: the intake desk and the work queue', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;
  let admin: ApiClient;
  let intake: ApiClient;
  let supervisor: ApiClient;
  let everyone: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startConsoleApp(db);
    browser = await launchChromium();
    admin = await loginAdmin(app);
    [intake, supervisor, everyone] = await Promise.all([
      staffWith(app, admin, ['INTAKE']),
      staffWith(app, admin, ['SUPERVISOR']),
      staffWith(app, admin, ['INTAKE', 'FACILITATOR', 'FINANCE', 'SUPERVISOR', 'AUDITOR']),
    ]);
    // Two referrals waiting for a check, one eligible and not enrolled, one enrolled without a seat.
    for (let i = 0; i < 2; i++)
      await createReferral(everyone, (await createParticipant(everyone)).id);
    await checkedReferral(everyone);
    const enrolled = await checkedReferral(everyone);
    await everyone
      .post('/enrollments', {
        referralId: enrolled.referralId,
        programCode: 'OAR',
        agreementSignedOn: '2026-02-01',
      })
      .expect(201);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
  });

  const desks = new Desks(
    () => browser,
    () => app.url,
  );
  const signIn = (page: Page, email: string) => signInByKeyboard(page, app.url, email);
  const press = pressByKeyboard;
  const pressButton = pressByKeyboard;
  const check = checkScreen;
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);

  /** The home page, signed in (where a desk is after signing in, or gone back to). */
  async function atHome(page: Page): Promise<void> {
    if (new URL(page.url()).pathname !== '/') await page.goto(app.url);
    await page.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();
  }

  // ---- the work queue (first: its counts are the database's as set up above) ----------------

  it('shows every card of every role with the API’s counts, each linking to its list', async () => {
    const page = await desks.pageOf(everyone, 'desktop');
    await atHome(page);
    await page.locator('.work-card__count').first().waitFor();
    // Read after the page has loaded: signing in is itself recent activity.
    const queue = (await everyone.get('/work-queue').expect(200)).body.cards as {
      key: string;
      count: number;
    }[];
    expect(queue.map((c) => c.key).sort()).toEqual(Object.keys(LABELS).sort());
    for (const card of queue) {
      const el = page.locator('.usa-card', {
        has: page.getByRole('heading', { name: LABELS[card.key] }),
      });
      expect(await el.locator('.work-card__count').innerText()).toBe(
        card.count.toLocaleString('en-US'),
      );
    }
    const counts = Object.fromEntries(queue.map((c) => [c.key, c.count]));
    expect(counts.referralsAwaitingCheck).toBe(2);
    expect(counts.eligibleNotEnrolled).toBe(1);
    expect(counts.enrolledWithoutSeat).toBe(1);
    await checkScreen(page, 'work-01-home-all-roles');
  });

  it('follows every card by keyboard to its list, which shows the card’s count', async () => {
    // Something behind every card: an enrollment of 400 days ago (a balance over 90 days, past
    // its deadline) seated in yesterday's session (ended, no attendance), a payment, a waiver
    // request on it today, a request to reverse another enrollment's fee, a session of this
    // facilitator today, and an enrollment that ended a year ago (its 12-month check due).
    const factory = await ApiFactory.create(app, admin);
    const old = await factory.enroll({ enrolledOn: daysAgo(400), programCode: 'OAR' });
    const yesterday = await everyone
      .post('/sessions', session(new Date(Date.now() - 26 * 3_600_000), everyone.staffId))
      .expect(201);
    await everyone
      .post(`/sessions/${yesterday.body.id}/seats`, {
        enrollmentId: old.enrollmentId,
        reason: 'Entered after the class',
      })
      .expect(201);
    // Noon in Chicago (11:30 or 12:30 whatever the season): today, never tomorrow.
    await everyone
      .post('/sessions', session(new Date(`${today()}T17:30:00Z`), everyone.staffId))
      .expect(201);
    await everyone
      .post(`/enrollments/${old.enrollmentId}/payments`, {
        amountCents: 2_500,
        method: 'CASH',
        receivedOn: today(),
      })
      .set('Idempotency-Key', randomUUID())
      .expect(201);
    await everyone
      .post(`/enrollments/${old.enrollmentId}/waiver-requests`, {
        amountCents: 1_000,
        reason: 'OTHER',
        note: 'Lost work in March.',
      })
      .expect(201);
    const assessedTwice = await factory.enroll({ programCode: 'OAR' });
    const fee = await factory.feeOf(assessedTwice.enrollmentId);
    const reversal = await factory.finance
      .post(`/ledger-entries/${fee.id}/reversal`)
      .send({ reason: 'Assessed twice' });
    expect([reversal.status, reversal.body.code]).toEqual([202, undefined]);
    await new FollowUpWorld(db, factory).exited({ on: lastExitDueBy(today(), 12) });

    const page = await desks.pageOf(everyone, 'desktop');
    const queue = (await everyone.get('/work-queue').expect(200)).body.cards as { key: string }[];
    for (const { key } of queue) {
      const list = LISTS[key];
      // Home afresh each time: its counts are read as they are now (following a card can itself
      // be recent activity).
      await page.goto(app.url);
      const card = page.locator('.usa-card', {
        has: page.getByRole('heading', { name: LABELS[key] }),
      });
      await card.locator('.work-card__count').waitFor();
      const count = Number((await card.locator('.work-card__count').innerText()).replace(/,/g, ''));
      if (key !== 'recentActivity') expect(count).toBeGreaterThan(0);

      await tabTo(page, byText(LABELS[key]));
      await page.keyboard.press('Enter');
      await page.locator('#page-heading', { hasText: list.heading }).waitFor();
      expect(await list.shows(page)).toBe(count);
      await checkScreen(page, `work-02-list-${key}`);
    }
    // The payments list opens the participant's ledger (through the enrollment).
    await page.goto(app.url);
    await tabTo(page, byText(LABELS.paymentsToday));
    await page.keyboard.press('Enter');
    await page.locator('#page-heading', { hasText: 'Payments received' }).waitFor();
    await tabTo(page, byText(`${old.firstName} ${old.lastName}`));
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Ledger', exact: true }).waitFor();
    expect(page.url()).toContain(`/participants/${old.participantId}?tab=ledger`);
    expect(await page.locator('#page-heading').innerText()).toContain(old.lastName);
    // Twelve cards, each list checked at three widths: longer than one screen's test.
  }, 300_000);

  it('finds people by name, date of birth or case number, with what tells two of one name apart', async () => {
    const first = await createParticipant(everyone, {
      firstName: 'Jordan',
      dateOfBirth: '1971-01-09',
    });
    const second = await createParticipant(everyone, {
      firstName: 'Jordan',
      lastName: first.lastName,
      dateOfBirth: '1990-06-30',
    });
    const referral = await createReferral(everyone, second.id, { caseNumber: 'KC-2026-TWIN-7' });
    await everyone.post(`/referrals/${referral.id}/eligibility-checks`).expect(201);
    await everyone
      .post('/enrollments', {
        referralId: referral.id,
        programCode: 'JOHNZ_SCHOOL',
        agreementSignedOn: '2026-03-01',
      })
      .expect(201);

    // On a phone.
    const page = await desks.pageOf(everyone, 'desktop');
    await page.setViewportSize(SIZES.phone);
    await atHome(page);
    const findBox = page.getByRole('searchbox', { name: 'Find a participant' });
    await findBox.fill(first.lastName);
    await findBox.press('Enter');
    // The count line says what was found; read it whole, so a failure shows what the page said.
    const found = page.getByText(/participants? found|No participant matches/);
    await found.waitFor({ timeout: 60_000 });
    expect(await found.innerText()).toBe('2 participants found.');
    const rows = await page.locator('tbody tr').allInnerTexts();
    expect(rows.find((r) => r.includes('Jan 9, 1971'))).toContain('Not enrolled');
    expect(rows.find((r) => r.includes('Jun 30, 1990'))).toMatch(
      /KC-2026-TWIN-7[\s\S]*Johnz School[\s\S]*Active/i,
    );
    expect(page.url()).not.toContain(first.lastName);
    // One search box on the search page, keeping the text that was searched.
    expect(await page.getByRole('searchbox').count()).toBe(1);
    expect(await page.getByRole('searchbox').inputValue()).toBe(first.lastName);
    await checkScreen(page, 'work-04-search-two-of-one-name');

    await page.getByLabel('Name, date of birth or case number').fill('06/30/1990');
    await page.getByRole('button', { name: 'Search' }).last().click();
    await page.getByText(/participants? found/).waitFor();
    expect(await page.locator('tbody').innerText()).toContain(`${first.lastName}, Jordan`);
    expect(await page.locator('tbody').innerText()).not.toContain('Jan 9, 1971');

    await page.getByLabel('Name, date of birth or case number').fill('KC-2026-TWIN-7');
    await page.getByRole('button', { name: 'Search' }).last().click();
    await page.getByText('1 participant found.').waitFor();
    expect(await page.locator('tbody').innerText()).toContain('Jun 30, 1990');
  });

  // ---- intake, from sign-in to enrollment -------------------------------------------------

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
    // The intake desk's browser, for the tests below.
    desks.keep(intake, context, page);
  });

  it('shows an ineligible result with the Children’s Division alert and no way to enroll', async () => {
    const p = await createParticipant(intake);
    const r = await createReferral(intake, p.id, {
      minorInvolved: 'YES',
      offenseClass: 'A_MISDEMEANOR',
    });
    await intake.post(`/referrals/${r.id}/eligibility-checks`).expect(201);

    // On a phone.
    const page = await desks.pageOf(intake, 'desktop');
    await page.setViewportSize(SIZES.phone);
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
  });

  it('lists the close matches of a registration once; intake is told whom to ask, a supervisor registers anyway with a reason', async () => {
    const existing = await createParticipant(intake, {
      firstName: 'Maria',
      dateOfBirth: '1979-11-02',
    });
    // One letter more in the last name, the same first name and date of birth.
    const close = `${existing.lastName.slice(0, 5)}e${existing.lastName.slice(5)}`;

    async function fill(page: Page, lastName: string): Promise<void> {
      await page.goto(`${app.url}/participants/new`);
      await page.locator('#page-heading', { hasText: 'Register a participant' }).waitFor();
      await tabTo(page, byLabel('First name'));
      await typeHere(page, 'Maria');
      await tabTo(page, byLabel('Last name'));
      await typeHere(page, lastName);
      await tabTo(page, byLabel('Date of birth'));
      await typeHere(page, '11/02/1979');
      await press(page, 'Register participant');
    }
    const alreadyHeading = (page: Page) =>
      page.getByRole('heading', { name: 'This person may already be registered' });

    // The intake desk: the exact same person is named once, not in an error summary as well.
    // On a phone.
    const page = await desks.pageOf(intake, 'desktop');
    await page.setViewportSize(SIZES.phone);
    await fill(page, existing.lastName);
    await alreadyHeading(page).waitFor();
    expect(await alreadyHeading(page).count()).toBe(1);
    expect(await page.locator('.error-summary').count()).toBe(0);
    // Said once on the page (the live region outside it repeats it for screen readers).
    expect(await page.locator('main').getByText('may already be registered').count()).toBe(1);
    expect(await focusedId(page)).toBe('duplicate-notice');
    await page.getByRole('link', { name: 'Open the existing record' }).waitFor();
    await check(page, 'duplicate-01-same-person');

    // The link opens the existing record; nothing was saved.
    await press(page, 'Open the existing record');
    await page.locator('#page-heading', { hasText: `Maria ${existing.lastName}` }).waitFor();
    expect(page.url()).toContain(`/participants/${existing.id}`);
    const [{ n }] = await db.query(
      'SELECT count(*)::int AS n FROM participants WHERE last_name = $1',
      [existing.lastName],
    );
    expect(n).toBe(1);

    // A close spelling: the close matches with their date of birth and a link; no override.
    await fill(page, close);
    const notice = page.locator('#duplicate-notice');
    await notice.getByRole('link', { name: `Maria ${existing.lastName}` }).waitFor();
    expect(await alreadyHeading(page).count()).toBe(1);
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await focusedId(page)).toBe('duplicate-notice');
    // Whom to ask comes from the staff directory, which may still be loading.
    await notice.getByText('a supervisor can register this person anyway: ask').waitFor();
    const said = await notice.innerText();
    expect(said).toContain('Nothing was saved.');
    expect(said).toContain('born Nov 2, 1979');
    // Up to five active supervisors by name (other suites add supervisors to the same database,
    // so this one's own may be past the fifth): each named is an active supervisor.
    const named = /anyway: ask (.*?)( or another supervisor)?\.$/m.exec(said)![1].split(', ');
    const supervisors = new Set(
      (
        await db.query(`SELECT display_name FROM staff WHERE active AND 'SUPERVISOR' = ANY(roles)`)
      ).map((r: { display_name: string }) => r.display_name),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.length).toBeLessThanOrEqual(5);
    for (const name of named) expect(supervisors.has(name)).toBe(true);
    expect([...named].sort((a, b) => a.localeCompare(b))).toEqual(named);
    const [{ boss }] = await db.query('SELECT display_name AS boss FROM staff WHERE id = $1', [
      supervisor.staffId,
    ]);
    if (supervisors.size <= 5) expect(named).toContain(boss);
    expect(await page.getByRole('button', { name: 'Register anyway' }).count()).toBe(0);
    await check(page, 'duplicate-02-close-match-intake');

    // The supervisor registers the person anyway, with a reason.
    const sup = await desks.pageOf(supervisor, 'desktop');
    await atHome(sup);
    await fill(sup, close);
    await sup
      .locator('#duplicate-notice')
      .getByRole('link', { name: `Maria ${existing.lastName}` })
      .waitFor();
    await press(sup, 'Register anyway');
    await sup.locator('.error-summary').waitFor();
    expect(await sup.locator('.error-summary').innerText()).toContain(
      'Enter why this is a different person',
    );
    await check(sup, 'duplicate-03-register-anyway-errors');
    await tabTo(sup, byLabel('Why is this a different person?'));
    await typeHere(sup, 'State IDs checked: a different person, born the same day.');
    await press(sup, 'Register anyway');
    await sup.locator('#page-heading', { hasText: `Maria ${close}` }).waitFor();
    await check(sup, 'duplicate-04-registered');

    const registered = await db.query(
      `SELECT duplicate_override_reason AS reason, duplicate_override_of AS "of"
         FROM participants WHERE last_name = $1`,
      [close],
    );
    expect(registered).toEqual([
      { reason: 'State IDs checked: a different person, born the same day.', of: [existing.id] },
    ]);
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
    // Enter at once keeps the session: the warning opens on "Stay signed in".
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      'Stay signed in',
    );
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
