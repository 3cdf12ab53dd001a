import { Browser } from 'playwright-core';
import { AppInstance, TestDatabase } from '../support/app';
import { loginAdmin, STAFF_PASSWORD, staffWith } from '../support/http';
import { launchChromium, newContext, startConsoleApp } from './console-harness';

/**
 * The console keeps its refresh token where no script can read it: an HttpOnly, SameSite=Strict
 * cookie on /api/v1/auth. It is never in a response body, document.cookie or web storage, and
 * the refresh route refuses requests without the console's header or from another site.
 */
describe('Console session: the refresh token stays out of reach of scripts and other sites', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startConsoleApp(db);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
  });

  it('never exposes the refresh token, and refuses refreshes without the header or from another origin', async () => {
    const admin = await loginAdmin(app);
    const intake = await staffWith(app, admin, ['INTAKE']);
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
