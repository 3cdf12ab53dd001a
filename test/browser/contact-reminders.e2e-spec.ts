import { Browser, Page } from 'playwright-core';
import { AppInstance, TestDatabase } from '../support/app';
import { FakeSmsGateway } from '../support/fake-sms-gateway';
import { ApiClient, loginAdmin, staffWith } from '../support/http';
import {
  chicagoAt,
  contactable,
  messagesOf,
  phoneNumber,
  providerEnv,
  waitFor,
} from '../support/reminders';
import {
  checkScreen,
  checkScreenReflows,
  enrollThroughApi,
  focusSettlesOn,
  launchChromium,
  newContext,
  pressByKeyboard,
  signInByKeyboard,
  startConsoleApp,
  tabTo,
} from './console-harness';

const centralTime = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Chicago',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

/**
 * Contact and reminders at the desks (CONSOLE.md 19–20): an intake worker records a
 * participant's consent to text messages by keyboard, a seat plans the reminders and the tab
 * lists them in Central time; a supervisor's Messages screen counts today's messages, shows a
 * failed one with its reason and sends it again, and notes the provider that is not set up
 * (email, here); withdrawing the consent withdraws the planned reminders. The server sends
 * through a loopback SMS gateway with its job runner on; the sending hours cover the whole day
 * so "at once" is at once whenever the test runs. axe at three widths on every screen and state.
 */
