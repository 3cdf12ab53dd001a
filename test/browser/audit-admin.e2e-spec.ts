import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { checkedReferral, today } from '../intake-fixtures';
import { ADMIN_EMAIL, ADMIN_PASSWORD, AppInstance, TestDatabase } from '../support/app';
import { ApiClient, login, loginAdmin, STAFF_PASSWORD, staffWith } from '../support/http';
import {
  byLabel,
  byText,
  launchChromium,
  newContext,
  startConsoleApp,
  tabTo,
  typeHere,
  signInByKeyboard,
  checkScreenReflows as check,
  SIZES,
} from './console-harness';
import { Desks } from './desks';

const usDate = (iso: string) => iso.replace(/^(\d+)-(\d+)-(\d+)$/, '$2/$3/$1');

/**
 * The auditor and the administrator: an auditor finds a payment by who recorded it and when, and
 * follows it to its ledger; an administrator adds a staff member with two roles (who then sees
 * exactly those roles' navigation), deactivates them (their open console is signed out on its
 * next request), is refused removing the last administrator, resets a password and changes a
 * program's fee; the session's refresh token stays out of reach of scripts and other sites. One
 * browser per staff member, signed in by keyboard once. axe at three widths on each new screen,
 * later states, dialogs and errors at the width in use.
 */
