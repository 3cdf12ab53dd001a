import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { createParticipant } from '../intake-fixtures';
import { AppInstance, TestDatabase } from '../support/app';
import { ApiClient, loginAdmin, staffWith } from '../support/http';
import {
  byLabel,
  byText,
  checkScreen,
  enrollThroughApi,
  launchChromium,
  newContext,
  pressByKeyboard,
  signInByKeyboard,
  startConsoleApp,
  tabTo,
  typeHere,
} from './console-harness';

const FEE = 40_000; // $400.00

/**
 * Two-person rules in the console (issue 29): a finance clerk asks for the reversal of a fee,
 * which waits for a second supervisor on Approvals (a supervisor's own request, and the reversal
 * of an entry they recorded, are shown but cannot be decided by them); approved, the reversal is
 * on the ledger. And a registration under a close spelling of someone on record lists the close
 * matches; a supervisor registers the person anyway with a reason. By keyboard, axe at three
 * widths after every step.
 */
describe('Console: fee reversals by request, and possible duplicates at registration', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;
  let admin: ApiClient;
  let intake: ApiClient;
  let finance: ApiClient;
  let supervisor: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startConsoleApp(db);
    browser = await launchChromium();
    admin = await loginAdmin(app);
    [intake, finance, supervisor] = await Promise.all([
      staffWith(app, admin, ['INTAKE']),
      staffWith(app, admin, ['FINANCE']),
      staffWith(app, admin, ['SUPERVISOR']),
    ]);
    const programs = await admin.get('/programs');
    const johnz = programs.body.find((p: { code: string }) => p.code === 'JOHNZ_SCHOOL');
    await admin.patch(`/programs/${johnz.id}`, { feeCents: FEE }).expect(200);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
  });

  /** axe at 1280, 768 and 390 px (screenshots with SCREENSHOTS=1, or when a check fails). */
  const check = checkScreen;

  const signIn = (page: Page, email: string) => signInByKeyboard(page, app.url, email);
  const press = pressByKeyboard;
  /** A button or link by its words, hidden ones included ("Reverse" + " entry 1"). */
  const control = (text: string) => (el: { text: string; tag: string }) =>
    el.text.replace(/\s+/g, ' ') === text && (el.tag === 'button' || el.tag === 'a');
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);

  it('a finance clerk asks to reverse a fee; a second supervisor approves it on Approvals; the ledger shows the reversal', async () => {
    const { participantId, enrollmentId, lastName } = await enrollThroughApi(intake, 'Reyes');
    const name = `Pat ${lastName}`;

    // Requests the supervisor cannot decide: their own, and the reversal of a waiver they
    // approved (the WAIVER entry is theirs).
    const own = await enrollThroughApi(intake, 'Ownreq');
    const ownFee = await db.one(
      `SELECT id FROM ledger_entries WHERE enrollment_id = $1 AND kind = 'FEE'`,
      [own.enrollmentId],
    );
    await supervisor
      .post(`/ledger-entries/${ownFee.id}/reversal`, { reason: 'Enrolled twice' })
      .expect(202);
    const authored = await enrollThroughApi(intake, 'Authored');
    const waiver = await finance
      .post(`/enrollments/${authored.enrollmentId}/waiver-requests`, {
        amountCents: 5_000,
        reason: 'ABILITY_TO_PAY',
        note: 'Benefits letter.',
      })
      .set('Idempotency-Key', randomUUID())
      .expect(201);
    await supervisor.post(`/waiver-requests/${waiver.body.id}/approve`, {}).expect(200);
    const waiverEntry = await db.one(
      `SELECT id FROM ledger_entries WHERE enrollment_id = $1 AND kind = 'WAIVER'`,
      [authored.enrollmentId],
    );
    await finance
      .post(`/ledger-entries/${waiverEntry.id}/reversal`, { reason: 'Waived the wrong case' })
      .expect(202);

    // The supervisor opens the ledger and starts a reversal of the fee: a request, says the
    // dialog, before anything is sent.
    const desk = await newContext(browser, 'tablet');
    const sup = await desk.newPage();
    await signIn(sup, supervisor.email);
    await sup.goto(`${app.url}/participants/${participantId}?tab=ledger`);
    await sup.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();
    await tabTo(sup, control('Reverse entry 1'));
    await sup.keyboard.press('Enter');
    const supDialog = sup.getByRole('dialog', { name: 'Request the reversal of this entry?' });
    await supDialog.waitFor();

    // Meanwhile the finance clerk asks for the same reversal, by keyboard.
    const cash = await newContext(browser, 'desktop');
    const page = await cash.newPage();
    await signIn(page, finance.email);
    await page.goto(`${app.url}/participants/${participantId}?tab=ledger`);
    await page.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();
    await page.getByText('Balance owed: $400.00').waitFor();
    await tabTo(page, control('Reverse entry 1'));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Request the reversal of this entry?' });
    await dialog.waitFor();
    const said = await dialog.innerText();
    expect(said).toContain('fee of $400.00');
    expect(said).toContain('A second supervisor must approve this.');
    expect(said).toContain('nothing changes on the ledger until a supervisor');
    expect(said).toMatch(/from \$400\.00 to\s+\$0\.00/);
    expect(await dialog.getByRole('button', { name: 'Reverse entry' }).count()).toBe(0);
    await check(page, 'reversal-01-request-dialog');
    await press(page, 'Request reversal');
    await dialog.locator('.error-summary').waitFor();
    expect(await dialog.locator('.error-summary').innerText()).toContain('Select the reason');
    await tabTo(page, (el) => el.label === 'Entered in error' && el.tag === 'input');
    await page.keyboard.press('Space');
    await press(page, 'Request reversal');
    await dialog.waitFor({ state: 'hidden' });
    const notice = page.locator('#ledger-notice');
    await notice.waitFor();
    const confirmation = await notice.innerText();
    expect(confirmation).toContain('Reversal requested; waits for a second supervisor.');
    expect(confirmation).not.toContain('reversed');
    expect(await focusedId(page)).toBe('ledger-notice');
    // Nothing on the ledger yet: the entry says a reversal waits, and there is no second Reverse.
    await page.getByText('Balance owed: $400.00').waitFor();
    const rows = page.locator('.ledger-table tbody tr');
    expect(await rows.count()).toBe(1);
    await rows.first().getByText('Reversal requested').waitFor();
    expect(await page.locator('.ledger-reverse').count()).toBe(0);
    const waiting = page.getByRole('heading', { name: 'Waiting for a supervisor' });
    await waiting.waitFor();
    await check(page, 'reversal-02-requested');
    const [request] = await db.query(
      `SELECT r.status, r.reason, r.requested_by = $2 AS by_finance
         FROM reversal_requests r JOIN ledger_entries e ON e.id = r.entry_id
        WHERE e.enrollment_id = $1`,
      [enrollmentId, finance.staffId],
    );
    expect(request).toEqual({ status: 'PENDING', reason: 'Entered in error', by_finance: true });
    await cash.close();

    // The supervisor's dialog was opened before: the same request again is refused, and said so.
    await tabTo(sup, (el) => el.label === 'Entered in error' && el.tag === 'input');
    await sup.keyboard.press('Space');
    await press(sup, 'Request reversal');
    await supDialog.locator('.error-summary').waitFor();
    expect(await supDialog.locator('.error-summary').innerText()).toContain(
      'The reversal of this entry has already been requested and waits for a second supervisor.',
    );
    await check(sup, 'reversal-03-already-requested');
    await press(sup, 'Keep the entry');
    await supDialog.waitFor({ state: 'hidden' });
    await sup.locator('.ledger-table tbody tr').first().getByText('Reversal requested').waitFor();

    // Approvals, from the home card, by keyboard.
    await sup.goto(app.url);
    await sup.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();
    await tabTo(sup, byText('Reversal requests waiting'));
    await sup.keyboard.press('Enter');
    await sup.locator('#page-heading', { hasText: 'Approvals' }).waitFor();
    await sup.getByText('No waiver request is waiting.').waitFor();
    const table = sup.locator('.reversals-table tbody tr');
    await table.first().waitFor();
    expect(await table.count()).toBe(3);
    const row = table.filter({ hasText: name });
    const text = await row.innerText();
    expect(text).toContain('Fee');
    expect(text).toContain('$400.00');
    expect(text).toContain('Entered in error');
    expect(text).toContain('Balance then $0.00');
    const [{ asker }] = await db.query('SELECT display_name AS asker FROM staff WHERE id = $1', [
      finance.staffId,
    ]);
    expect(text).toContain(asker);
    // Their own request, and the reversal of their own entry: shown, not decidable, and why.
    const ownRow = table.filter({ hasText: `Pat ${own.lastName}` });
    expect(await ownRow.innerText()).toContain(
      'You asked for this reversal: another supervisor must decide it.',
    );
    const ownApprove = ownRow.getByRole('button', { name: /^Approve reversal/ });
    expect(await ownApprove.isDisabled()).toBe(true);
    expect(await ownApprove.getAttribute('aria-describedby')).toBe(
      await ownRow.locator('.approvals-own').getAttribute('id'),
    );
    const authoredRow = table.filter({ hasText: `Pat ${authored.lastName}` });
    expect(await authoredRow.innerText()).toContain(
      'You recorded this entry: another supervisor must decide its reversal.',
    );
    expect(await authoredRow.getByRole('button', { name: /^Reject reversal/ }).isDisabled()).toBe(
      true,
    );
    // The navigation badge counts what they can decide: the clerk's request only.
    await sup.getByRole('link', { name: /^Approvals\s*, 1 waiting$/ }).waitFor();
    await check(sup, 'reversal-04-approvals');

    // Reject opens a dialog that asks why; kept waiting here.
    await tabTo(sup, control(`Reject reversal of the fee of $400.00 for ${name}`));
    await sup.keyboard.press('Enter');
    const reject = sup.getByRole('dialog', { name: 'Reject this reversal request?' });
    await reject.waitFor();
    await check(sup, 'reversal-05-reject-dialog');
    await press(sup, 'Keep it waiting');
    await reject.waitFor({ state: 'hidden' });

    await tabTo(sup, control(`Approve reversal of the fee of $400.00 for ${name}`));
    await sup.keyboard.press('Enter');
    const decided = sup.locator('#decision-notice');
    await decided.waitFor();
    expect(await decided.innerText()).toContain(
      `Reversal of the fee of $400.00 for ${name} approved. It is on the ledger now; the balance is $0.00.`,
    );
    // Focus goes to the confirmation (the row that had it is gone).
    await sup.waitForFunction(() => document.activeElement?.id === 'decision-notice');
    expect(await table.count()).toBe(2);
    // Nothing left that they can decide: no count beside Approvals.
    await sup.getByRole('link', { name: 'Approvals', exact: true }).waitFor();
    await check(sup, 'reversal-06-approved');

    await press(sup, 'Open the ledger');
    await sup.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();
    await sup.getByText('Balance owed: $0.00').waitFor();
    const ledger = await sup.locator('.ledger-table tbody tr').allInnerTexts();
    expect(ledger).toHaveLength(2);
    expect(ledger[0]).toMatch(/Fee\s+\(reversed by\s+entry 2\)/);
    expect(ledger[1]).toMatch(/Reversal of\s+entry 1/);
    expect(ledger[1]).toContain('Entered in error');
    expect(await sup.getByText('Reversal requested').count()).toBe(0);
    await check(sup, 'reversal-07-ledger-reversed');
    await desk.close();

    const [approved] = await db.query(
      `SELECT r.status, r.decided_by = $2 AS by_supervisor, l.kind, l.amount_cents::int AS amount
         FROM reversal_requests r JOIN ledger_entries l ON l.id = r.ledger_entry_id
        WHERE l.enrollment_id = $1`,
      [enrollmentId, supervisor.staffId],
    );
    expect(approved).toEqual({
      status: 'APPROVED',
      by_supervisor: true,
      kind: 'REVERSAL',
      amount: FEE,
    });
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
    const front = await newContext(browser, 'phone');
    const page = await front.newPage();
    await signIn(page, intake.email);
    await fill(page, existing.lastName);
    await alreadyHeading(page).waitFor();
    expect(await alreadyHeading(page).count()).toBe(1);
    expect(await page.locator('.error-summary').count()).toBe(0);
    // Said once on the page (the live region outside it repeats it for screen readers).
    expect(await page.locator('main').getByText('may already be registered').count()).toBe(1);
    expect(await focusedId(page)).toBe('duplicate-notice');
    await page.getByRole('link', { name: 'Open the existing record' }).waitFor();
    await check(page, 'duplicate-01-same-person');

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
    await front.close();

    // The supervisor registers the person anyway, with a reason.
    const office = await newContext(browser, 'desktop');
    const sup = await office.newPage();
    await signIn(sup, supervisor.email);
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
    await office.close();

    const registered = await db.query(
      `SELECT duplicate_override_reason AS reason, duplicate_override_of AS "of"
         FROM participants WHERE last_name = $1`,
      [close],
    );
    expect(registered).toEqual([
      { reason: 'State IDs checked: a different person, born the same day.', of: [existing.id] },
    ]);
  });
});
