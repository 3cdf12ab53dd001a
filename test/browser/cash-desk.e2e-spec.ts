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
  newContext,
  pdfOpenedByEnter,
  startConsoleApp,
  tabTo,
  typeHere,
  signInByKeyboard,
  pressByKeyboard,
  enrollThroughApi,
  focusSettlesOn,
} from './console-harness';

const FEE = 40_000; // $400.00

/**
 * The cash desk, by keyboard alone: a finance clerk records a payment through its review step to
 * the receipt and its PDF; a payment whose answer is lost on the way back is confirmed again and
 * recorded once; an overpayment is refused with the error on Amount; a supervisor reverses a
 * bounced check. axe runs at three widths after every navigation and with every error summary
 * and dialog open.
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

  const signIn = (page: Page, email: string) => signInByKeyboard(page, app.url, email);

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
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signIn(page, finance.email);

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
    await context.close();
  });

  it('refuses a payment over the balance with the error on Amount', async () => {
    const { enrollmentId } = await enrolled();
    await payByApi(enrollmentId, { amountCents: 30_000, method: 'CARD' });
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    await signIn(page, finance.email);
    await page.goto(`${app.url}/enrollments/${enrollmentId}/payments/new`);
    await page.locator('#page-heading', { hasText: 'Record a payment' }).waitFor();

    // More than the balance the form shows: refused before anything is sent.
    await tabTo(page, byLabel('Amount'));
    await typeHere(page, '100.01');
    await tabTo(page, (el) => el.label === 'Cash' && el.tag === 'input');
    await page.keyboard.press('ArrowDown'); // Check
    await press(page, 'Continue');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('more than the balance of $100.00');
    expect(await summary.innerText()).toContain('Enter the check number');

    // The whole balance, but another clerk takes part of it meanwhile: the API refuses it with
    // OVERPAYMENT, shown on Amount.
    // The summary has focus; its first link goes to Amount.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('amount');
    await page.keyboard.press('Control+A');
    await typeHere(page, '100');
    await tabTo(page, byLabel('Reference'));
    await typeHere(page, '1042');
    await press(page, 'Continue');
    await page.getByRole('heading', { name: 'Check the payment' }).waitFor();
    await payByApi(enrollmentId, { amountCents: 2_500, method: 'CASH' });
    await press(page, 'Confirm payment');
    await summary.waitFor();
    await page.locator('#amount').waitFor();
    expect(await summary.innerText()).toContain('The amount is more than the balance of $75.00');
    expect(await page.locator('#amount-error').innerText()).toContain('more than the balance');
    await checkScreen(page, 'cash-07-overpayment');

    // The summary's link takes focus to Amount, which still holds what was typed.
    expect(await summary.getByRole('link').getAttribute('href')).toBe('#amount');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('amount');
    expect(await page.inputValue('#amount')).toBe('100');
    expect((await payments(enrollmentId)).map((p) => p.amount)).toEqual([30_000, 2_500]);
    await context.close();
  });

  it('refuses a waiver over the balance when it is asked for, saying the most that can be waived', async () => {
    const { enrollmentId } = await enrolled();
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signIn(page, finance.email);
    await page.goto(`${app.url}/enrollments/${enrollmentId}/waiver-requests/new`);
    await page.locator('#page-heading', { hasText: 'Request a waiver' }).waitFor();
    await tabTo(page, byLabel('Amount'));
    await typeHere(page, '200');
    await tabTo(page, (el) => el.tag === 'input' && el.label.length > 0 && el.label !== 'Amount');
    await page.keyboard.press('Space');
    await tabTo(page, byLabel('Note'));
    await typeHere(page, 'Pay stubs reviewed');
    // A payment comes in at the window meanwhile: $300 of $400, so at most $100 can be waived.
    await payByApi(enrollmentId, { amountCents: 30_000, method: 'CASH' });
    await press(page, 'Request waiver');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain(
      'The waiver is more than the balance now. The most that can be waived is $100.00.',
    );
    expect(await page.locator('#amount-error').innerText()).toContain('$100.00');
    const requests = await db.query(`SELECT 1 FROM waiver_requests WHERE enrollment_id = $1`, [
      enrollmentId,
    ]);
    expect(requests).toHaveLength(0);
    await context.close();
  });

  it('records a refund of at most the money received', async () => {
    const { participantId, enrollmentId } = await enrolled();
    await payByApi(enrollmentId, { amountCents: 10_000, method: 'CASH' });
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signIn(page, finance.email);
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
    await context.close();
  });

  it('lets a supervisor reverse a bounced check: both entries linked, the balance restored', async () => {
    const { participantId, enrollmentId } = await enrolled();
    await payByApi(enrollmentId, { amountCents: 10_000, method: 'CHECK', reference: 'CHK-2231' });
    const context = await newContext(browser, 'tablet');
    const page = await context.newPage();
    await signIn(page, supervisor.email);
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
    await context.close();
  });
});
