import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { bulkEnrollments } from '../../bench/fixtures';
import { today, uniqueName } from '../intake-fixtures';
import { ApiFactory, chicagoDaysAgo, EnrollmentFixture } from '../support/api-factory';
import { AppInstance, TestDatabase } from '../support/app';
import { ApiClient, loginAdmin, staffWith } from '../support/http';
import { pdfText } from '../support/pdf';
import { enrolledBySql, seatedBySql, SqlPerson } from '../support/roster-sql';
import {
  byLabel,
  byText,
  checkScreen,
  launchChromium,
  pressByKeyboard,
  SCREENSHOTS,
  startConsoleApp,
  tabTo,
  typeHere,
  SIZES,
} from './console-harness';
import { Desks } from './desks';

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

type Person = SqlPerson;

const DAY = 86_400_000;

/**
 * The door and the sessions desk: attendance at the door (screen 9) by a facilitator on a
 * tablet, and sessions and seats (screen 8) by a supervisor, including "Add a seat" with more
 * people waiting than a page of the API holds. One server, one facilitator's and one
 * supervisor's browser for the file, each signed in by keyboard once. The people on the rosters
 * are enrolled by SQL (test/support/roster-sql.ts): what these screens show is how many there
 * are; enrolling is the intake journey's. axe at three widths on each new screen, later states
 * at the width in use.
 */
