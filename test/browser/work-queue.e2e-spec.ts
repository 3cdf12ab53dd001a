import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { checkedReferral, createParticipant, createReferral, today } from '../intake-fixtures';
import { ApiFactory, chicagoDaysAgo as daysAgo } from '../support/api-factory';
import { AppInstance, TestDatabase } from '../support/app';
import { FollowUpWorld, lastExitDueBy } from '../support/follow-up-world';
import { ApiClient, loginAdmin, STAFF_PASSWORD, staffWith } from '../support/http';
import {
  byText,
  checkScreen,
  launchChromium,
  newContext,
  startConsoleApp,
  tabTo,
} from './console-harness';

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

/** The home page's work queue, its lists, and a search that tells two people apart. */
describe('Console: work queue and finding a participant', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;
  let admin: ApiClient;
  let everyone: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startConsoleApp(db);
    browser = await launchChromium();
    admin = await loginAdmin(app);
    everyone = await staffWith(app, admin, [
      'INTAKE',
      'FACILITATOR',
      'FINANCE',
      'SUPERVISOR',
      'AUDITOR',
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

  async function signIn(page: Page): Promise<void> {
    await page.goto(app.url);
    await page.getByLabel('Email').fill(everyone.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();
  }

  it('shows every card of every role with the API’s counts, each linking to its list', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signIn(page);
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
    await context.close();
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

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signIn(page);
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
    await context.close();
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

    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    await signIn(page);
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
    await context.close();
  });
});
