import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { today, uniqueName } from '../intake-fixtures';
import { chicagoDaysAgo } from '../support/api-factory';
import { AppInstance, TestDatabase } from '../support/app';
import { ApiClient, loginAdmin, staffWith } from '../support/http';
import { pdfText } from '../support/pdf';
import {
  byLabel,
  byText,
  checkScreen,
  launchChromium,
  newContext,
  SCREENSHOTS,
  startConsoleApp,
  tabTo,
  typeHere,
  signInByKeyboard,
  SIZES,
} from './console-harness';

const MINUTE = 60_000;
const chicagoDay = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(d);

/**
 * A start time that has passed and is still today in Chicago: an hour ago, or a moment ago just
 * after midnight (so "My sessions today" lists it).
 */
function startedToday(): Date {
  const hourAgo = new Date(Date.now() - 60 * MINUTE);
  return chicagoDay(hourAgo) === today() ? hourAgo : new Date(Date.now() - 30_000);
}

const FIRST_NAMES = [
  'Daniel',
  'Marcus',
  'Robert',
  'Luis',
  'Anthony',
  'Kevin',
  'Jamal',
  'Brian',
  'Tuan',
  'Peter',
  'Samuel',
  'Derek',
  'Oscar',
  'Hector',
  'Wesley',
  'Curtis',
  'Gregory',
  'Ivan',
  'Jerome',
  'Victor',
];

interface Person {
  enrollmentId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
}

/**
 * Sessions (screen 8) and attendance at the door (screen 9), against the real server and
 * PostgreSQL, all data made through the HTTP API. axe runs at three widths after every
 * navigation, with error summaries and dialogs open.
 */