describe('Console: the door, sessions and seats', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;
  let admin: ApiClient;
  let supervisor: ApiClient;
  let intake: ApiClient;
  let facilitator: ApiClient;
  let facilitatorName: string;
  let personCount = 0;
  let factory: ApiFactory;
  /** The OAR Program's person waiting longest for a seat, among 230 (see "Add a seat"). */
  let longest: EnrollmentFixture;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startConsoleApp(db);
    browser = await launchChromium();
    admin = await loginAdmin(app);
    supervisor = await staffWith(app, admin, ['SUPERVISOR']);
    intake = await staffWith(app, admin, ['INTAKE']);
    facilitator = await staffWith(app, admin, ['FACILITATOR']);
    facilitatorName = (await facilitator.get('/auth/me')).body.displayName;
    factory = await ApiFactory.create(app, admin);
    longest = await factory.enroll({
      programCode: 'OAR',
      enrolledOn: chicagoDaysAgo(60),
      lastName: `Longwait${Date.now().toString(36)}`,
    });
    // The other 229 waiting only make the count: written by SQL, as the bench does.
    await bulkEnrollments(db.pool, {
      n: 229,
      tag: `seat${Date.now().toString(36)}`,
      programCode: 'OAR',
      feeCents: 50_000,
      staffId: admin.staffId,
      enrolledOn: `current_date - (g % 30)`,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
  });

  // ---- data, through the HTTP API ------------------------------------------------------------

  /**
   * People enrolled in Johnz School two days ago (a class that ended yesterday may hold their
   * seat), by SQL: names of every length, dates of birth as people have them.
   */
  async function enrolled(n = 1): Promise<Person[]> {
    const people = [...Array(n).keys()].map(() => {
      const i = personCount++;
      return {
        firstName: FIRST_NAMES[i % FIRST_NAMES.length],
        lastName: uniqueName(['Okafor', 'Nguyen', 'Schmidt', 'Garcia', 'Walker'][i % 5]),
        dateOfBirth: `19${60 + (i % 40)}-0${1 + (i % 9)}-${10 + (i % 18)}`,
      };
    });
    return enrolledBySql(db, {
      people,
      programCode: 'JOHNZ_SCHOOL',
      enrolledOn: chicagoDaysAgo(2),
      staffId: intake.staffId,
    });
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

  /** Seats people by SQL; in a session that has started, with the reason a SUPERVISOR gives. */
  const seat = (sessionId: string, people: Person[], started = true) =>
    seatedBySql(
      db,
      sessionId,
      people.map((p) => p.enrollmentId),
      supervisor.staffId,
      started ? 'Seated after the start' : null,
    );

  /** Seats people through the API, as a SUPERVISOR would at another desk meanwhile. */
  async function seatByApi(sessionId: string, people: Person[]): Promise<void> {
    for (const p of people) {
      const res = await supervisor.post(`/sessions/${sessionId}/seats`, {
        enrollmentId: p.enrollmentId,
        reason: 'Seated after the start',
      });
      expect(res.status).toBe(201);
    }
  }

  // ---- keyboard ------------------------------------------------------------------------------

  /** One browser each for the file: the facilitator's tablet and the supervisor's desktop. */
  const desks = new Desks(
    () => browser,
    () => app.url,
  );
  const deskOf = (who: ApiClient, size: 'tablet' | 'desktop') => desks.pageOf(who, size);

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
    const people = await enrolled(6);
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
    await seat(laterId, await enrolled(), false);

    // Signed in by keyboard: the home page.
    const page = await deskOf(facilitator, 'tablet');
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

    // The supervisor's history page shows both revisions of the corrected record.
    const supPage = await deskOf(supervisor, 'desktop');
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
  }, 300_000);

  it('prints a one-page sign-in sheet for 40 people; saving the same roster again writes nothing', async () => {
    const people = await enrolled(40);
    const sessionId = await schedule({
      startsAt: startedToday(),
      facilitatorId: facilitator.staffId,
    });
    await seat(sessionId, people);

    const page = await deskOf(facilitator, 'tablet');
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
  }, 300_000);

  // ---- sessions and seats --------------------------------------------------------------------

  it('schedules a session, adds and removes seats, refuses a seat in a full session, and cancels', async () => {
    const [a, b, c] = await enrolled(3);
    // A session that ended yesterday with a seat and no attendance: on the supervisor's card.
    const ended = await schedule({
      startsAt: new Date(Date.now() - 26 * 60 * MINUTE),
      minutes: 120,
    });
    await seat(ended, await enrolled());

    const page = await deskOf(supervisor, 'desktop');
    await page.goto(app.url);
    await heading(page, 'Good to see you');
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
    await seatByApi(sessionId, [c]);
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
  }, 300_000);

  // ---- "Add a seat" with more than a page of people waiting (The OAR Program) ----------------

  /**
   * The dialog counts everyone waiting by the API's total (230, more than the 200 of one page),
   * and finds by name the person waiting longest, whom the API lists last (most recently
   * enrolled first).
   */
  it('counts everyone waiting and finds the person waiting longest, by keyboard alone', async () => {
    const waiting = await supervisor.get(
      '/enrollments?status=ACTIVE&programCode=OAR&unseated=true&limit=1',
    );
    expect(waiting.body.total).toBe(230);
    const startsAt = new Date(Date.now() + 2 * DAY);
    const created = await supervisor.post('/sessions', {
      programCode: 'OAR',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      location: 'Room 204, 1125 Locust St',
      capacity: 45,
      topic: 'Impact on the community',
    });
    expect(created.status).toBe(201);
    const sessionId = created.body.id;

    const page = await deskOf(supervisor, 'desktop');
    await page.goto(`${app.url}/sessions/${sessionId}`);
    await page.locator('#page-heading', { hasText: 'The OAR Program session' }).waitFor();
    await pressByKeyboard(page, 'Add a seat');
    const dialog = page.getByRole('dialog', { name: 'Add a seat' });
    await dialog.waitFor();
    await page.locator('#seat-filter').waitFor();
    // All of them, by the API's count: not the 200 of its first page.
    await dialog.getByText('230 people are waiting for a seat.', { exact: true }).waitFor();
    expect(await dialog.innerText()).toContain('The first 25 of 230 are listed.');
    await checkScreen(page, 'add-seat-01-many-waiting');

    // The person waiting longest is on the API's last page, and found by name.
    await tabTo(page, byLabel('Find by name'));
    await typeHere(page, longest.lastName);
    const name = `${longest.firstName} ${longest.lastName}`;
    await dialog.getByRole('radio', { name: new RegExp(`^${name}, enrolled`) }).waitFor();
    expect(await dialog.getByRole('radio').count()).toBe(1);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await pressByKeyboard(page, 'Add seat');
    await page
      .locator('main')
      .getByText(`Seat added for ${name}. 1 of 45 seats are taken.`)
      .waitFor();
    const seats = await db.query(
      `SELECT 1 FROM session_seats WHERE session_id = $1 AND enrollment_id = $2`,
      [sessionId, longest.enrollmentId],
    );
    expect(seats).toHaveLength(1);
  });

  it('gives a seat from the record: the next sessions of the program with a free seat', async () => {
    const person = await factory.enroll({ programCode: 'OAR', enrolledOn: chicagoDaysAgo(1) });
    // Both before any other session of the program, so the free one is offered first.
    const scheduleOar = async (days: number, capacity: number, room: string) => {
      const startsAt = new Date(Date.now() + days * DAY);
      const res = await supervisor.post('/sessions', {
        programCode: 'OAR',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
        location: `${room}, 1125 Locust St`,
        capacity,
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const full = await scheduleOar(1, 1, 'Room 101');
    await supervisor.post(`/sessions/${full}/seats`, { enrollmentId: longest.enrollmentId });
    const open = await scheduleOar(1.5, 10, 'Room 110');

    const page = await deskOf(supervisor, 'desktop');
    await page.goto(`${app.url}/participants/${person.participantId}?tab=enrollment`);
    const offer = page.locator('.seat-offer-table');
    await offer.locator('tbody tr').first().waitFor();
    // A full session is not offered; the free one is, with its seats.
    expect(await offer.innerText()).not.toContain('Room 101');
    expect(await offer.locator('tbody tr').first().innerText()).toContain('Room 110');
    await checkScreen(page, 'add-seat-02-from-record');

    await tabTo(page, (el) => el.text.startsWith('Give a seat'));
    await page.keyboard.press('Enter');
    const notice = page.locator('#seat-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(
      /^Seat given in the session of .*\. 1 of 10 seats are taken\.$/,
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('seat-notice');
    const seats = await db.query(`SELECT session_id FROM session_seats WHERE enrollment_id = $1`, [
      person.enrollmentId,
    ]);
    expect(seats.map((r: { session_id: string }) => r.session_id)).toContain(open);
  });
});
