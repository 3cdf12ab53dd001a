import { bulkEnrollments } from '../../bench/fixtures';
import { Browser, Page } from 'playwright-core';
import { AppInstance, TestDatabase } from '../support/app';
import { ApiClient, loginAdmin, staffWith } from '../support/http';
import { ApiFactory, chicagoDaysAgo, EnrollmentFixture } from '../support/api-factory';
import {
  byLabel,
  checkScreen,
  launchChromium,
  newContext,
  startConsoleApp,
  tabTo,
  typeHere,
  signInByKeyboard,
  pressByKeyboard,
} from './console-harness';

const DAY = 86_400_000;

/**
 * "Add a seat" with more people waiting than one page of the API holds (200): the dialog counts
 * them all by the API's total, and finds by name the person waiting longest, whom the API lists
 * last (most recently enrolled first). Its own database: 230 enrollments in The OAR Program.
 */
describe('Console: "Add a seat" with more than a page of people waiting', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;
  let supervisor: ApiClient;
  let longest: EnrollmentFixture;
  let factory: ApiFactory;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startConsoleApp(db);
    browser = await launchChromium();
    const admin = await loginAdmin(app);
    supervisor = await staffWith(app, admin, ['SUPERVISOR']);
    factory = await ApiFactory.create(app, admin);
    longest = await factory.enroll({
      programCode: 'OAR',
      enrolledOn: chicagoDaysAgo(60),
      lastName: `Longwait${Date.now().toString(36)}`,
    });
    // The other 229 only make the count: written by SQL, as the bench does, not 900 requests.
    const [{ id: staffId }] = (
      await db.pool.query(`SELECT id FROM staff ORDER BY created_at LIMIT 1`)
    ).rows;
    await bulkEnrollments(db.pool, {
      n: 229,
      tag: `seat${Date.now().toString(36)}`,
      programCode: 'OAR',
      feeCents: 50_000,
      staffId,
      enrolledOn: `current_date - (g % 30)`,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
  });

  const signIn = (page: Page, email: string) => signInByKeyboard(page, app.url, email);

  const press = pressByKeyboard;

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

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signIn(page, supervisor.email);
    await page.goto(`${app.url}/sessions/${sessionId}`);
    await page.locator('#page-heading', { hasText: 'The OAR Program session' }).waitFor();
    await press(page, 'Add a seat');
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
    await press(page, 'Add seat');
    await page
      .locator('main')
      .getByText(`Seat added for ${name}. 1 of 45 seats are taken.`)
      .waitFor();
    const seats = await db.query(
      `SELECT 1 FROM session_seats WHERE session_id = $1 AND enrollment_id = $2`,
      [sessionId, longest.enrollmentId],
    );
    expect(seats).toHaveLength(1);
    await context.close();
  });

  it('gives a seat from the record: the next sessions of the program with a free seat', async () => {
    const person = await factory.enroll({ programCode: 'OAR', enrolledOn: chicagoDaysAgo(1) });
    // Both before any other session of the program, so the free one is offered first.
    const schedule = async (days: number, capacity: number, room: string) => {
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
    const full = await schedule(1, 1, 'Room 101');
    await supervisor.post(`/sessions/${full}/seats`, { enrollmentId: longest.enrollmentId });
    const open = await schedule(1.5, 10, 'Room 110');

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signIn(page, supervisor.email);
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
    await context.close();
  });
});