describe('Console: contact and reminders', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let gateway: FakeSmsGateway;
  let browser: Browser;
  let intake: ApiClient;
  let supervisor: ApiClient;
  let finance: ApiClient;

  beforeAll(async () => {
    gateway = await FakeSmsGateway.start();
    db = await TestDatabase.create();
    app = await startConsoleApp(
      db,
      providerEnv(gateway, undefined, { SENDING_HOURS: '00:00-24:00', MESSAGE_RETRY_DELAYS: '1' }),
    );
    browser = await launchChromium();
    const admin = await loginAdmin(app);
    [intake, supervisor, finance] = await Promise.all([
      staffWith(app, admin, ['INTAKE']),
      staffWith(app, admin, ['SUPERVISOR']),
      staffWith(app, admin, ['FINANCE']),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
    await gateway?.close();
  });

  async function session(startsAt: string): Promise<string> {
    const res = await supervisor.post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
      location: '1201 Main St, Room 4',
      capacity: 20,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function seat(sessionId: string, enrollmentId: string): Promise<void> {
    const res = await intake.post(`/sessions/${sessionId}/seats`, { enrollmentId });
    expect(res.status).toBe(201);
  }

  /** A radio button by its label, reached with Tab. */
  const radio = (label: string) => (el: { label: string; tag: string }) =>
    el.tag === 'input' && el.label === label;

  /** A button by its words, hidden ones included ("Send again" + " the … to Pat …"). */
  const button = (text: string) => (el: { text: string; tag: string }) =>
    el.tag === 'button' && el.text.replace(/\s+/g, ' ') === text;

  const rowsOf = (page: Page, table: string) => page.locator(`${table} tbody tr`).allInnerTexts();

  it('records consent, lists the planned reminders, counts today’s messages, sends a failed one again, and withdraws', async () => {
    // The participant, with a phone on the record but no consent yet.
    const a = await enrollThroughApi(intake, 'Okafor');
    const phone = phoneNumber();
    const patched = await intake.patch(`/participants/${a.participantId}`, {
      phone: phone.entered,
    });
    expect(patched.status).toBe(200);

    // The intake worker opens the tab by keyboard.
    const desk = await newContext(browser, 'desktop');
    const page = await desk.newPage();
    await signInByKeyboard(page, app.url, intake.email);
    // Messages is a supervisor's screen: not in an intake worker's navigation.
    expect(await page.getByRole('link', { name: 'Messages', exact: true }).count()).toBe(0);
    await page.goto(`${app.url}/participants/${a.participantId}`);
    await page.getByRole('heading', { name: 'Referrals and eligibility', level: 2 }).waitFor();
    await pressByKeyboard(page, 'Contact and reminders');
    await page.getByRole('heading', { name: 'Contact and reminders', level: 2 }).waitFor();
    expect(new URL(page.url()).search).toBe('?tab=contact');
    expect(await page.title()).toBe('Participant record — Diversion case manager');
    const consent = page.locator('.summary-list').nth(1);
    await consent.getByText('Never recorded: nothing is sent on this channel.').first().waitFor();
    expect(await page.locator('.summary-list').first().innerText()).toContain(phone.entered);
    await page.getByText('No message has been planned.').waitFor();
    await checkScreenReflows(page, 'contact-01-tab-empty');

    // "Record consent": nothing chosen → the error summary, each error linked to its field.
    await pressByKeyboard(page, 'Record consent');
    expect(await focusSettlesOn(page, 'consent-form-heading')).toBe('consent-form-heading');
    // Email is not on the record: the form says so before the API is asked. (Tab reaches a
    // radio group once; the arrow keys choose within it.)
    await tabTo(page, radio('Text messages'));
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Email', { exact: true }).isChecked()).toBe(true);
    await pressByKeyboard(page, 'Save consent');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('There is no email address on the record');
    expect(await summary.innerText()).toContain('Select how they gave consent');
    await checkScreen(page, 'contact-02-consent-errors');

    // Text messages, by a signed program agreement.
    await tabTo(page, radio('Email'));
    await page.keyboard.press('ArrowUp');
    await tabTo(page, radio('Signed program agreement'));
    await page.keyboard.press('Space');
    await pressByKeyboard(page, 'Save consent');
    expect(await focusSettlesOn(page, 'consent-saved')).toBe('consent-saved');
    expect(await page.locator('#consent-saved').innerText()).toBe(
      'Consent to text messages recorded (signed program agreement). Reminders still ahead are planned.',
    );
    await page.locator('#live-region', { hasText: 'Consent to text messages recorded' }).waitFor();
    const smsRow = consent.locator('.summary-list__row').first();
    expect(await smsRow.innerText()).toMatch(
      /^Text messages\s+Yes\s+Given: Signed program agreement, /,
    );
    await checkScreen(page, 'contact-03-consent-recorded');

    // A seat in a class in 10 days plans the 7-day and 1-day reminders.
    const startsAt = chicagoAt(10, '18:00');
    await seat(await session(startsAt), a.enrollmentId);
    const planned = (await messagesOf(intake, a.participantId)).filter((m) =>
      m.kind.startsWith('SESSION_REMINDER'),
    );
    expect(planned.map((m) => [m.kind, m.channel, m.status]).sort()).toEqual([
      ['SESSION_REMINDER_1D', 'SMS', 'PLANNED'],
      ['SESSION_REMINDER_7D', 'SMS', 'PLANNED'],
    ]);
    await page.reload();
    await page.getByRole('heading', { name: 'Contact and reminders', level: 2 }).waitFor();
    const table = '.contact-messages';
    await page.locator(table).waitFor();
    const reminder7 = planned.find((m) => m.kind === 'SESSION_REMINDER_7D')!;
    const rows = await rowsOf(page, table);
    const row7 = rows.find((r) => r.includes('Session reminder, 7 days before'));
    expect(row7).toBeDefined();
    expect(row7).toContain('Text message');
    expect(row7).toContain(`Due ${centralTime.format(new Date(reminder7.dueAt))}`);
    expect(row7).toMatch(/6:00 PM C[DS]T/);
    expect(row7!.toLowerCase()).toContain('planned');
    expect(rows.some((r) => r.includes('Session reminder, 1 day before'))).toBe(true);
    await checkScreenReflows(page, 'contact-04-reminders-planned');

    // Two more participants in a class that is cancelled: each hears at once; one number fails.
    const failing = await enrollThroughApi(intake, 'Lindqvist');
    const fine = await enrollThroughApi(intake, 'Mbeki');
    const failingPhone = (await contactable(intake, failing.participantId, ['SMS'])).phone;
    await contactable(intake, fine.participantId, ['SMS']);
    gateway.fail(failingPhone, 503);
    const cancelled = await session(chicagoAt(5, '18:00'));
    await seat(cancelled, failing.enrollmentId);
    await seat(cancelled, fine.enrollmentId);
    expect(
      (await supervisor.post(`/sessions/${cancelled}/cancel`, { reason: 'room flooded' })).status,
    ).toBe(200);
    const changedOf = async (participantId: string, status: string) => {
      const list = await messagesOf(supervisor, participantId);
      return list.find((m) => m.kind === 'SESSION_CHANGED' && m.status === status);
    };
    await waitFor('the text to the working number', () => changedOf(fine.participantId, 'SENT'));
    const failed = await waitFor('the failed text', () =>
      changedOf(failing.participantId, 'FAILED'),
    );
    expect(failed.lastError).toMatch(/^sms: HTTP 503/);

    // The supervisor's Messages screen.
    const office = await newContext(browser, 'desktop');
    const sup = await office.newPage();
    await signInByKeyboard(sup, app.url, supervisor.email);
    await pressByKeyboard(sup, 'Messages');
    await sup.locator('#page-heading', { hasText: 'Messages' }).waitFor();
    expect(await sup.title()).toBe('Messages — Diversion case manager');
    expect(new URL(sup.url()).pathname).toBe('/messages');
    // Email has no provider here: the screen says so.
    await sup.getByRole('heading', { name: 'No email provider is configured' }).waitFor();
    const counts = async () =>
      Object.fromEntries(
        (await rowsOf(sup, '.message-counts')).map((r) => {
          // Status (its meaning under it) … count.
          const cells = r
            .split(/\t|\n/)
            .map((s) => s.trim())
            .filter(Boolean);
          return [cells[0].toLowerCase(), Number(cells[cells.length - 1])];
        }),
      );
    await sup.locator('.message-counts').waitFor();
    expect(await counts()).toMatchObject({ planned: 0, sent: 1, failed: 1, 'not sent': 0 });
    const failedRows = await rowsOf(sup, '.failed-messages');
    expect(failedRows).toHaveLength(1);
    expect(failedRows[0]).toContain(`Pat ${failing.lastName}`);
    expect(failedRows[0]).toContain('Session changed or cancelled');
    expect(failedRows[0]).toContain('Text message service: HTTP 503');
    expect(failedRows[0]).toContain('2 attempts');
    await checkScreenReflows(sup, 'contact-05-messages');

    // The gateway answers again; "Send again".
    gateway.fail(failingPhone, undefined);
    await tabTo(
      sup,
      button(`Send again the session changed or cancelled to Pat ${failing.lastName}`),
    );
    await sup.keyboard.press('Enter');
    expect(await focusSettlesOn(sup, 'retry-notice')).toBe('retry-notice');
    expect(await sup.locator('#retry-notice').innerText()).toContain(
      `to Pat ${failing.lastName} is planned again`,
    );
    await sup.getByText('No message has failed.').waitFor();
    await waitFor('the text sent again', () => changedOf(failing.participantId, 'SENT'));
    expect(gateway.textsTo(failingPhone).length).toBe(3);
    await sup.reload();
    await sup.locator('.message-counts').waitFor();
    expect(await counts()).toMatchObject({ sent: 2, failed: 0 });
    await checkScreen(sup, 'contact-06-messages-sent-again');
    await office.close();

    // The participant asks to stop: withdrawing the consent withdraws the planned reminders.
    await pressByKeyboard(page, 'Withdraw consent');
    expect(await focusSettlesOn(page, 'consent-form-heading')).toBe('consent-form-heading');
    // The only channel with consent is chosen already.
    expect(await page.locator('#consent-channel').isChecked()).toBe(true);
    await tabTo(page, radio('Signed program agreement'));
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Said so to staff').isChecked()).toBe(true);
    await checkScreen(page, 'contact-07-withdraw-form');
    await pressByKeyboard(page, 'Save withdrawal');
    expect(await focusSettlesOn(page, 'consent-saved')).toBe('consent-saved');
    expect(await page.locator('#consent-saved').innerText()).toBe(
      'Consent to text messages withdrawn. Every planned message on this channel is withdrawn.',
    );
    expect(await smsRow.innerText()).toMatch(/^Text messages\s+No\s+Withdrawn: Said so to staff, /);
    await page.locator(table, { hasText: 'Withdrawn' }).waitFor();
    const after = await rowsOf(page, table);
    const withdrawn7 = after.find((r) => r.includes('Session reminder, 7 days before'))!;
    expect(withdrawn7.toLowerCase()).toContain('withdrawn');
    expect(withdrawn7).toContain('Consent withdrawn');
    expect(withdrawn7).toContain(`Planned for ${centralTime.format(new Date(reminder7.dueAt))}`);
    expect(
      (await messagesOf(intake, a.participantId)).filter((m) => m.status === 'PLANNED'),
    ).toEqual([]);
    // No consent left: nothing to withdraw.
    expect(await page.getByRole('button', { name: 'Withdraw consent' }).count()).toBe(0);
    await checkScreenReflows(page, 'contact-08-consent-withdrawn');
    await desk.close();

    // Finance reads the tab (the API lets it) but records nothing.
    const cashDesk = await newContext(browser, 'desktop');
    const cash = await cashDesk.newPage();
    await signInByKeyboard(cash, app.url, finance.email);
    await cash.goto(`${app.url}/participants/${a.participantId}?tab=contact`);
    await cash.getByRole('heading', { name: 'Contact and reminders', level: 2 }).waitFor();
    await cash.locator(table).waitFor();
    expect(await cash.getByRole('button', { name: 'Record consent' }).count()).toBe(0);
    await cashDesk.close();
  });
});
