import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { today } from '../intake-fixtures';
import { chicagoDaysAgo } from '../support/api-factory';
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
  SIZES,
  pressByKeyboard,
  enrollThroughApi,
  focusSettlesOn,
} from './console-harness';
import { Desks } from './desks';

const FEE = 40_000; // $400.00
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/**
 * Waivers and the end of an enrollment: a finance clerk asks for a waiver, a supervisor approves
 * it on the Approvals screen (and rejects another with a reason), a supervisor's own request
 * cannot be approved by them; an enrollment shows what completion still needs, completes once
 * its last session and payment are in, and its notice PDF downloads; another is terminated with
 * a reason. axe at three widths after every navigation, with error summaries and dialogs open.
 */
describe('Console: approvals and closing an enrollment', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;
  let admin: ApiClient;
  let intake: ApiClient;
  let finance: ApiClient;
  let supervisor: ApiClient;
  let supervisingClerk: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startConsoleApp(db);
    browser = await launchChromium();
    admin = await loginAdmin(app);
    [intake, finance, supervisor, supervisingClerk] = await Promise.all([
      staffWith(app, admin, ['INTAKE']),
      staffWith(app, admin, ['FINANCE']),
      staffWith(app, admin, ['SUPERVISOR']),
      staffWith(app, admin, ['SUPERVISOR', 'FINANCE']),
    ]);
    const programs = await admin.get('/programs');
    const johnz = programs.body.find((p: { code: string }) => p.code === 'JOHNZ_SCHOOL');
    await admin.patch(`/programs/${johnz.id}`, { feeCents: FEE, requiredSessions: 2 }).expect(200);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
  });

  // Enrolled two days ago: the classes below, held hours ago, never precede the enrollment.
  const enrolled = () => enrollThroughApi(intake, 'Ruiz', 'JOHNZ_SCHOOL', chicagoDaysAgo(2));

  /** A class held a few hours ago, the participant seated and marked present. */
  async function attended(enrollmentId: string, hoursBack: number): Promise<void> {
    const s = await supervisor
      .post('/sessions', {
        programCode: 'JOHNZ_SCHOOL',
        startsAt: hoursAgo(hoursBack),
        endsAt: hoursAgo(hoursBack - 2),
        location: 'Municipal Court, Room 4',
        capacity: 20,
      })
      .expect(201);
    // Entered after the class: a seat then is a SUPERVISOR's, with a reason.
    await supervisor
      .post(`/sessions/${s.body.id}/seats`, { enrollmentId, reason: 'Entered after the class' })
      .expect(201);
    await supervisor
      .put(`/sessions/${s.body.id}/attendance`, { records: [{ enrollmentId, status: 'PRESENT' }] })
      .expect(200);
  }

  async function pay(enrollmentId: string, amountCents: number): Promise<void> {
    const res = await finance
      .post(`/enrollments/${enrollmentId}/payments`, {
        amountCents,
        method: 'CASH',
        receivedOn: today(),
      })
      .set('Idempotency-Key', randomUUID());
    if (res.status !== 201)
      throw new Error(
        `payment: ${res.status} ${JSON.stringify(res.body)}\n${app.output().slice(-3000)}`,
      );
  }

  /** Each staff member's browser, signed in by keyboard the first time they are needed. */
  const desks = new Desks(
    () => browser,
    () => app.url,
  );

  /** The home page, afresh (its badges and cards as they are now). */
  async function atHome(page: Page): Promise<void> {
    await page.goto(app.url);
    await page.locator('#page-heading', { hasText: 'Good to see you' }).waitFor();
  }

  const press = pressByKeyboard;

  /** A button or link by its words, hidden ones included ("Approve" + " $50.00 for …"). */
  const control = (text: string) => (el: { text: string; tag: string }) =>
    el.text.replace(/\s+/g, ' ') === text && (el.tag === 'button' || el.tag === 'a');

  it('a clerk asks for a waiver, a supervisor approves it on Approvals, and it is on the ledger', async () => {
    const { participantId, enrollmentId, lastName } = await enrolled();
    const name = `Pat ${lastName}`;

    // The finance clerk asks, by keyboard, from the ledger.
    const page = await desks.pageOf(finance, 'desktop');
    await page.goto(`${app.url}/participants/${participantId}?tab=ledger`);
    await page.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();
    await press(page, 'Request a waiver');
    await page.locator('#page-heading', { hasText: 'Request a waiver' }).waitFor();
    await checkScreen(page, 'approvals-01-waiver-form');
    await press(page, 'Request waiver');
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').innerText()).toContain('Select the reason');
    await checkScreen(page, 'approvals-02-waiver-errors');
    await tabTo(page, byLabel('Amount'));
    await typeHere(page, '150');
    await tabTo(page, (el) => el.label === 'Ability to pay' && el.tag === 'input');
    await page.keyboard.press('Space');
    await tabTo(page, byLabel('Note'));
    await typeHere(page, 'Unemployed since March; benefits letter reviewed.');

    // The first answer is lost on its way back: the server has the request, the browser sees a
    // failed one. Pressing again is the same submission (same key): still one request.
    const keys: string[] = [];
    let firstAnswer = 0;
    await page.route('**/waiver-requests', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      firstAnswer = (await route.fetch()).status();
      await route.abort('internetdisconnected');
    });
    await press(page, 'Request waiver');
    const lost = page.locator('.error-summary', { hasText: 'The connection was lost' });
    await lost.waitFor();
    expect(await lost.innerText()).toContain(
      'Press “Request waiver” again: it is sent as the same submission',
    );
    expect(firstAnswer).toBe(201);
    await checkScreen(page, 'approvals-02b-waiver-connection-lost');
    await page.unroute('**/waiver-requests');
    page.on('request', (r) => {
      if (r.url().endsWith('/waiver-requests')) keys.push(r.headers()['idempotency-key']);
    });
    await press(page, 'Request waiver');
    await page.getByRole('heading', { name: 'Waiver requested' }).waitFor();
    expect(await focusSettlesOn(page, 'sent-heading')).toBe('sent-heading');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const pending = await db.query(
      `SELECT amount_cents::int AS amount FROM waiver_requests WHERE enrollment_id = $1`,
      [enrollmentId],
    );
    expect(pending).toEqual([{ amount: 15_000 }]);
    await checkScreen(page, 'approvals-03-waiver-requested');
    // Not on the ledger yet: it waits for a supervisor.
    await press(page, 'Back to the ledger');
    await page.getByRole('heading', { name: 'Waiting for a supervisor' }).waitFor();
    expect(await page.locator('.ledger-table tbody tr').count()).toBe(1);
    await checkScreen(page, 'approvals-03b-ledger-waiting');

    // A second request, to be rejected.
    const second = await finance
      .post(`/enrollments/${enrollmentId}/waiver-requests`, {
        amountCents: 5_000,
        reason: 'OTHER',
        note: 'Second thoughts.',
      })
      .expect(201);

    // The supervisor: the home card and the navigation badge count what waits.
    const sup = await desks.pageOf(supervisor, 'desktop');
    await atHome(sup);
    // The badge is a flex item of the link: Chromium puts a space at its edge ("Approvals , 2").
    await sup.getByRole('link', { name: /^Approvals\s*, 2 waiting$/ }).waitFor();
    await checkScreen(sup, 'approvals-04-home');
    await tabTo(sup, byText('Waiver requests waiting'));
    await sup.keyboard.press('Enter');
    await sup.locator('#page-heading', { hasText: 'Approvals' }).waitFor();
    expect(await sup.title()).toBe('Approvals — Diversion case manager');
    const table = sup.locator('.approvals-table tbody tr');
    await table.first().waitFor();
    const rows = await table.allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(name);
    expect(rows[0]).toContain('$150.00');
    expect(rows[0]).toContain('Ability to pay');
    expect(rows[0]).toContain('benefits letter reviewed');
    const [{ asker }] = await db.query('SELECT display_name AS asker FROM staff WHERE id = $1', [
      finance.staffId,
    ]);
    expect(rows[0]).toContain(asker);
    await checkScreen(sup, 'approvals-05-list');

    // Reject the second, with a reason, in a dialog.
    await tabTo(sup, control(`Reject $50.00 for ${name}`));
    await sup.keyboard.press('Enter');
    const dialog = sup.getByRole('dialog', { name: 'Reject this waiver request?' });
    await dialog.waitFor();
    await press(sup, 'Reject request');
    await dialog.locator('.error-summary').waitFor();
    expect(await dialog.locator('.error-summary').innerText()).toContain(
      'Enter the reason for rejecting',
    );
    await checkScreen(sup, 'approvals-06-reject-dialog');
    await tabTo(sup, byLabel('Reason for rejecting'));
    await typeHere(sup, 'No reason given for a second waiver.');
    await press(sup, 'Reject request');
    await dialog.waitFor({ state: 'hidden' });
    await sup.locator('main').getByText(`Waiver of $50.00 for ${name} rejected.`).waitFor();
    await sup.getByRole('link', { name: /^Approvals\s*, 1 waiting$/ }).waitFor();

    // Approve the first.
    await tabTo(sup, control(`Approve $150.00 for ${name}`));
    await sup.keyboard.press('Enter');
    await sup
      .locator('main')
      .getByText(`Waiver of $150.00 for ${name} approved. It is on the ledger now.`)
      .waitFor();
    await sup.getByText('No waiver request is waiting.').waitFor();
    expect(await sup.getByRole('link', { name: 'Approvals', exact: true }).count()).toBe(1);
    await checkScreen(sup, 'approvals-07-decided-empty');

    await press(sup, 'Open the ledger');
    await sup.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();
    await sup.getByText('Balance owed: $250.00').waitFor();
    const ledger = await sup.locator('.ledger-table tbody tr').allInnerTexts();
    expect(ledger).toHaveLength(2);
    expect(ledger[1]).toContain('Waiver');
    expect(ledger[1]).toContain('−$150.00');
    // The waiver's reason in words, never its code.
    expect(ledger[1]).toContain('Ability to pay');
    expect(ledger.join('\n')).not.toContain('ABILITY_TO_PAY');
    await checkScreen(sup, 'approvals-08-ledger');

    const decided = await db.query(
      `SELECT amount_cents::int AS amount, status, decided_by = $2 AS by_supervisor, decision_note
         FROM waiver_requests WHERE enrollment_id = $1 ORDER BY requested_at`,
      [enrollmentId, supervisor.staffId],
    );
    expect(decided).toEqual([
      { amount: 15_000, status: 'APPROVED', by_supervisor: true, decision_note: null },
      {
        amount: 5_000,
        status: 'REJECTED',
        by_supervisor: true,
        decision_note: 'No reason given for a second waiver.',
      },
    ]);
    expect(second.body.id).toBeDefined();
  });

  it("shows a supervisor's own request with Approve disabled and why; another supervisor may approve it", async () => {
    const { enrollmentId, lastName } = await enrolled();
    const name = `Pat ${lastName}`;
    await supervisingClerk
      .post(`/enrollments/${enrollmentId}/waiver-requests`, {
        amountCents: 2_500,
        reason: 'ABILITY_TO_PAY',
        note: 'Asked for by a supervisor who also works the cash desk.',
      })
      .expect(201);
    // And one by a finance clerk, which this supervisor can decide.
    const { enrollmentId: another } = await enrolled();
    await finance
      .post(`/enrollments/${another}/waiver-requests`, {
        amountCents: 1_000,
        reason: 'OTHER',
        note: 'Fee set in error.',
      })
      .expect(201);
    const waiting = async (exceptBy: string) =>
      Number(
        (
          await db.one(
            `SELECT count(*) AS n FROM waiver_requests
              WHERE status = 'PENDING' AND requested_by <> $1`,
            [exceptBy],
          )
        ).n,
      );

    const page = await desks.pageOf(supervisingClerk, 'phone');
    // The navigation badge counts what they can decide: all that wait but their own.
    const theyCanDecide = await waiting(supervisingClerk.staffId);
    expect(theyCanDecide).toBeGreaterThan(0);
    await page
      .getByRole('link', { name: new RegExp(`^Approvals\\s*, ${theyCanDecide} waiting$`) })
      .waitFor();
    await page.goto(`${app.url}/approvals`);
    await page.locator('#page-heading', { hasText: 'Approvals' }).waitFor();
    const row = page.locator('.approvals-table tbody tr', { hasText: name });
    await row.waitFor();
    const approve = row.getByRole('button', { name: `Approve $25.00 for ${name}` });
    expect(await approve.isDisabled()).toBe(true);
    expect(await row.getByRole('button', { name: `Reject $25.00 for ${name}` }).isDisabled()).toBe(
      true,
    );
    expect(await row.innerText()).toContain(
      'You asked for this waiver: another supervisor must decide it.',
    );
    // The reason is what a screen reader hears with the button.
    expect(await approve.getAttribute('aria-describedby')).toBe(
      await row.locator('.approvals-own').getAttribute('id'),
    );
    await checkScreen(page, 'approvals-09-own-request');

    // Another supervisor sees it enabled and approves it.
    // On a tablet.
    const sup = await desks.pageOf(supervisor, 'desktop');
    await sup.setViewportSize(SIZES.tablet);
    await atHome(sup);
    // Their badge counts the other supervisor's request too.
    const otherCanDecide = await waiting(supervisor.staffId);
    expect(otherCanDecide).toBe(theyCanDecide + 1);
    await sup
      .getByRole('link', { name: new RegExp(`^Approvals\\s*, ${otherCanDecide} waiting$`) })
      .waitFor();
    await sup.goto(`${app.url}/approvals`);
    const theirs = sup.locator('.approvals-table tbody tr', { hasText: name });
    await theirs.waitFor();
    expect(
      await theirs.getByRole('button', { name: `Approve $25.00 for ${name}` }).isDisabled(),
    ).toBe(false);
    expect(await theirs.locator('.approvals-own').count()).toBe(0);
  });

  it('lists what completion still needs, completes once it is done, and downloads the notice', async () => {
    const { participantId, enrollmentId, lastName } = await enrolled();
    await attended(enrollmentId, 30);
    await pay(enrollmentId, 25_000);

    const page = await desks.pageOf(intake, 'desktop');
    await page.goto(`${app.url}/participants/${participantId}?tab=enrollment`);
    await page.getByRole('heading', { name: 'Enrollment', level: 2 }).waitFor();
    await checkScreen(page, 'completion-01-enrollment');

    // The record shows what completion still needs, and no "Complete enrollment" until it is done.
    const onTab = page.locator('.completion-checklist');
    expect(await onTab.innerText()).toMatch(/Sessions attended 1 of 2 required\s+Missing/i);
    expect(await onTab.innerText()).toContain('1 more session to attend');
    expect(await onTab.innerText()).toContain('$150.00 still owed');
    expect(await onTab.innerText()).toContain('Deadline');
    expect(await page.getByRole('button', { name: 'Complete enrollment' }).count()).toBe(0);
    expect(await page.locator('#complete-not-yet').innerText()).toContain('once every item');
    await checkScreen(page, 'completion-02-checklist');
    const [{ status: still }] = await db.query('SELECT status FROM enrollments WHERE id = $1', [
      enrollmentId,
    ]);
    expect(still).toBe('ACTIVE');

    // The last class and the last payment come in.
    await attended(enrollmentId, 6);
    await pay(enrollmentId, 15_000);
    await page.reload();
    await page.getByRole('heading', { name: 'Enrollment', level: 2 }).waitFor();
    expect(await onTab.innerText()).not.toMatch(/missing/i);

    await press(page, 'Complete enrollment');
    const dialog = page.getByRole('dialog', { name: 'Complete the enrollment?' });
    await dialog.waitFor();
    const checklist = dialog.locator('.completion-checklist');
    await checklist.getByText('2 of 2 required').waitFor();
    expect(await checklist.innerText()).not.toMatch(/missing/i);
    await checkScreen(page, 'completion-04-ready');
    await tabTo(page, (el) => el.text === 'Complete enrollment' && el.tag === 'button');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const notice = page.locator('#enrollment-notice');
    await notice.waitFor();
    const certificate = /C-\d{4}-[0-9A-F]{8}/.exec(await notice.innerText())?.[0];
    const [row] = await db.query(
      'SELECT status, certificate_number AS certificate FROM enrollments WHERE id = $1',
      [enrollmentId],
    );
    expect(row).toEqual({ status: 'COMPLETED', certificate });
    await page.locator('.key-details').getByText('Completed').waitFor();
    expect(await page.getByRole('button', { name: 'Complete enrollment' }).count()).toBe(0);
    await checkScreen(page, 'completion-05-completed');

    await tabTo(page, byText('Completion notice (PDF)'));
    // The notice opens in a new tab (not saved to the Downloads folder).
    const { text, pages } = await pdfText((await pdfOpenedByEnter(page)).bytes);
    expect(pages).toBe(1);
    expect(text).toContain(certificate);
    expect(text).toContain(lastName);
  });

  it('terminates an enrollment with a reason in plain words, after a confirm step', async () => {
    const { participantId, enrollmentId } = await enrolled();
    // On a tablet.
    const page = await desks.pageOf(supervisor, 'desktop');
    await page.setViewportSize(SIZES.tablet);
    await page.goto(`${app.url}/participants/${participantId}?tab=enrollment`);
    await page.getByRole('heading', { name: 'Enrollment', level: 2 }).waitFor();

    await press(page, 'Terminate');
    const dialog = page.getByRole('dialog', { name: 'Terminate the enrollment' });
    await dialog.waitFor();
    await press(page, 'Continue');
    await dialog.locator('.error-summary').waitFor();
    expect(await dialog.locator('.error-summary').innerText()).toContain(
      'Select the reason for terminating',
    );
    await checkScreen(page, 'completion-06-terminate-reason');
    const reasons = await dialog.locator('.usa-radio__label').allInnerTexts();
    expect(reasons).toEqual([
      'Did not follow the program’s rules',
      'Charged with a new offense',
      'Did not finish by the deadline',
      'Another reason',
    ]);
    await tabTo(
      page,
      (el) => el.label === 'Did not follow the program’s rules' && el.tag === 'input',
    );
    await page.keyboard.press('ArrowDown'); // Charged with a new offense
    await press(page, 'Continue');
    await dialog.getByRole('heading', { name: /^Terminate .*’s enrollment\?$/ }).waitFor();
    expect(await dialog.innerText()).toContain('Reason: Charged with a new offense');
    expect(await dialog.innerText()).toContain('The case goes back to the prosecutor');
    await checkScreen(page, 'completion-07-terminate-confirm');
    await press(page, 'Terminate enrollment');
    await dialog.waitFor({ state: 'hidden' });
    await page
      .locator('#enrollment-notice', {
        hasText: 'Enrollment terminated. The case goes back to the prosecutor.',
      })
      .waitFor();
    await page
      .locator('.summary-list')
      .getByText(/Charged with a new offense/)
      .waitFor();
    const [row] = await db.query(
      'SELECT status, closed_reason AS reason FROM enrollments WHERE id = $1',
      [enrollmentId],
    );
    expect(row).toEqual({ status: 'TERMINATED', reason: 'NEW_OFFENSE' });
    await checkScreen(page, 'completion-08-terminated');

    // Withdrawing asks for the reason too, and confirms before it closes anything.
    const other = await enrolled();
    await page.goto(`${app.url}/participants/${other.participantId}?tab=enrollment`);
    await page.getByRole('heading', { name: 'Enrollment', level: 2 }).waitFor();
    await press(page, 'Withdraw');
    const withdraw = page.getByRole('dialog', { name: 'Withdraw the enrollment' });
    await withdraw.waitFor();
    await tabTo(page, byLabel('Reason for withdrawing'));
    await typeHere(page, 'Moved out of state');
    await press(page, 'Continue');
    await withdraw.getByText('Reason: Moved out of state').waitFor();
    const [open] = await db.query('SELECT status FROM enrollments WHERE id = $1', [
      other.enrollmentId,
    ]);
    expect(open.status).toBe('ACTIVE');
    await press(page, 'Withdraw enrollment');
    await page.locator('#enrollment-notice', { hasText: 'Enrollment withdrawn.' }).waitFor();
    const [closed] = await db.query(
      'SELECT status, closed_reason AS reason FROM enrollments WHERE id = $1',
      [other.enrollmentId],
    );
    expect(closed).toEqual({ status: 'WITHDRAWN', reason: 'Moved out of state' });
  });
});
