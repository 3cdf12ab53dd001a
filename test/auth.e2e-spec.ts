import request from 'supertest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, STAFF_PASSWORD, login, loginAdmin, staffWith } from './support/http';

describe('auth and staff', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let second: AppInstance;
  let admin: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    // Two instances on one database start together: the bootstrap ADMIN is created once.
    [app, second] = await Promise.all([startApp(db), startApp(db)]);
    admin = await loginAdmin(app);
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), second?.stop()]);
    await db?.close();
  });

  it('creates the first ADMIN once, even when instances start together', async () => {
    const rows = await db.query(`SELECT roles FROM staff WHERE email = $1`, [ADMIN_EMAIL]);
    expect(rows).toHaveLength(1);
    expect(rows[0].roles).toEqual(['ADMIN']);
  });

  it('logs in, answers /auth/me, and never returns a password hash', async () => {
    const res = await request(app.api)
      .post('/auth/login')
      .send({ email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      expiresIn: 900,
      user: { email: ADMIN_EMAIL, roles: ['ADMIN'], active: true },
    });
    expect(res.body.refreshToken).toEqual(expect.any(String));
    const me = await request(app.api)
      .get('/auth/me')
      .set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(Object.keys(me.body).sort()).toEqual(['active', 'displayName', 'email', 'id', 'roles']);
    const staff = await admin.get('/staff');
    expect(JSON.stringify(staff.body)).not.toMatch(/argon2|passwordHash|password_hash/);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const wrong = await request(app.api)
      .post('/auth/login')
      .send({ email: ADMIN_EMAIL, password: 'not-the-password' });
    const unknown = await request(app.api)
      .post('/auth/login')
      .send({ email: 'nobody@test.example', password: 'whatever-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('UNAUTHENTICATED');
    expect(unknown.body.detail).toBe(wrong.body.detail);
    const bad = await request(app.api).post('/auth/login').send({ email: 'x@test.example' });
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['password']),
    );
  });

  it('locks an account after five consecutive failures counted across two instances', async () => {
    const victim = await staffWith(app, admin, ['INTAKE']);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const target = i % 2 === 0 ? app : second;
      statuses.push(
        (
          await request(target.api)
            .post('/auth/login')
            .send({ email: victim.email, password: `wrong-password-${i}` })
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const right = await request(second.api)
      .post('/auth/login')
      .send({ email: victim.email, password: STAFF_PASSWORD });
    expect(right.status).toBe(423);
    expect(right.body.code).toBe('ACCOUNT_LOCKED');
    const row = await db.one(`SELECT locked_until - now() AS left FROM staff WHERE id = $1`, [
      victim.staffId,
    ]);
    expect(row.left.minutes).toBeGreaterThanOrEqual(14);
    // An ADMIN resetting the password unlocks it.
    expect(
      (await admin.post(`/staff/${victim.staffId}/password`, { password: 'a-brand-new-password' }))
        .status,
    ).toBe(204);
    expect(
      (
        await request(app.api)
          .post('/auth/login')
          .send({ email: victim.email, password: 'a-brand-new-password' })
      ).status,
    ).toBe(200);
  });

  it('a success resets the count of consecutive failures', async () => {
    const s = await staffWith(app, admin, ['FINANCE']);
    for (let i = 0; i < 4; i++)
      await request(app.api)
        .post('/auth/login')
        .send({ email: s.email, password: 'wrong-password-x' });
    expect(
      (
        await request(app.api)
          .post('/auth/login')
          .send({ email: s.email, password: STAFF_PASSWORD })
      ).status,
    ).toBe(200);
    for (let i = 0; i < 4; i++) {
      expect(
        (
          await request(second.api)
            .post('/auth/login')
            .send({ email: s.email, password: 'wrong-password-y' })
        ).status,
      ).toBe(401);
    }
  });

  it('rotates refresh tokens and revokes the whole chain when a used one comes back', async () => {
    const first = await request(app.api)
      .post('/auth/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    const r1 = first.body.refreshToken as string;
    const rotated = await request(second.api).post('/auth/refresh').send({ refreshToken: r1 });
    expect(rotated.status).toBe(200);
    const r2 = rotated.body.refreshToken as string;
    expect(r2).not.toBe(r1);
    // The holder goes on with r2 (so r1's answer evidently arrived)…
    const r3 = (await request(app.api).post('/auth/refresh').send({ refreshToken: r2 })).body
      .refreshToken as string;
    // …and a copy of r1 comes back: a thief's replay.
    const reused = await request(app.api).post('/auth/refresh').send({ refreshToken: r1 });
    expect(reused.status).toBe(401);
    // The thief's replay killed the legitimate holder's newer token too.
    expect((await request(app.api).post('/auth/refresh').send({ refreshToken: r3 })).status).toBe(
      401,
    );
    const stored = await db.query(`SELECT token_hash FROM refresh_tokens`);
    expect(stored.every((r) => !r3.includes(r.token_hash))).toBe(true);
  });

  it('logout ends the refresh token', async () => {
    const res = await request(app.api)
      .post('/auth/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    const out = await request(app.api)
      .post('/auth/logout')
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .send({ refreshToken: res.body.refreshToken });
    expect(out.status).toBe(204);
    // The access token of that login ends with it; another login of the same person does not.
    const me = await request(app.api)
      .get('/auth/me')
      .set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(401);
    expect((await admin.get('/auth/me')).status).toBe(200);
    expect(
      (await request(app.api).post('/auth/refresh').send({ refreshToken: res.body.refreshToken }))
        .status,
    ).toBe(401);
  });

  it('deactivation ends sessions at once, on every instance', async () => {
    const s = await staffWith(app, admin, ['SUPERVISOR']);
    const loginRes = await request(app.api)
      .post('/auth/login')
      .send({ email: s.email, password: STAFF_PASSWORD });
    expect((await s.on(second).get('/auth/me')).status).toBe(200);
    const off = await admin.patch(`/staff/${s.staffId}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await s.on(second).get('/auth/me')).status).toBe(401);
    expect(
      (
        await request(app.api)
          .post('/auth/refresh')
          .send({ refreshToken: loginRes.body.refreshToken })
      ).status,
    ).toBe(401);
    expect(
      (
        await request(app.api)
          .post('/auth/login')
          .send({ email: s.email, password: STAFF_PASSWORD })
      ).status,
    ).toBe(401);
  });

  it('lets staff change their own password with the current one, which ends their sessions', async () => {
    const s = await staffWith(app, admin, ['AUDITOR']);
    const wrong = await s.post(`/staff/${s.staffId}/password`, {
      password: 'another-long-password',
      currentPassword: 'nope-nope-nope',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('currentPassword');
    const other = await s.post(`/staff/${admin.staffId}/password`, {
      password: 'another-long-password',
    });
    expect(other.status).toBe(403);
    const ok = await s.post(`/staff/${s.staffId}/password`, {
      password: 'another-long-password',
      currentPassword: STAFF_PASSWORD,
    });
    expect(ok.status).toBe(204);
    expect((await s.get('/auth/me')).status).toBe(401);
    await login(app, s.email, 'another-long-password');
    const short = await admin.post(`/staff/${s.staffId}/password`, { password: 'short' });
    expect(short.status).toBe(400);
  });

  it('manages staff: create, duplicate email, list, roles, and keeps one active ADMIN', async () => {
    const created = await admin.post('/staff', {
      email: 'New.Person@Test.Example',
      displayName: 'New Person',
      roles: ['INTAKE', 'FINANCE'],
      password: 'long-enough-password',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'new.person@test.example',
      roles: ['INTAKE', 'FINANCE'],
      active: true,
    });
    const dup = await admin.post('/staff', {
      email: 'new.person@test.example',
      displayName: 'Again',
      roles: ['INTAKE'],
      password: 'long-enough-password',
    });
    expect(dup.status).toBe(409);
    const page = await admin.get('/staff?limit=2&page=1');
    expect(page.body).toMatchObject({ page: 1, limit: 2 });
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    expect((await admin.get('/staff?limit=201')).status).toBe(400);
    const patched = await admin.patch(`/staff/${created.body.id}`, { roles: ['AUDITOR'] });
    expect(patched.body.roles).toEqual(['AUDITOR']);
    expect((await admin.get(`/staff/${created.body.id}`)).body.roles).toEqual(['AUDITOR']);
    const lastAdmin = await admin.patch(`/staff/${admin.staffId}`, { active: false });
    expect(lastAdmin.status).toBe(422);
    expect(lastAdmin.body.code).toBe('LAST_ADMIN');
    expect((await admin.get(`/staff/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('closes staff management to everyone but ADMIN, and every route to anonymous callers', async () => {
    const intake = await staffWith(app, admin, [
      'INTAKE',
      'SUPERVISOR',
      'FINANCE',
      'AUDITOR',
      'FACILITATOR',
    ]);
    for (const res of [
      await intake.get('/staff'),
      await intake.post('/staff', {
        email: 'z@test.example',
        displayName: 'Z',
        roles: ['ADMIN'],
        password: 'long-enough-password',
      }),
      await intake.patch(`/staff/${intake.staffId}`, { roles: ['ADMIN'] }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    for (const path of ['/programs', '/staff', '/auth/me', '/audit-events']) {
      const res = await request(app.api).get(path);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    const forged = await request(app.api)
      .get('/programs')
      .set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.');
    expect(forged.status).toBe(401);
  });

  it('throttles failed logins per client address', async () => {
    // Behind a proxy on loopback, each test address its own: the count is in the database.
    const throttled = await startApp(db, { LOGIN_THROTTLE_LIMIT: '3', TRUST_PROXY: 'loopback' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        codes.push(
          (
            await request(throttled.api)
              .post('/auth/login')
              .set('X-Forwarded-For', '192.0.2.77')
              .send({ email: `nobody-${i}@test.example`, password: 'whatever-password' })
          ).status,
        );
      }
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes.slice(3)).toEqual([429, 429]);
      const res = await request(throttled.api)
        .post('/auth/login')
        .set('X-Forwarded-For', '192.0.2.77')
        .send({ email: 'nobody@test.example', password: 'whatever-password' });
      expect(res.body.code).toBe('RATE_LIMITED');
    } finally {
      await throttled.stop();
    }
  });
});