describe('Console: sessions and attendance at the door', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;
  let admin: ApiClient;
  let supervisor: ApiClient;
  let intake: ApiClient;
  let facilitator: ApiClient;
  let facilitatorName: string;
  let personCount = 0;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startConsoleApp(db);
    browser = await launchChromium();
    admin = await loginAdmin(app);
    supervisor = await staffWith(app, admin, ['SUPERVISOR']);
    intake = await staffWith(app, admin, ['INTAKE']);
    facilitator = await staffWith(app, admin, ['FACILITATOR']);
    facilitatorName = (await facilitator.get('/auth/me')).body.displayName;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
  });

  // ---- data, through the HTTP API ------------------------------------------------------------

  /** A registered participant, referred, checked eligible and enrolled in the program. */
  async function enrolled(programCode = 'JOHNZ_SCHOOL'): Promise<Person> {
    const n = personCount++;
    const firstName = FIRST_NAMES[n % FIRST_NAMES.length];
    const lastName = uniqueName(['Okafor', 'Nguyen', 'Schmidt', 'Garcia', 'Walker'][n % 5]);
    const dateOfBirth = `19${60 + (n % 40)}-0${1 + (n % 9)}-${10 + (n % 18)}`;
    const p = await intake.post('/participants', { firstName, lastName, dateOfBirth });
    expect(p.status).toBe(201);
    const r = await intake.post('/referrals', {
      participantId: p.body.id,
      caseNumber: `2026-CR-${n}-${Date.now() % 1_000_000}`,
      jurisdiction: 'KC-MUNICIPAL',
      referringAgency: 'KCPD',
      offenseDate: '2026-01-15',
      chargeCode: 'RSMo 567.030',
      offenseClass: 'B_MISDEMEANOR',
      minorInvolved: 'NO',
      priorProstitutionConvictions: 0,
      priorDiversionDeclared: false,
      pendingSimilarCharge: false,
      registeredSexOffender: false,
      traffickingCharge: false,
    });
    expect(r.status).toBe(201);
    const c = await intake.post(`/referrals/${r.body.id}/eligibility-checks`);
    expect(c.body.eligible).toBe(true);
    // Signed two days ago: a class that ended yesterday may hold the seat.
    const e = await intake.post('/enrollments', {
      referralId: r.body.id,
      programCode,
      agreementSignedOn: chicagoDaysAgo(2),
    });
    expect(e.status).toBe(201);
    return { enrollmentId: e.body.id, firstName, lastName, dateOfBirth };
  }

  async function schedule(opts: {
    startsAt: Date;
    minutes?: number;
    capacity?: number;
    facilitatorId?: string;
  }): Promise<string> {
    const res = await supervisor.post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt: opts.startsAt.toISOString(),
      endsAt: new Date(opts.startsAt.getTime() + (opts.minutes ?? 180) * MINUTE).toISOString(),
      location: 'Room 204, 1125 Locust St',
      capacity: opts.capacity ?? 45,
      facilitatorId: opts.facilitatorId,
      topic: 'Impact on the community',
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  /** Seats people; in a session that has started, as a SUPERVISOR with the reason. */
  async function seat(sessionId: string, people: Person[]): Promise<void> {
    for (const p of people) {
      const res = await supervisor.post(`/sessions/${sessionId}/seats`, {
        enrollmentId: p.enrollmentId,
        reason: 'Seated after the start',
      });
      expect(res.status).toBe(201);
    }
  }

  // ---- keyboard ------------------------------------------------------------------------------

  const signIn = (page: Page, email: string) => signInByKeyboard(page, app.url, email);

  async function pressButton(page: Page, text: string): Promise<void> {
    await tabTo(page, byText(text));
    await page.keyboard.press('Enter');
  }

  async function heading(page: Page, text: string): Promise<void> {
    await page.locator('#page-heading', { hasText: text }).waitFor();
  }

  /** Tab until focus is on an element matching the selector. */
  async function tabToSelector(page: Page, selector: string): Promise<void> {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return;
    }
    throw new Error(`could not reach ${selector} with Tab`);
  }

  /** Tab (or Shift+Tab) until focus is in the radio group whose legend names the person. */
  async function tabToGroup(page: Page, name: string, key = 'Tab'): Promise<void> {
    for (let i = 0; i < 300; i++) {
      await page.keyboard.press(key);
      const legend = await page.evaluate(
        () =>
          document.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent ?? '',
      );
      if (legend.includes(name)) return;
    }
    throw new Error(`could not reach the radio group of ${name} with ${key}`);
  }

  /** What is checked in each person's group, by the legend's name. */
  async function marks(page: Page): Promise<Record<string, string>> {
    return page.evaluate(() => {
      const out: Record<string, string> = {};
      for (const f of document.querySelectorAll('.attendance-form fieldset')) {
        const name = f.querySelector('.attendance-row__name')?.textContent ?? '';
        const checked = f.querySelector<HTMLInputElement>('input:checked');
        out[name] = checked
          ? (f.querySelector(`label[for="${checked.id}"]`)?.textContent ?? '')
          : '';
      }
      return out;
    });
  }

  const liveRegion = (page: Page) => page.locator('#live-region');

  /** Waits until the live region announces a message that starts with `text`. */
  async function announced(page: Page, text: string): Promise<string> {
    await page.waitForFunction(
      (t) => document.getElementById('live-region')?.textContent?.startsWith(t),
      text,
    );
    return liveRegion(page).innerText();
  }

  // ---- the door ------------------------------------------------------------------------------

  it('a facilitator takes attendance at the door on a tablet by keyboard alone; a supervisor sees every revision', async () => {
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await enrolled());
    const sessionId = await schedule({
      startsAt: startedToday(),
      facilitatorId: facilitator.staffId,
    });
    await seat(sessionId, people);
    // A later session of the same facilitator: no attendance before it starts.
    const laterId = await schedule({
      startsAt: new Date(Date.now() + 120 * MINUTE),
      facilitatorId: facilitator.staffId,
    });
    await seat(laterId, [await enrolled()]);

    const context = await newContext(browser, 'tablet');
    const page = await context.newPage();
    await signIn(page, facilitator.email);
    await checkScreen(page, 'door-01-home');
    const card = page.locator('.work-cards a', { hasText: 'My sessions today' });
    expect(await card.count()).toBe(1);

    // Home → the "My sessions today" card → "Take attendance" of the session that has started.
    await tabToSelector(page, '.work-cards a');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'My sessions today',
    );
    await page.keyboard.press('Enter');
    await heading(page, 'My sessions today');
    expect(await page.title()).toBe('My sessions today — Diversion case manager');
    await page.getByText('Room 204, 1125 Locust St').first().waitFor();
    await checkScreen(page, 'door-02-my-sessions-today');
    await tabTo(page, (el) => el.text.startsWith('Take attendance'));
    await page.keyboard.press('Enter');
    await heading(page, 'Attendance');
    expect(page.url()).toContain(`/sessions/${sessionId}/attendance`);
    expect(await page.title()).toBe('Attendance at the door — Diversion case manager');
    // The navigation still says where the facilitator came from.
    expect(await page.locator('.console-nav [aria-current="page"]').innerText()).toBe(
      'My sessions today',
    );
    // Every person is a fieldset whose legend has the name and the date of birth.
    const legends = await page.locator('.attendance-form fieldset legend').allInnerTexts();
    expect(legends).toHaveLength(6);
    const [a, b, c] = [...people].sort((x, y) => x.lastName.localeCompare(y.lastName));
    expect(legends.join('\n')).toContain(`${a.firstName} ${a.lastName}, born `);
    expect(page.url()).not.toContain(a.lastName);
    await checkScreen(page, 'door-03-attendance');

    // Saving with nobody marked: the error summary names each person and links to them.
    await pressButton(page, 'Save attendance');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain(
      `Mark the attendance of ${a.firstName} ${a.lastName}`,
    );
    await checkScreen(page, 'door-04-nobody-marked');

    // "Mark all present" first (it is the first control of the form), then the exceptions.
    await pressButton(page, 'Mark all present');
    await announced(page, 'All 6 people marked present');
    expect(Object.values(await marks(page))).toEqual(Array(6).fill('Present'));
    await tabToGroup(page, `${b.firstName} ${b.lastName}`);
    await page.keyboard.press('ArrowRight'); // Present → Late
    await tabToGroup(page, `${c.firstName} ${c.lastName}`);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight'); // → Left early → Absent
    const chosen = await marks(page);
    expect(chosen[`${b.firstName} ${b.lastName}`]).toBe('Late');
    expect(chosen[`${c.firstName} ${c.lastName}`]).toBe('Absent');

    await pressButton(page, 'Save attendance');
    await page.getByRole('heading', { name: 'Attendance saved for 6 people' }).waitFor();
    expect(await announced(page, 'Attendance saved')).toBe('Attendance saved for 6 people');
    await checkScreen(page, 'door-05-saved');

    const statusOf = async () => {
      const roster = await supervisor.get(`/sessions/${sessionId}/roster`);
      return Object.fromEntries(
        roster.body.rows.map((r: { enrollmentId: string; status: string }) => [
          r.enrollmentId,
          r.status,
        ]),
      );
    };
    let saved = await statusOf();
    expect(saved[b.enrollmentId]).toBe('LATE');
    expect(saved[c.enrollmentId]).toBe('ABSENT');
    expect(Object.values(saved).filter((s) => s === 'PRESENT')).toHaveLength(4);

    // A correction: the page says the earlier records are kept.
    await tabToGroup(page, `${b.firstName} ${b.lastName}`, 'Shift+Tab');
    await page.keyboard.press('ArrowLeft'); // Late → Present
    await page
      .getByRole('heading', { name: 'Attendance was already saved for this session' })
      .waitFor();
    expect(await page.locator('main').innerText()).toContain(
      'the earlier records are kept in the attendance history',
    );
    await checkScreen(page, 'door-06-correcting');
    await pressButton(page, 'Save attendance');
    await page.getByRole('heading', { name: 'Attendance saved for 6 people' }).waitFor();
    expect(await announced(page, 'Attendance saved')).toBe('Attendance saved for 6 people');
    saved = await statusOf();
    expect(saved[b.enrollmentId]).toBe('PRESENT');

    // Where the facilitator looks, the bar says it is saved until something changes.
    const savedState = page.locator('#attendance-saved-state');
    expect(await savedState.innerText()).toMatch(/^Saved for 6 people at \d{1,2}:\d\d [AP]M$/);
    const revisions = async () =>
      (
        await db.one<{ n: number }>(
          `SELECT count(*)::int AS n FROM attendance_revisions WHERE session_id = $1`,
          [sessionId],
        )
      ).n;
    const before = await revisions();
    // Saving again with nothing changed writes nothing and says so.
    await pressButton(page, 'Save attendance');
    await page.getByRole('heading', { name: 'Nothing changed' }).waitFor();
    expect(await announced(page, 'Nothing changed')).toBe(
      'Nothing changed: attendance was already saved for 6 people',
    );
    expect(await revisions()).toBe(before);
    await checkScreen(page, 'door-06b-nothing-changed');

    // "My sessions today" says attendance was taken.
    await page.goto(`${app.url}/my-sessions`);
    const taken = page.locator('.my-sessions__taken').first();
    await taken.waitFor();
    // The tag is set in capitals by its style: its words are read from the text.
    expect((await taken.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /^Attendance taken for 6 people at \d{1,2}:\d\d [AP]M$/,
    );
    await checkScreen(page, 'door-06c-my-sessions-taken');

    // The later session: said plainly, and no Save.
    await page.goto(`${app.url}/sessions/${laterId}/attendance`);
    await page.getByRole('heading', { name: 'This session has not started yet' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save attendance' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Print sign-in sheet' }).count()).toBe(1);
    await checkScreen(page, 'door-07-not-started');
    await context.close();

    // The supervisor's history page shows both revisions of the corrected record.
    const sup = await newContext(browser, 'desktop');
    const supPage = await sup.newPage();
    await signIn(supPage, supervisor.email);
    await supPage.goto(`${app.url}/sessions/${sessionId}`);
    await heading(supPage, 'Johnz School session');
    await supPage.locator('table', { hasText: b.lastName }).waitFor();
    await checkScreen(supPage, 'door-08-session-page');
    await pressButton(supPage, 'Attendance history');
    await heading(supPage, 'Attendance history');
    const rowsOfB = supPage.locator('.attendance-history tbody tr', {
      hasText: `${b.lastName}, ${b.firstName}`,
    });
    await rowsOfB.first().waitFor();
    const texts = (await rowsOfB.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/Not recorded → Late .*FACILITATOR/);
    expect(texts[1]).toMatch(/Late → Present .*FACILITATOR/);
    expect(texts[1]).toContain(facilitatorName);
    // Every revision: 6 first records and the correction.
    expect(await supPage.locator('.attendance-history tbody tr').count()).toBe(7);
    await checkScreen(supPage, 'door-09-history');
    await sup.close();
  }, 300_000);

  it('prints a one-page sign-in sheet for 40 people; saving the same roster again writes nothing', async () => {
    const people: Person[] = [];
    for (let i = 0; i < 40; i++) people.push(await enrolled());
    const sessionId = await schedule({
      startsAt: startedToday(),
      facilitatorId: facilitator.staffId,
    });
    await seat(sessionId, people);

    const context = await newContext(browser, 'tablet');
    const page = await context.newPage();
    await signIn(page, facilitator.email);
    await page.goto(`${app.url}/sessions/${sessionId}/attendance`);
    await heading(page, 'Attendance');
    expect(await page.locator('.attendance-form fieldset').count()).toBe(40);
    await checkScreen(page, 'door-40-attendance');

    // "Save attendance" stays on screen while the roster scrolls, and a row reached with Tab is
    // never hidden under it (WCAG 2.4.11): on a phone (where the bar takes two lines) and on the
    // tablet, Tab through the first twenty people and check each focused choice against the bar.
    const bar = page.locator('.attendance-savebar');
    for (const size of ['phone', 'tablet'] as const) {
      await page.setViewportSize(SIZES[size]);
      await page.locator('.attendance-form fieldset').first().locator('input').first().focus();
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const r = document
            .activeElement!.closest('.usa-radio, .usa-button')!
            .getBoundingClientRect();
          return { top: r.top, bottom: r.bottom };
        });
        const barBox = (await bar.boundingBox())!;
        expect(focused.bottom).toBeLessThanOrEqual(barBox.y);
        expect(focused.top).toBeGreaterThanOrEqual(0);
      }
      // The screen as the facilitator sees it mid-roster (full-page shots draw the bar mid-page).
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `door-40-scrolled-${size}.png`) });
    }
    const viewport = page.viewportSize()!;
    const barBox = (await bar.boundingBox())!;
    expect(barBox.y + barBox.height).toBeLessThanOrEqual(viewport.height + 1);
    expect(await bar.getByRole('button', { name: 'Save attendance' }).isVisible()).toBe(true);

    // The paper sign-in sheet: only the sheet, on one US Letter page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.attendance-screen').isVisible()).toBe(false);
    expect(await page.locator('.console-header').isVisible()).toBe(false);
    const pdf = await page.pdf({
      format: 'Letter',
      preferCSSPageSize: true,
      printBackground: true,
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const pdfPath = join(SCREENSHOTS, 'door-sign-in-sheet-40.pdf');
    writeFileSync(pdfPath, pdf);
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBe(1);
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length).toBe(1);
    for (const p of people) expect(text).toContain(`${p.lastName}, ${p.firstName}`);
    expect(text).toContain('Signature');
    expect(text).toContain('Room 204, 1125 Locust St');
    expect(text).not.toContain('Mark all present');
    try {
      // A picture of the page to look at, where poppler is installed.
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-singlefile',
        pdfPath,
        pdfPath.replace(/\.pdf$/, ''),
      ]);
    } catch {
      // no pdftoppm: the PDF itself is kept
    }
    await page.emulateMedia({ media: 'screen' });

    // Save, then Save again with nothing changed: the second writes nothing and says so, and
    // focus stays on the button both times (Enter at the door saves).
    await pressButton(page, 'Mark all present');
    await tabTo(page, byText('Save attendance'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Attendance saved for 40 people' }).waitFor();
    // The live region is emptied, then filled 50 ms later (so a repeated message is read again).
    expect(await announced(page, 'Attendance saved')).toBe('Attendance saved for 40 people');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save attendance');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Nothing changed' }).waitFor();
    expect(await announced(page, 'Nothing changed')).toBe(
      'Nothing changed: attendance was already saved for 40 people',
    );
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save attendance');
    const roster = await facilitator.get(`/sessions/${sessionId}/roster`);
    expect(roster.body.rows.every((r: { status: string }) => r.status === 'PRESENT')).toBe(true);
    const history = await supervisor.get(`/sessions/${sessionId}/attendance/history`);
    expect(history.body.total).toBe(40); // saving the same roster again changed nothing
    await context.close();
  }, 300_000);

  // ---- sessions and seats --------------------------------------------------------------------

  it('schedules a session, adds and removes seats, refuses a seat in a full session, and cancels', async () => {
    const [a, b, c] = [await enrolled(), await enrolled(), await enrolled()];
    // A session that ended yesterday with a seat and no attendance: on the supervisor's card.
    const ended = await schedule({
      startsAt: new Date(Date.now() - 26 * 60 * MINUTE),
      minutes: 120,
    });
    await seat(ended, [await enrolled()]);

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signIn(page, supervisor.email);
    await tabTo(page, byText('Sessions with no attendance recorded'));
    await page.keyboard.press('Enter');
    await heading(page, 'Sessions with no attendance recorded');
    await page.locator('main table tbody tr').first().waitFor();
    expect(await page.locator('main table tbody tr').count()).toBe(1);
    await checkScreen(page, 'sessions-01-without-attendance');

    // Sessions by date: the day after tomorrow has none (an empty list). Not tomorrow: after
    // 22:00 in Chicago the other tests' session "in two hours" falls on tomorrow.
    await tabTo(page, byText('Sessions'));
    await page.keyboard.press('Enter');
    await heading(page, 'Sessions');
    await page.locator('main h2', { hasText: 'Sessions on' }).waitFor();
    for (let day = 0; day < 2; day++) {
      const before = await page.locator('main h2', { hasText: 'Sessions on' }).innerText();
      await tabTo(page, (el) => el.text.startsWith('Next day'));
      await page.keyboard.press('Enter');
      await page
        .locator('main h2', { hasText: 'Sessions on' })
        .filter({ hasNotText: before })
        .waitFor();
    }
    await page.getByText('No session is scheduled on this day.').waitFor();
    await checkScreen(page, 'sessions-02-empty-day');
    // Back to tomorrow, the day the new session is scheduled on.
    {
      const before = await page.locator('main h2', { hasText: 'Sessions on' }).innerText();
      await tabTo(page, (el) => el.text.startsWith('Previous day'));
      await page.keyboard.press('Enter');
      await page
        .locator('main h2', { hasText: 'Sessions on' })
        .filter({ hasNotText: before })
        .waitFor();
    }

    await pressButton(page, 'Schedule a session');
    await heading(page, 'Schedule a session');
    await pressButton(page, 'Schedule session');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Choose a program');
    expect(await summary.innerText()).toContain('Enter the number of seats');
    await checkScreen(page, 'sessions-03-schedule-errors');

    const tomorrow = chicagoDay(new Date(Date.now() + 24 * 60 * MINUTE));
    const [y, m, d] = tomorrow.split('-');
    await tabTo(page, byLabel('Program'));
    await page.keyboard.type('Johnz');
    await tabTo(page, byLabel('Date'));
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(
      `${m}/${d}/${y}`,
    );
    await tabTo(page, byLabel('Start time'));
    await typeHere(page, '9:00 AM');
    await tabTo(page, byLabel('End time'));
    await typeHere(page, '11:30 am');
    await tabTo(page, byLabel('Location'));
    await typeHere(page, 'Municipal Court, Room 3');
    await tabTo(page, byLabel('Capacity'));
    await typeHere(page, '2');
    await tabTo(page, byLabel('Facilitator'));
    await page.keyboard.type(facilitatorName);
    await pressButton(page, 'Schedule session');
    await heading(page, 'Johnz School session');
    const sessionId = page.url().split('/sessions/')[1];
    const created = (await supervisor.get(`/sessions/${sessionId}`)).body;
    const offset = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Chicago',
      timeZoneName: 'longOffset',
    })
      .format(new Date(`${tomorrow}T15:00:00Z`))
      .split('GMT')[1];
    expect(Date.parse(created.startsAt)).toBe(Date.parse(`${tomorrow}T09:00:00${offset}`));
    expect(Date.parse(created.endsAt)).toBe(Date.parse(`${tomorrow}T11:30:00${offset}`));
    expect(created).toMatchObject({
      location: 'Municipal Court, Room 3',
      capacity: 2,
      facilitatorId: facilitator.staffId,
    });
    await page.getByText('Nobody has a seat in this session yet.').waitFor();
    await checkScreen(page, 'sessions-04-session');

    // Add a seat: find the person by name, choose, add.
    await pressButton(page, 'Add a seat');
    await page.getByRole('dialog', { name: 'Add a seat' }).waitFor();
    await page.locator('#seat-filter').waitFor();
    await checkScreen(page, 'sessions-05-add-seat-dialog');
    await tabTo(page, byLabel('Find by name'));
    await typeHere(page, a.lastName);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await pressButton(page, 'Add seat');
    await page
      .locator('main')
      .getByText(`Seat added for ${a.firstName} ${a.lastName}. 1 of 2 seats are taken.`)
      .waitFor();
    await announced(page, `Seat added for ${a.firstName} ${a.lastName}`);

    // Someone else takes the last seat while the dialog is open: the summary says it is full.
    await pressButton(page, 'Add a seat');
    await page.locator('#seat-filter').waitFor();
    await tabTo(page, byLabel('Find by name'));
    await typeHere(page, b.lastName);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await seat(sessionId, [c]);
    await pressButton(page, 'Add seat');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('This session is full');
    await checkScreen(page, 'sessions-06-full');
    const roster = (await supervisor.get(`/sessions/${sessionId}/roster`)).body.rows.map(
      (r: { enrollmentId: string }) => r.enrollmentId,
    );
    expect(roster.sort()).toEqual([a.enrollmentId, c.enrollmentId].sort());
    await pressButton(page, 'Close without adding');
    await page.getByText('This session is full: 2 of 2 seats are taken.').waitFor();

    // Remove a seat, confirmed in a dialog.
    await tabTo(page, (el) => el.text.startsWith('Remove seat'));
    const removing = await page.evaluate(() => document.activeElement?.textContent ?? '');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Remove this seat?' }).waitFor();
    await checkScreen(page, 'sessions-07-remove-seat');
    await pressButton(page, 'Remove seat');
    await page.locator('main').getByText('Seat removed:').waitFor();
    const removed = [a, c].find((p) => removing.includes(`${p.firstName} ${p.lastName}`))!;
    const left = (await supervisor.get(`/sessions/${sessionId}/roster`)).body.rows;
    expect(left.map((r: { enrollmentId: string }) => r.enrollmentId)).toEqual(
      [a, c].filter((p) => p !== removed).map((p) => p.enrollmentId),
    );

    // Cancel the session, with a reason.
    await pressButton(page, 'Cancel session');
    await page.getByRole('dialog', { name: 'Cancel this session?' }).waitFor();
    await pressButton(page, 'Cancel session');
    await summary.waitFor();
    expect(await page.locator('dialog .error-summary').innerText()).toContain(
      'Enter why the session is cancelled',
    );
    await checkScreen(page, 'sessions-08-cancel-dialog');
    await tabTo(page, byLabel('Reason'));
    await typeHere(page, 'Room flooded');
    await pressButton(page, 'Cancel session');
    await page.getByRole('heading', { name: 'This session was cancelled' }).waitFor();
    const cancelled = (await supervisor.get(`/sessions/${sessionId}`)).body;
    expect(cancelled.cancelReason).toBe('Room flooded');
    expect(cancelled.seatsTaken).toBe(0);
    await checkScreen(page, 'sessions-09-cancelled');
    await context.close();
  }, 300_000);
});