describe('Console: audit trail and administration', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;
  let admin: ApiClient;
  let intake: ApiClient;
  let finance: ApiClient;
  let auditor: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startConsoleApp(db);
    browser = await launchChromium();
    admin = await loginAdmin(app);
    intake = await staffWith(app, admin, ['INTAKE']);
    finance = await staffWith(app, admin, ['FINANCE']);
    auditor = await staffWith(app, admin, ['AUDITOR']);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
  });

  const signIn = (page: Page, email: string, password = STAFF_PASSWORD) =>
    signInByKeyboard(page, app.url, email, password);
  /** Each staff member's browser, signed in by keyboard the first time they are needed. */
  const desks = new Desks(
    () => browser,
    () => app.url,
  );
  const administrator = { email: ADMIN_EMAIL };

  async function pressButton(page: Page, text: string): Promise<void> {
    await tabTo(page, byText(text));
    await page.keyboard.press('Enter');
  }

  const navLabels = (page: Page) =>
    page
      .locator('nav[aria-label="Main"] a')
      .evaluateAll((as) => as.map((a) => (a as HTMLElement).innerText.trim()).sort());

  it('finds a payment by staff member and date, and follows it to its ledger', async () => {
    // Two payments on two ledgers, by two clerks: the filters must pick the right one.
    const otherClerk = await staffWith(app, admin, ['FINANCE']);
    const ours = await checkedReferral(intake, { firstName: 'Theodora' });
    const theirs = await checkedReferral(intake, { firstName: 'Bartholomew' });
    const enrolled = await Promise.all(
      [ours, theirs].map((r) =>
        intake
          .post('/enrollments', {
            referralId: r.referralId,
            programCode: 'JOHNZ_SCHOOL',
            agreementSignedOn: today(),
          })
          .expect(201),
      ),
    );
    const payment = await finance
      .post(`/enrollments/${enrolled[0].body.id}/payments`, {
        amountCents: 6_000,
        method: 'CASH',
        receivedOn: today(),
      })
      .set('Idempotency-Key', randomUUID())
      .expect(201);
    await otherClerk
      .post(`/enrollments/${enrolled[1].body.id}/payments`, {
        amountCents: 4_000,
        method: 'CARD',
        receivedOn: today(),
      })
      .set('Idempotency-Key', randomUUID())
      .expect(201);
    const financeName = (await finance.get('/auth/me').expect(200)).body.displayName;

    // Signed in by keyboard: the home page.
    const page = await desks.pageOf(auditor, 'desktop');
    await pressButton(page, 'Audit trail');
    await page.locator('#page-heading', { hasText: 'Audit trail' }).waitFor();
    await page.locator('#audit-table tbody tr').first().waitFor();
    expect(await page.title()).toBe('Audit trail — Diversion case manager');
    await check(page, 'audit-01-list');

    // A wrong date: the error summary, focused.
    await page.selectOption('#audit-actor', { label: financeName });
    await page.fill('#audit-from', '02/30/2026');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').innerText()).toContain(
      'Enter the first day as month/day/year',
    );
    await check(page, 'audit-02-filter-error');

    await page.fill('#audit-from', usDate(today()));
    await page.fill('#audit-to', usDate(today()));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((u) => u.searchParams.get('actorId') === finance.staffId);
    const search = Object.fromEntries(new URL(page.url()).searchParams);
    expect(search).toEqual({ actorId: finance.staffId, from: today(), to: today() });
    const rows = page.locator('#audit-table tbody tr');
    await page
      .getByRole('status')
      .filter({ hasText: /Showing 1–\d+ of \d+ events/ })
      .waitFor();
    await rows.first().filter({ hasText: financeName }).waitFor(); // names come from the directory
    const texts = await rows.allInnerTexts();
    // Only this clerk's events, newest first, with the payment among them (and not the other's).
    expect(texts.every((t) => t.includes(financeName))).toBe(true);
    const payments = rows.filter({ hasText: 'Recorded a payment' });
    expect(await payments.count()).toBe(1);
    const events = await db.query(
      `SELECT id FROM audit_events WHERE actor_id = $1 ORDER BY at DESC, id DESC`,
      [finance.staffId],
    );
    expect(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-event-id'))),
    ).toEqual(events.map((e) => e.id));
    // At 1280 px the time reads on one line and the request id is whole (lines of text counted
    // from their boxes: a cell is as tall as its row).
    const layout = await page
      .locator('#audit-table tbody tr')
      .first()
      .evaluate((tr) => {
        const lines = (el: Element) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        };
        return {
          when: lines(tr.querySelector('th')!),
          requestId: lines(tr.querySelector('.audit-request span')!),
        };
      });
    expect(layout).toEqual({ when: 1, requestId: 1 });
    await check(page, 'audit-03-filtered');

    // The record link goes to the ledger the payment belongs to.
    await payments.getByRole('link', { name: 'Ledger' }).click();
    await page.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/participants/${ours.participantId}`);
    expect(new URL(page.url()).searchParams.get('tab')).toBe('ledger');
    await page.locator('.ledger-table tbody tr').nth(1).waitFor();
    expect(await page.locator('.ledger-table').innerText()).toContain(payment.body.receiptNumber);
    await check(page, 'audit-04-ledger');

    // The participant's History tab shows the payment among the record's events.
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'History', level: 2 }).waitFor();
    await page.locator('.history-table tbody tr').first().waitFor();
    const history = await page.locator('.history-table').innerText();
    expect(history).toContain('Recorded a payment');
    expect(history).toContain('Enrolled a participant');
    expect(history).toContain('Registered a participant');
    // Changes only, by default: nobody's opening of the record drowns what changed.
    expect(await page.locator('#history-changes-only').isChecked()).toBe(true);
    expect(history).not.toMatch(/Opened a/);
    await check(page, 'audit-05-history');
    // Views on demand.
    await page.locator('#history-changes-only').focus();
    await page.keyboard.press('Space');
    await page.locator('.history-table', { hasText: 'Opened a' }).waitFor();
    expect(await page.locator('.history-table').innerText()).toContain('Recorded a payment');
  });

  it('adds a staff member with two roles, who sees only their navigation until deactivated', async () => {
    // Signed in by keyboard: the home page.
    const page = await desks.pageOf(administrator, 'desktop', ADMIN_PASSWORD);
    await pressButton(page, 'Staff');
    await page.locator('#page-heading', { hasText: 'Staff' }).waitFor();
    await page.locator('#staff-table tbody tr').first().waitFor();
    await check(page, 'admin-01-staff');

    await pressButton(page, 'Add staff member');
    await page.locator('#page-heading', { hasText: 'Add staff member' }).waitFor();
    await check(page, 'admin-02-add');
    await pressButton(page, 'Add staff member');
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').innerText()).toContain('Choose at least one role');
    await check(page, 'admin-03-add-errors');

    const email = `new-clerk-${randomUUID().slice(0, 8)}@test.example`;
    const password = 'a-long-first-password';
    await tabTo(page, byLabel('Email'));
    await typeHere(page, email);
    await tabTo(page, byLabel('Display name'));
    await typeHere(page, 'Winifred Achterberg');
    await tabTo(page, byLabel('Password'));
    await typeHere(page, password);
    // The roles are checkboxes in a fieldset: Tab to each, Space to check.
    await tabTo(page, byLabel('Finance'));
    await page.keyboard.press('Space');
    await tabTo(page, byLabel('Auditor'));
    await page.keyboard.press('Space');
    expect(
      await page
        .locator('fieldset:has(legend:text("Roles")) input:checked')
        .evaluateAll((i) => i.map((x) => (x as HTMLInputElement).value)),
    ).toEqual(['FINANCE', 'AUDITOR']);
    await pressButton(page, 'Add staff member');
    await page.locator('#page-heading', { hasText: 'Winifred Achterberg' }).waitFor();
    expect(page.url()).toMatch(/\/admin\/staff\/[0-9a-f-]{36}$/);
    const staffId = page.url().split('/').pop()!;
    const [row] = await db.query('SELECT email, roles, active FROM staff WHERE id = $1', [staffId]);
    expect(row).toEqual({ email, roles: ['FINANCE', 'AUDITOR'], active: true });
    await check(page, 'admin-04-staff-page');

    // They sign in in their own browser and see exactly what Finance and Auditor see.
    const theirContext = await newContext(browser, 'tablet');
    const theirs = await theirContext.newPage();
    await signIn(theirs, email, password);
    const seen = await navLabels(theirs);
    const union = new Set<string>();
    for (const one of [finance, auditor]) {
      const p = await desks.pageOf(one, 'desktop');
      for (const label of await navLabels(p)) union.add(label);
    }
    expect(seen).toEqual([...union].sort());
    expect(seen).toEqual(expect.arrayContaining(['Remittances', 'Reports', 'Audit trail']));
    expect(seen).not.toContain('Staff');
    expect(seen).not.toContain('Programs');
    expect(seen).not.toContain('Register participant');
    await check(theirs, 'admin-05-new-staff-home');

    // Deactivated: a confirm dialog, then their open console is signed out on its next request.
    await pressButton(page, 'Deactivate');
    const dialog = page.getByRole('dialog', { name: 'Deactivate Winifred Achterberg?' });
    await dialog.waitFor();
    await check(page, 'admin-06-deactivate-dialog');
    await pressButton(page, 'Deactivate Winifred Achterberg');
    await page
      .getByRole('heading', { name: 'Winifred Achterberg was deactivated and signed out.' })
      .waitFor();
    expect((await db.one('SELECT active FROM staff WHERE id = $1', [staffId])).active).toBe(false);
    // The account's History shows what changed, from the audit trail.
    await page.locator('.history-table', { hasText: 'Active: yes → no' }).waitFor();
    await check(page, 'admin-07-deactivated');

    await tabTo(theirs, byText('Remittances'));
    await theirs.keyboard.press('Enter');
    await theirs.getByRole('dialog', { name: 'Your session has ended' }).waitFor();
    expect(await theirs.locator('.session-ended').count()).toBe(1);
    // Signing in again is refused: the account is deactivated.
    const again = await login(app, email, password).catch((e: Error) => e);
    expect(again).toBeInstanceOf(Error);
    await theirContext.close();

    // Reactivate: a confirm dialog as well.
    await pressButton(page, 'Reactivate');
    await page.getByRole('dialog', { name: 'Reactivate Winifred Achterberg?' }).waitFor();
    await pressButton(page, 'Reactivate Winifred Achterberg');
    await page.getByRole('heading', { name: /was reactivated/ }).waitFor();
    expect((await db.one('SELECT active FROM staff WHERE id = $1', [staffId])).active).toBe(true);

    // Reset their password: the old one stops working, the new one works.
    await tabTo(page, byLabel('New password'));
    await typeHere(page, 'a-brand-new-password');
    await pressButton(page, 'Reset password');
    await page.getByRole('heading', { name: /Password reset/ }).waitFor();
    await expect(login(app, email, password)).rejects.toThrow();
    await login(app, email, 'a-brand-new-password');
  }, 300_000);

  it('explains that the last administrator cannot be removed', async () => {
    // On a phone.
    const page = await desks.pageOf(administrator, 'desktop', ADMIN_PASSWORD);
    await page.setViewportSize(SIZES.phone);
    await page.goto(`${app.url}/admin/staff/${admin.staffId}`);
    await page.locator('#page-heading', { hasText: 'Administrator' }).waitFor();
    await pressButton(page, 'Deactivate');
    await page.getByRole('dialog').waitFor();
    await pressButton(page, 'Deactivate Administrator');
    const summary = page.getByRole('dialog').locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain(
      'You cannot remove the last active administrator: give another person the Administrator role first.',
    );
    await check(page, 'admin-08-last-admin');
    await page.keyboard.press('Escape');

    // Taking the Administrator role away is refused the same way.
    await tabTo(page, byLabel('Administrator'));
    await page.keyboard.press('Space');
    await tabTo(page, byLabel('Auditor'));
    await page.keyboard.press('Space');
    await pressButton(page, 'Save roles');
    await page.locator('.error-summary', { hasText: 'last active administrator' }).waitFor();
    await check(page, 'admin-09-last-admin-roles');
    const [me] = await db.query('SELECT roles, active FROM staff WHERE id = $1', [admin.staffId]);
    expect(me).toEqual({ roles: ['ADMIN'], active: true });
  });

  it('unlocks a sign-in locked after five wrong passwords', async () => {
    const clerk = await staffWith(app, admin, ['FINANCE']);
    for (let i = 0; i < 5; i++)
      await expect(login(app, clerk.email, 'not-the-password-at-all')).rejects.toThrow();
    await expect(login(app, clerk.email, STAFF_PASSWORD)).rejects.toThrow(/423/);

    // On a tablet.
    const page = await desks.pageOf(administrator, 'desktop', ADMIN_PASSWORD);
    await page.setViewportSize(SIZES.tablet);
    await page.goto(`${app.url}/admin/staff/${clerk.staffId}`);
    await page.locator('.summary-list', { hasText: 'Locked until' }).waitFor();
    await check(page, 'admin-12-locked');
    await pressButton(page, 'Unlock sign-in');
    await page.getByRole('heading', { name: /can sign in again/ }).waitFor();
    expect(await page.locator('.summary-list').innerText()).toContain('Not locked');
    await login(app, clerk.email, STAFF_PASSWORD);
  });

  it('changes a program fee for new enrollments only', async () => {
    const before = await checkedReferral(intake);
    const enrolledBefore = await intake
      .post('/enrollments', {
        referralId: before.referralId,
        programCode: 'OAR',
        agreementSignedOn: today(),
      })
      .expect(201);

    const programs = (await admin.get('/programs').expect(200)).body as {
      code: string;
      name: string;
    }[];
    const oarName = programs.find((p) => p.code === 'OAR')!.name;
    const page = await desks.pageOf(administrator, 'desktop', ADMIN_PASSWORD);
    await page.goto(app.url);
    await page.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();
    await pressButton(page, 'Programs');
    await page.locator('#page-heading', { hasText: 'Programs' }).waitFor();
    await page.getByText('Changes apply to new enrollments only').waitFor();
    await page.locator('#OAR-fee').waitFor();
    await check(page, 'admin-10-programs');

    await page.fill('#OAR-fee', '12.345');
    await page.fill('#OAR-sessions', '0');
    await page.getByRole('button', { name: `Save ${oarName}` }).click();
    await page.locator('.error-summary').waitFor();
    const errors = await page.locator('.error-summary').innerText();
    expect(errors).toContain('no more than two digits for cents');
    expect(errors).toContain('from 1 to 100');
    await check(page, 'admin-11-programs-errors');

    await page.fill('#OAR-fee', '1,234.50');
    await page.fill('#OAR-sessions', '6');
    await page.fill('#OAR-window', '200');
    await page.getByRole('button', { name: `Save ${oarName}` }).click();
    await page
      .getByText(`${oarName} saved. The changes apply to new enrollments only.`)
      .first()
      .waitFor();
    const [oar] = await db.query(
      `SELECT fee_cents::int AS fee, required_sessions, completion_window_days FROM programs WHERE code = 'OAR'`,
    );
    expect(oar).toEqual({ fee: 123_450, required_sessions: 6, completion_window_days: 200 });

    // The enrollment made before keeps its fee; a new one is assessed the new fee.
    const after = await checkedReferral(intake);
    const enrolledAfter = await intake
      .post('/enrollments', {
        referralId: after.referralId,
        programCode: 'OAR',
        agreementSignedOn: today(),
      })
      .expect(201);
    expect(enrolledAfter.body.feeCents).toBe(123_450);
    expect(
      (await intake.get(`/enrollments/${enrolledBefore.body.id}`).expect(200)).body.feeCents,
    ).toBe(enrolledBefore.body.feeCents);
  });

  // ---- the session: the refresh token stays out of reach of scripts and other sites ----------

  /**
   * The console keeps its refresh token where no script can read it: an HttpOnly,
   * SameSite=Strict cookie on /api/v1/auth. It is never in a response body, document.cookie or
   * web storage, and the refresh route refuses requests without the console's header or from
   * another site. A browser of its own, signed in with the mouse.
   */
  it('never exposes the refresh token, and refuses refreshes without the header or from another origin', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const bodies: string[] = [];
    page.on('response', async (res) => {
      if (res.url().includes('/api/')) bodies.push(await res.text().catch(() => ''));
    });

    await page.goto(app.url);
    await page.getByLabel('Email').fill(intake.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();
    // A reload resumes the session through the cookie (a refresh), with no password.
    await page.reload();
    await page.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();

    const cookie = (await context.cookies()).find((c) => c.name === 'refresh_token');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    const token = cookie!.value;
    expect(token.length).toBeGreaterThan(20);

    expect(bodies.length).toBeGreaterThan(2);
    for (const body of bodies) {
      expect(body).not.toContain(token);
      expect(body).not.toContain('refreshToken');
    }
    const visible = await page.evaluate(() => ({
      cookie: document.cookie,
      storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    }));
    expect(visible.cookie).not.toContain(token);
    expect(visible.storage).not.toContain(token);

    // A script on the page cannot refresh without the console's header…
    const withoutHeader = await page.evaluate(async () => {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      return { status: res.status, body: await res.text() };
    });
    expect(withoutHeader.status).toBe(401);
    expect(withoutHeader.body).not.toContain(token);

    // …and another site cannot, even with the cookie and the header.
    const crossSite = await fetch(`${app.api}/auth/refresh`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Session-Transport': 'cookie',
        Origin: 'https://evil.example',
        Cookie: `refresh_token=${token}`,
      },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).not.toContain(token);

    // The console's own session still works after both attempts.
    await page.reload();
    await page.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();

    // Signing out ends the cookie too.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect((await context.cookies()).find((c) => c.name === 'refresh_token')).toBeUndefined();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await context.close();
  });
});
