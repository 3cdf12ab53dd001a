import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { today } from '../intake-fixtures';
import { AppInstance, TestDatabase } from '../support/app';
import { ApiClient, loginAdmin, staffWith } from '../support/http';
import { pdfText } from '../support/pdf';
import {
  byLabel,
  byText,
  checkScreen,
  launchChromium,
  pdfOpenedByEnter,
  startConsoleApp,
  tabTo,
  typeHere,
  pressByKeyboard,
  enrollThroughApi,
  focusSettlesOn,
} from './console-harness';
import { Desks } from './desks';

const FEE = 40_000; // $400.00

/**
 * The cash desk, by keyboard alone: a finance clerk records a payment through its review step to
 * the receipt and its PDF; a payment whose answer is lost on the way back is confirmed again and
 * recorded once; a refund of more than was received is refused, then one within it recorded; a
 * supervisor reverses a bounced check; the clerk asks for the reversal of a fee, which a second
 * supervisor approves on Approvals (issue 29). One browser for the clerk and one for the
 * supervisor, each signed in by keyboard once. axe at three widths on each new screen, later
 * states and dialogs at the width in use. A refusal on one form alone (an overpayment, a waiver
 * over the balance) is the forms' component tests' (web/src/ledger/*.test.tsx).
 */
describe('Console: the cash desk', () => {
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

  const enrolled = () => enrollThroughApi(intake, 'Marsh');

  function payByApi(enrollmentId: string, body: object) {
    return finance
      .post(`/enrollments/${enrollmentId}/payments`, { receivedOn: today(), ...body })
      .set('Idempotency-Key', randomUUID())
      .expect(201);
  }

  /** The finance clerk's desktop and the supervisor's tablet, each signed in by keyboard once. */
  const desks = new Desks(
    () => browser,
    () => app.url,
  );
  const check = checkScreen;
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);

  const press = pressByKeyboard;

  /** A button or link by its words, hidden ones included ("Reverse" + " entry 2"). */
  const control = (text: string) => (el: { text: string; tag: string }) =>
    el.text.replace(/\s+/g, ' ') === text && (el.tag === 'button' || el.tag === 'a');

  const payments = (enrollmentId: string) =>
    db.query<{ amount: number; receipt: string; method: string }>(
      `SELECT amount_cents::int AS amount, receipt_number AS receipt, method
         FROM ledger_entries WHERE enrollment_id = $1 AND kind = 'PAYMENT' ORDER BY created_at`,
      [enrollmentId],
    );

  it('records a cash payment to its receipt, and confirms a payment whose answer was lost only once', async () => {
    const { enrollmentId, lastName } = await enrolled();
    // Signed in by keyboard: the home page.
    const page = await desks.pageOf(finance, 'desktop');

    // From the header's search to the participant's ledger.
    await tabTo(page, byLabel('Find a participant'));
    await typeHere(page, lastName);
    await page.keyboard.press('Enter');
    await tabTo(page, (el) => el.tag === 'a' && el.text.startsWith(`${lastName}, Pat`));
    await page.keyboard.press('Enter');
    await page.locator('#page-heading', { hasText: `Pat ${lastName}` }).waitFor();
    await press(page, 'Ledger');
    await page.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();
    await checkScreen(page, 'cash-01-ledger');

    await press(page, 'Record a payment');
    await page.locator('#page-heading', { hasText: 'Record a payment' }).waitFor();
    expect(await page.title()).toBe('Record a payment — Diversion case manager');
    expect(page.url()).toBe(`${app.url}/enrollments/${enrollmentId}/payments/new`);
    await checkScreen(page, 'cash-02-payment-form');

    // Nothing typed: the summary names each missing answer.
    await press(page, 'Continue');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Enter an amount in dollars');
    expect(await summary.innerText()).toContain('Select how it was paid');
    await checkScreen(page, 'cash-03-payment-errors');

    await tabTo(page, byLabel('Amount'));
    await typeHere(page, '125.50');
    await tabTo(page, (el) => el.label === 'Cash' && el.tag === 'input');
    await page.keyboard.press('Space');
    await press(page, 'Continue');
    await page.getByRole('heading', { name: 'Check the payment' }).waitFor();
    const review = await page.locator('.summary-list').innerText();
    expect(review).toMatch(/Amount\s+\$125\.50/);
    expect(review).toMatch(/Method\s+Cash/);
    expect(review).toMatch(/Balance before\s+\$400\.00/);
    expect(review).toMatch(/Balance after\s+\$274\.50/);
    await checkScreen(page, 'cash-04-payment-review');

    await press(page, 'Confirm payment');
    await page.getByRole('heading', { name: 'Payment recorded' }).waitFor();
    // Focus moves to the confirmation, not to the top of the page (WCAG 2.4.3).
    expect(await focusSettlesOn(page, 'receipt-heading')).toBe('receipt-heading');
    const live = page.locator('#live-region', { hasText: 'Receipt number' });
    await live.waitFor({ state: 'attached' });
    const announced = /R-\d{4}-\d{6}/.exec(await live.innerText())?.[0];
    const [recorded] = await payments(enrollmentId);
    expect(recorded).toEqual({ amount: 12_550, receipt: announced, method: 'CASH' });
    expect(await page.locator('.receipt-number').innerText()).toBe(recorded.receipt);
    await checkScreen(page, 'cash-05-receipt');

    // "Print receipt" fetches the API's PDF with the token and opens it in a new tab (not saved
    // to the Downloads folder of a shared desk).
    await tabTo(page, byText('Print receipt'));
    const receipt = await pdfOpenedByEnter(page);
    const { text } = await pdfText(receipt.bytes);
    expect(text).toMatch(new RegExp(`Receipt number\\s+${recorded.receipt}`));
    expect(text).toContain('$125.50');
    expect(text).toContain(lastName);

    // The next payment's answer is lost on its way back: the server has recorded it, the
    // browser sees a failed request.
    await press(page, 'Record another payment');
    await tabTo(page, byLabel('Amount'));
    await typeHere(page, '60');
    await tabTo(page, (el) => el.label === 'Cash' && el.tag === 'input');
    await page.keyboard.press('Space');
    await press(page, 'Continue');
    await page.getByRole('heading', { name: 'Check the payment' }).waitFor();
    expect(await page.locator('.summary-list').innerText()).toMatch(/Balance after\s+\$214\.50/);

    const keys: string[] = [];
    let firstAnswer = 0;
    await page.route('**/payments', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      const response = await route.fetch();
      firstAnswer = response.status();
      await route.abort('internetdisconnected');
    });
    await press(page, 'Confirm payment');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('The connection was lost');
    expect(firstAnswer).toBe(201);
    expect((await payments(enrollmentId)).filter((p) => p.amount === 6_000)).toHaveLength(1);
    // The form is kept, and says what to do; changing it now could pay twice, so it is not offered.
    expect(await page.getByRole('heading', { name: 'Check the payment' }).count()).toBe(1);
    expect(await page.locator('.summary-list').innerText()).toMatch(/Amount\s+\$60\.00/);
    expect(await page.getByRole('button', { name: 'Change the payment' }).count()).toBe(0);
    await checkScreen(page, 'cash-06-connection-lost');

    await page.unroute('**/payments');
    page.on('request', (r) => {
      if (r.url().endsWith('/payments')) keys.push(r.headers()['idempotency-key']);
    });
    await press(page, 'Confirm payment');
    await page.getByRole('heading', { name: 'Payment recorded' }).waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const all = await payments(enrollmentId);
    const sixty = all.filter((p) => p.amount === 6_000);
    expect(sixty).toHaveLength(1);
    expect(all).toHaveLength(2);
    expect(await page.locator('.receipt-number').innerText()).toBe(sixty[0].receipt);
    const ledger = await finance.get(`/enrollments/${enrollmentId}/ledger`).expect(200);
    expect(ledger.body.balanceCents).toBe(FEE - 12_550 - 6_000);

    await press(page, 'Back to the ledger');
    await page.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();
    const rows = await page.locator('.ledger-table tbody tr').allInnerTexts();
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain(recorded.receipt);
    expect(rows[2]).toContain(sixty[0].receipt);
    expect(rows[2]).toContain('$214.50');
    await checkScreen(page, 'cash-13-ledger-after-payments');
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  });

  it('records a refund of at most the money received', async () => {
    const { participantId, enrollmentId } = await enrolled();
    await payByApi(enrollmentId, { amountCents: 10_000, method: 'CASH' });
    const page = await desks.pageOf(finance, 'desktop');
    await page.goto(`${app.url}/participants/${participantId}?tab=ledger`);
    await page.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();
    await press(page, 'Record a refund');
    await page.locator('#page-heading', { hasText: 'Record a refund' }).waitFor();
    expect(await page.locator('.refund-limit').innerText()).toContain(
      'Up to $100.00 may be refunded',
    );
    await checkScreen(page, 'cash-11-refund-form');

    await tabTo(page, byLabel('Amount'));
    await typeHere(page, '100.01');
    await tabTo(page, (el) => el.label === 'Cash' && el.tag === 'input');
    await page.keyboard.press('Space');
    await tabTo(page, byLabel('Reason'));
    await typeHere(page, 'Paid twice by mistake at the window');
    await press(page, 'Record refund');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain(
      'The amount is more than the money received, $100.00.',
    );
    await checkScreen(page, 'cash-12-refund-too-much');
    expect(
      await db.query(`SELECT 1 FROM ledger_entries WHERE enrollment_id = $1 AND kind = 'REFUND'`, [
        enrollmentId,
      ]),
    ).toHaveLength(0);

    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // the summary's link: to Amount
    await page.keyboard.press('Control+A');
    await typeHere(page, '40');
    await press(page, 'Record refund');
    await page.getByRole('heading', { name: 'Refund recorded' }).waitFor();
    await page.locator('#live-region', { hasText: 'Refund of $40.00 recorded.' }).waitFor({
      state: 'attached',
    });
    const [refund] = await db.query(
      `SELECT amount_cents::int AS amount, method, reason FROM ledger_entries
        WHERE enrollment_id = $1 AND kind = 'REFUND'`,
      [enrollmentId],
    );
    expect(refund).toEqual({
      amount: 4_000,
      method: 'CASH',
      reason: 'Paid twice by mistake at the window',
    });
    await press(page, 'Back to the ledger');
    await page.getByText('Balance owed: $340.00').waitFor();
    expect(await page.locator('.ledger-table tbody tr').last().innerText()).toMatch(
      /Refund[\s\S]*Paid twice by mistake[\s\S]*\$40\.00[\s\S]*\$340\.00/,
    );
    await checkScreen(page, 'cash-14-ledger-after-refund');
  });

  it('lets a supervisor reverse a bounced check: both entries linked, the balance restored', async () => {
    const { participantId, enrollmentId } = await enrolled();
    await payByApi(enrollmentId, { amountCents: 10_000, method: 'CHECK', reference: 'CHK-2231' });
    const page = await desks.pageOf(supervisor, 'tablet');
    await page.goto(`${app.url}/participants/${participantId}?tab=ledger`);
    await page.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();
    await page.getByText('Balance owed: $300.00').waitFor();
    // A supervisor reverses; recording payments is the cash desk's.
    expect(await page.getByText('Record a payment').count()).toBe(0);

    await tabTo(page, control('Reverse entry 2'));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Reverse this entry?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('payment of $100.00');
    expect(await dialog.innerText()).toMatch(/from \$300\.00 to\s+\$400\.00/);
    await checkScreen(page, 'cash-08-reverse-dialog');

    // No reason chosen: refused in the dialog.
    await press(page, 'Reverse entry');
    await dialog.locator('.error-summary').waitFor();
    expect(await dialog.locator('.error-summary').innerText()).toContain('Select the reason');
    await checkScreen(page, 'cash-09-reverse-errors');

    await tabTo(page, (el) => el.label === 'Bounced check' && el.tag === 'input');
    await page.keyboard.press('Space');
    await press(page, 'Reverse entry');
    await dialog.waitFor({ state: 'hidden' });
    await page
      .locator('main')
      .getByText('Entry 2 reversed (Bounced check). The balance is now $400.00.')
      .waitFor();
    await page.getByText('Balance owed: $400.00').waitFor();
    const rows = await page.locator('.ledger-table tbody tr').allInnerTexts();
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/Payment\s+\(reversed by\s+entry 3\)/);
    expect(rows[2]).toMatch(/Reversal of\s+entry 2/);
    expect(rows[2]).toContain('Bounced check');
    expect(rows[2]).toContain('$400.00');
    // A reversal is final, and an entry is reversed once: no Reverse on either any more.
    expect(await page.locator('.ledger-reverse').count()).toBe(1); // the fee's
    await checkScreen(page, 'cash-10-reversed');

    const [reversal] = await db.query(
      `SELECT r.amount_cents::int AS amount, r.reason, r.reverses_entry_id = p.id AS links,
              r.created_by = $2 AS by_supervisor
         FROM ledger_entries r JOIN ledger_entries p ON p.id = r.reverses_entry_id
        WHERE r.enrollment_id = $1 AND r.kind = 'REVERSAL'`,
      [enrollmentId, supervisor.staffId],
    );
    expect(reversal).toEqual({
      amount: 10_000,
      reason: 'Bounced check',
      links: true,
      by_supervisor: true,
    });

    // The link from the reversal takes focus to the entry it reverses (a row, scrolled into
    // view), and the payment's link back to the reversal; Tab goes on from there.
    const focusedRow = () =>
      page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        const box = a.getBoundingClientRect();
        return {
          tag: a.tagName.toLowerCase(),
          text: a.innerText,
          inView: box.top >= 0 && box.bottom <= window.innerHeight,
        };
      });
    const [paymentId, reversalId] = await Promise.all([
      db.one(`SELECT id FROM ledger_entries WHERE enrollment_id = $1 AND kind = 'PAYMENT'`, [
        enrollmentId,
      ]),
      db.one(`SELECT id FROM ledger_entries WHERE enrollment_id = $1 AND kind = 'REVERSAL'`, [
        enrollmentId,
      ]),
    ]).then((r) => r.map((x: { id: string }) => x.id));
    await tabTo(page, (el) => el.tag === 'a' && el.text === 'entry 2');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`entry-${paymentId}`);
    expect(await focusedRow()).toMatchObject({ tag: 'tr', inView: true });
    expect((await focusedRow()).text).toMatch(/Payment\s+\(reversed by\s+entry 3\)/);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).innerText)).toBe(
      'entry 3',
    );
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`entry-${reversalId}`);
    expect(await focusedRow()).toMatchObject({ tag: 'tr', inView: true });
    await checkScreen(page, 'cash-15-reversal-row-focused');
  });

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
    const sup = await desks.pageOf(supervisor, 'tablet');
    await sup.goto(`${app.url}/participants/${participantId}?tab=ledger`);
    await sup.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();
    await tabTo(sup, control('Reverse entry 1'));
    await sup.keyboard.press('Enter');
    const supDialog = sup.getByRole('dialog', { name: 'Request the reversal of this entry?' });
    await supDialog.waitFor();

    // Meanwhile the finance clerk asks for the same reversal, by keyboard.
    const page = await desks.pageOf(finance, 'desktop');
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
});
