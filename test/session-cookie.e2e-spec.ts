import request from 'supertest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, AppInstance, startApp, TestDatabase } from './support/app';

const COOKIE_MODE = { 'X-Session-Transport': 'cookie' };
const ATTRIBUTES = 'Path=/api/v1/auth; HttpOnly; SameSite=Strict';

/** The one Set-Cookie header of a response. */
function setCookie(res: request.Response): string {
  const list = res.headers['set-cookie'] as unknown as string[] | undefined;
  expect(list).toHaveLength(1);
  return list![0];
}

/** The refresh token a Set-Cookie header carries. */
const tokenOf = (header: string): string => /^refresh_token=([^;]*);/.exec(header)![1];

describe('session cookie transport (X-Session-Transport: cookie)', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let behindTls: AppInstance;

  beforeAll(async () => {
    db = await TestDatabase.create();
    [app, behindTls] = await Promise.all([startApp(db), startApp(db, { TRUST_PROXY: 'loopback' })]);
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), behindTls?.stop()]);
    await db?.close();
  });

  const cookieLogin = async (target = app) => {
    const res = await request(target.api)
      .post('/auth/login')
      .set(COOKIE_MODE)
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    return res;
  };
  const refresh = (token: string, headers: Record<string, string> = COOKIE_MODE) =>
    request(app.api).post('/auth/refresh').set(headers).set('Cookie', `refresh_token=${token}`);

  it('login sets the refresh token as an HttpOnly, SameSite=Strict cookie and leaves it out of the body', async () => {
    const res = await cookieLogin();
    const header = setCookie(res);
    expect(header).toMatch(
      new RegExp(`^refresh_token=[0-9a-f-]{36}\\.[A-Za-z0-9_-]+; ${ATTRIBUTES}$`),
    );
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'user']);
    expect(res.body.user.email).toBe(ADMIN_EMAIL);
    const me = await request(app.api)
      .get('/auth/me')
      .set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
  });

  it('over HTTPS names the cookie __Host-refresh_token, Secure, on Path=/', async () => {
    const res = await request(behindTls.api)
      .post('/auth/login')
      .set(COOKIE_MODE)
      .set('X-Forwarded-Proto', 'https')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    expect(setCookie(res)).toMatch(
      /^__Host-refresh_token=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Secure$/,
    );
  });

  it('leaves the JSON flow unchanged without the header', async () => {
    const res = await request(app.api)
      .post('/auth/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body.refreshToken).toEqual(expect.any(String));
    const next = await request(app.api)
      .post('/auth/refresh')
      .send({ refreshToken: res.body.refreshToken });
    expect(next.status).toBe(200);
    expect(next.headers['set-cookie']).toBeUndefined();
    expect(next.body.refreshToken).toEqual(expect.any(String));
    const missing = await request(app.api).post('/auth/refresh').send({});
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect(missing.body.errors[0].field).toBe('refreshToken');
  });

  it('refreshes from the cookie and rotates it: the old value is dead, and reusing it ends the chain', async () => {
    const first = tokenOf(setCookie(await cookieLogin()));

    // No body at all: the cookie is the token.
    const rotated = await refresh(first);
    expect(rotated.status).toBe(200);
    expect(Object.keys(rotated.body).sort()).toEqual(['accessToken', 'expiresIn', 'user']);
    const second = tokenOf(setCookie(rotated));
    expect(setCookie(rotated)).toMatch(new RegExp(`; ${ATTRIBUTES}$`));
    expect(second).not.toBe(first);

    // An empty JSON body works too.
    const again = await refresh(second).send({});
    expect(again.status).toBe(200);
    const third = tokenOf(setCookie(again));

    const reused = await refresh(first);
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('UNAUTHENTICATED');
    // The reuse revoked the whole chain, the newest token included.
    const newest = await refresh(third);
    expect(newest.status).toBe(401);
    const me = await request(app.api)
      .get('/auth/me')
      .set('Authorization', `Bearer ${again.body.accessToken}`);
    expect(me.status).toBe(401);
  });

  it('never uses a cookie sent without the header', async () => {
    const token = tokenOf(setCookie(await cookieLogin()));
    const res = await refresh(token, {}).send({});
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(res.headers['set-cookie']).toBeUndefined();
    // The token was not consumed: the header makes it work.
    expect((await refresh(token)).status).toBe(200);
  });

  it('refuses cookie refreshes from another origin or marked cross-site, and allows its own origin', async () => {
    const token = tokenOf(setCookie(await cookieLogin()));
    for (const headers of [
      { ...COOKIE_MODE, Origin: 'https://evil.example' },
      { ...COOKIE_MODE, Origin: 'null' },
      { ...COOKIE_MODE, 'Sec-Fetch-Site': 'cross-site' },
    ]) {
      const res = await refresh(token, headers);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const own = await refresh(token, {
      ...COOKIE_MODE,
      Origin: app.url,
      'Sec-Fetch-Site': 'same-origin',
    });
    expect(own.status).toBe(200);
  });

  it('answers 401 to a cookie-mode refresh without a cookie', async () => {
    const res = await request(app.api).post('/auth/refresh').set(COOKIE_MODE).send({});
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('logout clears the cookie and ends the session', async () => {
    const login = await cookieLogin();
    const token = tokenOf(setCookie(login));
    const bearer = `Bearer ${login.body.accessToken}`;

    const evil = await request(app.api)
      .post('/auth/logout')
      .set(COOKIE_MODE)
      .set('Origin', 'https://evil.example')
      .set('Authorization', bearer)
      .set('Cookie', `refresh_token=${token}`);
    expect(evil.status).toBe(403);
    expect(evil.body.code).toBe('FORBIDDEN');

    const res = await request(app.api)
      .post('/auth/logout')
      .set(COOKIE_MODE)
      .set('Authorization', bearer)
      .set('Cookie', `refresh_token=${token}`);
    expect(res.status).toBe(204);
    expect(setCookie(res)).toBe(`refresh_token=; Max-Age=0; ${ATTRIBUTES}`);

    expect((await refresh(token)).status).toBe(401);
    expect((await request(app.api).get('/auth/me').set('Authorization', bearer)).status).toBe(401);
  });

  it('is a browser-session cookie, and a console session unused for 20 minutes cannot be resumed', async () => {
    const login = await cookieLogin();
    expect(setCookie(login)).not.toMatch(/Max-Age|Expires/i);
    const token = tokenOf(setCookie(login));
    // Someone closed the browser at a shared desk 21 minutes ago without signing out.
    await db.query(
      `UPDATE refresh_tokens SET created_at = now() - interval '21 minutes' WHERE id = $1`,
      [token.split('.')[0]],
    );
    expect((await refresh(token)).status).toBe(401);
    // The same, used 19 minutes ago, is still a live session.
    const recent = tokenOf(setCookie(await cookieLogin()));
    await db.query(
      `UPDATE refresh_tokens SET created_at = now() - interval '19 minutes' WHERE id = $1`,
      [recent.split('.')[0]],
    );
    expect((await refresh(recent)).status).toBe(200);

    // API clients on the JSON flow are not console sessions: the idle rule is the console's.
    const json = await request(app.api)
      .post('/auth/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    await db.query(
      `UPDATE refresh_tokens SET created_at = now() - interval '21 minutes' WHERE id = $1`,
      [json.body.refreshToken.split('.')[0]],
    );
    const rotated = await request(app.api)
      .post('/auth/refresh')
      .send({ refreshToken: json.body.refreshToken });
    expect(rotated.status).toBe(200);
  });
});
