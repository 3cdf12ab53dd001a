import { join } from 'node:path';
import request from 'supertest';
import { UnsubscribeTokens } from '../src/reminders/unsubscribe-token';
import { AppInstance, startApp, TestDatabase } from './support/app';

const ROOT = join(__dirname, '..');

/** The sources a Content-Security-Policy header allows for scripts. */
function scriptSrc(csp: string | undefined): string[] {
  const directive = (csp ?? '')
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([name]) => name === 'script-src');
  if (!directive) throw new Error(`no script-src in ${csp}`);
  return directive.slice(1);
}

/**
 * The Content-Security-Policy over HTTP: scripts from the server itself only, for the console
 * (whose index.html has no inline script), its routes and the API; Swagger UI on /docs alone may
 * run its inline script.
 */
describe('Content-Security-Policy', () => {
  let db: TestDatabase;
  let app: AppInstance;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db, { CONSOLE_DIR: join(ROOT, 'web', 'dist') });
  });

  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it.each([
    ['the console', '/'],
    ['a console route', '/sessions/00000000-0000-4000-8000-000000000000'],
    ['the API, signed out', '/api/v1/auth/me'],
    ['the API, an unknown route', '/api/v1/no-such-thing'],
    ['the health check', '/health'],
    ['the OpenAPI document', '/docs-json'],
    ['the unsubscribe page', '/unsubscribe?token=not-a-token'],
  ])('allows no inline script on %s (%s)', async (_what, path) => {
    const res = await request(app.url).get(path);
    const sources = scriptSrc(res.headers['content-security-policy']);
    expect(sources).toEqual(["'self'"]);
  });

  it('serves the console with no inline script to need it', async () => {
    const res = await request(app.url).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/<script[^>]+src=/);
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('serves the unsubscribe page itself, not the console, with no script and forms posting home only', async () => {
    const token = new UnsubscribeTokens(`test-secret-${db.name}-0123456789abcdef0123456789`).sign(
      '00000000-0000-4000-8000-000000000000',
      'EMAIL',
    );
    const res = await request(app.url).get(`/unsubscribe?token=${token}`).expect(200);
    expect(res.text).toContain('<form method="post" action="/unsubscribe?token=');
    expect(res.text).not.toMatch(/<script/);
    expect(res.headers['content-security-policy']).toMatch(/form-action 'self'/);
    expect(scriptSrc(res.headers['content-security-policy'])).toEqual(["'self'"]);
  });

  it('keeps inline script allowed for Swagger UI on /docs', async () => {
    const res = await request(app.url).get('/docs').redirects(1).expect(200);
    expect(res.text).toMatch(/swagger/i);
    expect(scriptSrc(res.headers['content-security-policy'])).toEqual([
      "'self'",
      "'unsafe-inline'",
    ]);
    const asset = await request(app.url).get('/docs/swagger-ui-init.js');
    expect(scriptSrc(asset.headers['content-security-policy'])).toContain("'unsafe-inline'");
  });
});
