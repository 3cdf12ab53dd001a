import { Browser, Page } from 'playwright-core';
import { checkedReferral, createParticipant, createReferral } from '../intake-fixtures';
import { AppInstance, TestDatabase } from '../support/app';
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
  sessionsWithoutAttendance: 'Sessions with no attendance recorded',
  enrollmentsPastDeadline: 'Enrollments past their deadline',
  recentActivity: 'Recent activity',
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

    // By keyboard: the card's title is the link to its list, which lists exactly what it counts.
    await tabTo(page, byText('Referrals waiting for a check'));
    await page.keyboard.press('Enter');
    await page.locator('#page-heading', { hasText: 'Referrals waiting for a check' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody tr').count()).toBe(2);
    await checkScreen(page, 'work-02-referrals-waiting');

    await page.goBack();
    await tabTo(page, byText('Enrolled without a seat'));
    await page.keyboard.press('Enter');
    await page.locator('#page-heading', { hasText: 'Enrolled without a seat' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody').innerText()).toContain('The OAR Program');
    await checkScreen(page, 'work-03-enrolled-without-seat');
    await context.close();
  });

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
    await page.getByText('2 participants found.').waitFor();
    const rows = await page.locator('tbody tr').allInnerTexts();
    expect(rows.find((r) => r.includes('Jan 9, 1971'))).toContain('Not enrolled');
    expect(rows.find((r) => r.includes('Jun 30, 1990'))).toMatch(
      /KC-2026-TWIN-7[\s\S]*Johnz School[\s\S]*Active/i,
    );
    expect(page.url()).not.toContain(first.lastName);
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
