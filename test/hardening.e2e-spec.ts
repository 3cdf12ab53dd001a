import { createHmac } from 'node:crypto';
import request from 'supertest';
import { ADMIN_PASSWORD, AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, STAFF_PASSWORD, staffWith } from './support/http';
import { pdfText } from './support/pdf';
import { ApiFactory, chicagoDaysAgo } from './support/api-factory';

/** One database and one server for the whole file; tests of other settings start their own. */
let db: TestDatabase;
let make: ApiFactory;
let app: AppInstance;
let admin: ApiClient;

beforeAll(async () => {
  db = await TestDatabase.create();
  app = await startApp(db);
  admin = await loginAdmin(app);
  make = await ApiFactory.create(app, admin);
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

/** The security review of issue 14, point by point (the database login and restarts have files of their own). */
describe('hardening', () => {
  describe('10. no API answer is cached', () => {
    it('sends Cache-Control: no-store on successes, errors, CSVs and unknown routes under /api', async () => {
      const answers = [
        await admin.get('/programs'),
        await admin.get('/reports/fees?from=2026-01-01&to=2026-01-31&format=csv'),
        await request(app.api).get('/auth/me'),
        await request(app.api).post('/auth/login').send({ email: 'x' }),
        await admin.get('/no-such-route'),
      ];
      expect(answers.map((r) => [r.status, r.headers['cache-control']])).toEqual([
        [200, 'no-store'],
        [403, 'no-store'],
        [401, 'no-store'],
        [400, 'no-store'],
        [404, 'no-store'],
      ]);
      // Nothing keeps them, so nothing revalidates them: no ETag (a hash of every body) either.
      expect(answers.map((r) => r.headers.etag)).toEqual(answers.map(() => undefined));
    });
  });

  describe('12. tokens without exp, __proto__ keys, enrollment_transitions TRUNCATE', () => {
    const sign = (claims: object, secret: string) => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
      return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
    };

    it('refuses an access token that never expires, though correctly signed', async () => {
      const secret = `test-secret-${db.name}-0123456789abcdef0123456789`;
      const [{ family_id: fid }] = await db.query(
        `SELECT family_id FROM refresh_tokens WHERE staff_id = $1 AND revoked_at IS NULL LIMIT 1`,
        [admin.staffId],
      );
      const base = {
        sub: admin.staffId,
        sv: 1,
        fid,
        iss: 'diversion-case-manager',
        aud: 'diversion-case-manager-api',
        iat: Math.floor(Date.now() / 1000),
      };
      const me = (token: string) =>
        request(app.api).get('/auth/me').set('Authorization', `Bearer ${token}`);
      // The same claims with an expiry pass: only the missing exp is refused.
      expect((await me(sign({ ...base, exp: base.iat + 60 }, secret))).status).toBe(200);
      const forever = await me(sign(base, secret));
      expect(forever.status).toBe(401);
      expect(forever.body.code).toBe('UNAUTHENTICATED');
    });

    it('answers 400 to a __proto__ key instead of dropping it', async () => {
      const res = await request(app.api)
        .post('/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"email":"a@test.example","password":"long-enough-password","__proto__":{"x":1}}');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: '__proto__', message: 'is not an allowed property name' }],
      });
      const nested = await admin
        .patch(`/staff/${admin.staffId}`)
        .set('Content-Type', 'application/json')
        .send('{"displayName":"Admin","roles":["ADMIN"],"constructor":{"prototype":{}}}');
      expect(nested.status).toBe(400);
    });

    it('refuses TRUNCATE on enrollment_transitions, like every other append-only table', async () => {
      await expect(db.query(`TRUNCATE enrollment_transitions`)).rejects.toThrow(/append-only/);
    });
  });

  describe('8. deeply nested bodies', () => {
    it('answers 400, not 500, to a body nested 6,000 levels deep on an unauthenticated route', async () => {
      const body = `${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}`;
      for (const path of ['/auth/login', '/auth/refresh']) {
        const res = await request(app.api)
          .post(path)
          .set('Content-Type', 'application/json')
          .send(body);
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
      const arrays = `${'['.repeat(6000)}${']'.repeat(6000)}`;
      const res = await admin
        .post('/participants')
        .set('Content-Type', 'application/json')
        .send(arrays);
      expect(res.status).toBe(400);
      expect((await request(app.url).get('/health')).status).toBe(200);
    });
  });

  describe('7. an ADMIN changing their own password', () => {
    it('must give the current password, like everyone else', async () => {
      const second = await staffWith(app, admin, ['ADMIN']);
      const without = await second.post(`/staff/${second.staffId}/password`, {
        password: 'an-admin-new-password',
      });
      expect(without.status).toBe(400);
      expect(without.body.errors[0].field).toBe('currentPassword');
      const wrong = await second.post(`/staff/${second.staffId}/password`, {
        password: 'an-admin-new-password',
        currentPassword: 'not-the-password',
      });
      expect(wrong.status).toBe(400);
      const right = await second.post(`/staff/${second.staffId}/password`, {
        password: 'an-admin-new-password',
        currentPassword: STAFF_PASSWORD,
      });
      expect(right.status).toBe(204);
      // Another ADMIN still sets anyone else's password without it.
      expect(
        (await admin.post(`/staff/${second.staffId}/password`, { password: 'reset-by-admin-1' }))
          .status,
      ).toBe(204);
      expect(ADMIN_PASSWORD).toBeTruthy();
    });
  });

  describe('2. the audit table cannot be grown by anyone', () => {
    const count = async () =>
      (await db.one(`SELECT count(*)::int AS n FROM audit_events`)).n as number;

    it('writes no row for unauthenticated refusals, unknown routes or throttled calls', async () => {
      const before = await count();
      const long = 'x'.repeat(15_000);
      const anon = request(app.api);
      const statuses = [
        (await anon.post('/participants').send({})).status,
        (await anon.post(`/enrollments/${long}/transitions`).send({})).status,
        (await anon.delete(`/sessions/${long}/seats/x`)).status,
        (await anon.post('/no-such-route').send({})).status,
        (await admin.post('/no-such-route').send({})).status,
        (await anon.post('/auth/refresh').send({ refreshToken: 'garbage' })).status,
        (await anon.post('/auth/login').send({ email: 'not-an-email' })).status,
        (await anon.put('/api/v1/anything').send({})).status,
      ];
      expect(statuses).toEqual([401, 401, 401, 404, 404, 401, 400, 404]);
      expect(await count()).toBe(before);
    });

    it('still records an authenticated failure and a failed login, with a well-formed entity id only', async () => {
      const intake = await staffWith(app, admin, ['INTAKE']);
      const before = await count();
      const bad = await intake.post(`/enrollments/${'y'.repeat(15_000)}/transitions`, {});
      expect(bad.status).toBe(400);
      const login = await request(app.api)
        .post('/auth/login')
        .send({ email: 'nobody-here@test.example', password: 'wrong-password-1' });
      expect(login.status).toBe(401);
      const rows = await db.query(
        `SELECT action, entity_id, outcome, length(coalesce(entity_id, '')) AS len
           FROM audit_events ORDER BY at DESC LIMIT 2`,
      );
      expect(await count()).toBe(before + 2);
      expect(rows.map((r) => [r.action, r.outcome, r.entity_id])).toEqual([
        ['auth.login', 'FAILURE', null],
        ['enrollment.transition', 'FAILURE', null],
      ]);
    });
  });

  describe('9. a sign-in has an absolute lifetime; logout-all', () => {
    const signIn = (email: string, password: string) =>
      request(app.api).post('/auth/login').send({ email, password });
    const refresh = (token: string) =>
      request(app.api).post('/auth/refresh').send({ refreshToken: token });

    it('ends REFRESH_ABSOLUTE_HOURS (12) after the password was given, however often refreshed', async () => {
      const s = await staffWith(app, admin, ['FINANCE']);
      const first = await signIn(s.email, STAFF_PASSWORD);
      const [row] = await db.query(
        `SELECT extract(epoch FROM family_expires_at - created_at)::int AS secs,
                extract(epoch FROM expires_at - created_at)::int AS token_secs, family_id
           FROM refresh_tokens WHERE staff_id = $1 ORDER BY created_at DESC LIMIT 1`,
        [s.staffId],
      );
      expect(row.secs).toBe(12 * 3600);
      // Not REFRESH_TOKEN_TTL_DAYS (14 days): the sign-in's end caps the token.
      expect(row.token_secs).toBe(12 * 3600);
      const second = await refresh(first.body.refreshToken);
      expect(second.status).toBe(200);
      // Every rotation keeps the sign-in's end; no token outlives it.
      const family = await db.query(
        `SELECT family_expires_at, expires_at FROM refresh_tokens WHERE family_id = $1`,
        [row.family_id],
      );
      expect(new Set(family.map((r) => r.family_expires_at.toISOString())).size).toBe(1);
      expect(family.every((r) => r.expires_at <= r.family_expires_at)).toBe(true);
      // Twelve hours later (moved in SQL): refresh and the access token both answer 401.
      await db.query(
        `UPDATE refresh_tokens SET family_expires_at = now() - interval '1 second',
                expires_at = now() - interval '1 second' WHERE family_id = $1`,
        [row.family_id],
      );
      const late = await refresh(second.body.refreshToken);
      expect(late.status).toBe(401);
      const me = await request(app.api)
        .get('/auth/me')
        .set('Authorization', `Bearer ${second.body.accessToken}`);
      expect(me.status).toBe(401);
    });

    it('POST /auth/logout-all ends every sign-in of the caller, and only theirs', async () => {
      const s = await staffWith(app, admin, ['AUDITOR']);
      const phone = await signIn(s.email, STAFF_PASSWORD);
      const desk = await signIn(s.email, STAFF_PASSWORD);
      const out = await request(app.api)
        .post('/auth/logout-all')
        .set('Authorization', `Bearer ${desk.body.accessToken}`);
      expect(out.status).toBe(204);
      for (const login of [phone, desk]) {
        expect((await refresh(login.body.refreshToken)).status).toBe(401);
        const me = await request(app.api)
          .get('/auth/me')
          .set('Authorization', `Bearer ${login.body.accessToken}`);
        expect(me.status).toBe(401);
      }
      expect((await admin.get('/auth/me')).status).toBe(200);
      const [event] = await db.query(
        `SELECT action, entity_type, entity_id, actor_id FROM audit_events
          WHERE action = 'auth.logout_all' ORDER BY at DESC LIMIT 1`,
      );
      expect(event).toEqual({
        action: 'auth.logout_all',
        entity_type: 'staff',
        entity_id: s.staffId,
        actor_id: s.staffId,
      });
    });
  });

  describe('4. the lockout does not reveal which accounts exist; an ADMIN can release it', () => {
    const attempt = (email: string, password: string) =>
      request(app.api).post('/auth/login').send({ email, password });
    const shape = (r: request.Response) => ({
      status: r.status,
      code: r.body.code,
      keys: Object.keys(r.body).sort(),
      detail: String(r.body.detail).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/, '<time>'),
    });

    it('answers an unknown email exactly like a real one, lockout included', async () => {
      const real = await staffWith(app, admin, ['INTAKE']);
      const unknown = `nobody-${Date.now()}@test.example`;
      const answers: { real: unknown[]; unknown: unknown[] } = { real: [], unknown: [] };
      const ms: { real: number[]; unknown: number[] } = { real: [], unknown: [] };
      for (let i = 0; i < 6; i++) {
        for (const [who, email] of [
          ['real', real.email],
          ['unknown', unknown],
        ] as const) {
          const t = Date.now();
          answers[who].push(shape(await attempt(email, `wrong-password-${i}`)));
          if (i < 4) ms[who].push(Date.now() - t);
        }
      }
      expect(answers.unknown).toEqual(answers.real);
      expect(answers.real.map((a) => (a as { status: number }).status)).toEqual([
        401, 401, 401, 401, 423, 423,
      ]);
      // Both verify an argon2 hash: neither answers in a fraction of the other's time.
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const ratio = median(ms.unknown) / median(ms.real);
      expect(ratio).toBeGreaterThan(0.33);
      expect(ratio).toBeLessThan(3);
      // The typed email is not kept, only its hash.
      const stored = await db.query(`SELECT email_hash FROM login_failures`);
      expect(JSON.stringify(stored)).not.toContain('nobody');
    });

    it('POST /staff/:id/unlock (ADMIN, audited) releases a lock at once', async () => {
      const s = await staffWith(app, admin, ['FINANCE']);
      for (let i = 0; i < 5; i++) await attempt(s.email, `wrong-password-${i}`);
      expect((await attempt(s.email, STAFF_PASSWORD)).status).toBe(423);
      expect((await admin.get(`/staff/${s.staffId}`)).body.lockedUntil).toEqual(expect.any(String));
      const supervisor = await staffWith(app, admin, ['SUPERVISOR']);
      expect((await supervisor.post(`/staff/${s.staffId}/unlock`)).status).toBe(403);
      const unlocked = await admin.post(`/staff/${s.staffId}/unlock`);
      expect(unlocked.status).toBe(200);
      expect(unlocked.body).toMatchObject({ id: s.staffId, lockedUntil: null });
      expect((await attempt(s.email, STAFF_PASSWORD)).status).toBe(200);
      const [event] = await db.query(
        `SELECT actor_id, entity_type, entity_id, outcome FROM audit_events
          WHERE action = 'staff.unlock' ORDER BY at DESC LIMIT 1`,
      );
      expect(event).toEqual({
        actor_id: admin.staffId,
        entity_type: 'staff',
        entity_id: s.staffId,
        outcome: 'SUCCESS',
      });
      expect(
        (await admin.post(`/staff/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/unlock`))
          .status,
      ).toBe(404);
    });
  });

  describe('11. audit events say what changed', () => {
    const lastEvent = async (auditor: ApiClient, action: string, entityId: string) => {
      const res = await auditor.get(`/audit-events?action=${action}&entityId=${entityId}&limit=1`);
      expect(res.status).toBe(200);
      return res.body.items[0];
    };

    it('records roles and active before → after on staff changes, and program settings with the code', async () => {
      const auditor = await staffWith(app, admin, ['AUDITOR']);
      const s = await staffWith(app, admin, ['INTAKE']);
      await admin.patch(`/staff/${s.staffId}`, { roles: ['SUPERVISOR', 'INTAKE'] }).expect(200);
      expect((await lastEvent(auditor, 'staff.update', s.staffId)).details).toEqual({
        roles: { from: ['INTAKE'], to: ['INTAKE', 'SUPERVISOR'] },
      });
      await admin
        .patch(`/staff/${s.staffId}`, { active: false, displayName: 'Renamed' })
        .expect(200);
      const off = await lastEvent(auditor, 'staff.update', s.staffId);
      expect(off.details).toEqual({ active: { from: true, to: false } });
      expect(JSON.stringify(off)).not.toContain('Renamed');

      const [program] = (await admin.get('/programs')).body;
      await admin
        .patch(`/programs/${program.id}`, { feeCents: program.feeCents + 100 })
        .expect(200);
      expect((await lastEvent(auditor, 'program.update', program.id)).details).toEqual({
        programCode: program.code,
        feeCents: { from: program.feeCents, to: program.feeCents + 100 },
      });
    });
  });

  describe('6. a facilitator takes only their own sessions', () => {
    it('refuses another facilitator the roster and attendance; a SUPERVISOR reassigns (audited); past sessions are SUPERVISOR-only', async () => {
      const supervisor = await staffWith(app, admin, ['SUPERVISOR']);
      const intake = await staffWith(app, admin, ['INTAKE']);
      const a = await staffWith(app, admin, ['FACILITATOR']);
      const b = await staffWith(app, admin, ['FACILITATOR']);
      // Enrolled before the class (a seat never precedes the enrollment).
      const enrollment = await make.enroll({
        programCode: 'JOHNZ_SCHOOL',
        enrolledOn: chicagoDaysAgo(2),
      });
      const startsAt = new Date(Date.now() - 2 * 3600_000).toISOString();
      const endsAt = new Date(Date.now() - 3600_000).toISOString();
      const body = {
        programCode: 'JOHNZ_SCHOOL',
        startsAt,
        endsAt,
        location: 'Room 1',
        capacity: 10,
        facilitatorId: a.staffId,
      };
      const byIntake = await intake.post('/sessions', body);
      expect(byIntake.status).toBe(403);
      expect(byIntake.body.code).toBe('FORBIDDEN');
      const session = await supervisor.post('/sessions', body);
      expect(session.status).toBe(201);
      const id = session.body.id;
      await db.query(
        `INSERT INTO session_seats (session_id, enrollment_id, seated_by) VALUES ($1, $2, $3)`,
        [id, enrollment.enrollmentId, supervisor.staffId],
      );
      await db.query(`UPDATE class_sessions SET seats_taken = 1 WHERE id = $1`, [id]);
      const records = { records: [{ enrollmentId: enrollment.enrollmentId, status: 'PRESENT' }] };

      const rosterB = await b.get(`/sessions/${id}/roster`);
      expect([rosterB.status, rosterB.body.code]).toEqual([403, 'FORBIDDEN']);
      const takeB = await b.put(`/sessions/${id}/attendance`, records);
      expect([takeB.status, takeB.body.code]).toEqual([403, 'FORBIDDEN']);
      expect(
        (await db.query(`SELECT 1 FROM attendance_records WHERE session_id = $1`, [id])).length,
      ).toBe(0);
      expect((await a.get(`/sessions/${id}/roster`)).status).toBe(200);
      expect((await intake.get(`/sessions/${id}/roster`)).status).toBe(200);

      expect((await a.patch(`/sessions/${id}`, { facilitatorId: b.staffId })).status).toBe(403);
      const moved = await supervisor.patch(`/sessions/${id}`, { facilitatorId: b.staffId });
      expect(moved.status).toBe(200);
      expect(moved.body.facilitatorId).toBe(b.staffId);
      expect((await b.put(`/sessions/${id}/attendance`, records)).status).toBe(200);
      expect((await a.get(`/sessions/${id}/roster`)).status).toBe(403);
      const notFacilitator = await supervisor.patch(`/sessions/${id}`, {
        facilitatorId: intake.staffId,
      });
      expect(notFacilitator.body.code).toBe('FACILITATOR_NOT_ELIGIBLE');
      const [event] = await db.query(
        `SELECT actor_id, entity_id, details FROM audit_events
          WHERE action = 'session.reassign' AND outcome = 'SUCCESS'`,
      );
      expect(event).toEqual({
        actor_id: supervisor.staffId,
        entity_id: id,
        details: {
          programCode: 'JOHNZ_SCHOOL',
          facilitatorId: { from: a.staffId, to: b.staffId },
        },
      });
    });
  });

  describe('3. TRUST_PROXY names the proxies; forged X-Forwarded-For entries are ignored', () => {
    it('behind one proxy (TRUST_PROXY=1) throttles and audits the address the proxy saw', async () => {
      const proxied = await startApp(db, { TRUST_PROXY: '1', LOGIN_THROTTLE_LIMIT: '5' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 8; i++) {
          const res = await request(proxied.api)
            .post('/auth/login')
            // What the client forged, then what the proxy appended: the address it saw.
            .set('X-Forwarded-For', `198.51.100.${i + 1}, 203.0.113.7`)
            .set('X-Request-Id', `proxied-login-${i}`)
            .send({ email: `forger-${i}@test.example`, password: 'wrong-password-1' });
          statuses.push(res.status);
        }
        expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
        const ips = await db.query(
          `SELECT DISTINCT ip FROM audit_events WHERE client_request_id LIKE 'proxied-login-%'`,
        );
        expect(ips.map((r) => r.ip)).toEqual(['203.0.113.7']);
      } finally {
        await proxied.stop();
      }
    });

    it('ignores X-Forwarded-For from an address outside the listed proxy ranges', async () => {
      const ranged = await startApp(db, { TRUST_PROXY: '10.0.0.0/8', LOGIN_THROTTLE_LIMIT: '3' });
      try {
        // The failed sign-ins of this file's other tests came from 127.0.0.1 too, and the throttle
        // is in the database: start this address afresh.
        await db.query(`DELETE FROM sign_in_failures_by_address WHERE address = '127.0.0.1'`);
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) {
          statuses.push(
            (
              await request(ranged.api)
                .post('/auth/login')
                .set('X-Forwarded-For', `198.51.100.${i + 1}`)
                .send({ email: `ranged-${i}@test.example`, password: 'wrong-password-1' })
            ).status,
          );
        }
        expect(statuses).toEqual([401, 401, 401, 429]);
      } finally {
        await ranged.stop();
      }
    });

    it('refuses to start with TRUST_PROXY=true, saying what to give instead', async () => {
      await expect(startApp(db, { TRUST_PROXY: 'true' })).rejects.toThrow(
        /TRUST_PROXY must be false, the number of proxies/,
      );
      await expect(startApp(db, { TRUST_PROXY: '10.0.0.0/99' })).rejects.toThrow(/TRUST_PROXY/);
    });
  });

  describe('5. look-alike names do not defeat the duplicate check', () => {
    it('answers 409 DUPLICATE_PARTICIPANT to invisible, Cyrillic, fullwidth and soft-hyphen copies; 400 to bidi controls', async () => {
      const intake = await staffWith(app, admin, ['INTAKE']);
      const person = { firstName: 'Sam', dateOfBirth: '1979-04-03' };
      const first = await intake.post('/participants', { ...person, lastName: 'Smith' });
      expect(first.status).toBe(201);
      const copies = ['Smi\u200bth', '\u0405mith', 'Ｓｍｉｔｈ', 'Smi\u00adth', 'S\u043c\u0456th'];
      const answers = [];
      for (const lastName of copies) {
        const res = await intake.post('/participants', { ...person, lastName });
        answers.push([lastName, res.status, res.body.code, res.body.existingId]);
      }
      expect(answers).toEqual(copies.map((c) => [c, 409, 'DUPLICATE_PARTICIPANT', first.body.id]));
      for (const lastName of ['Smith\u202e', 'Smi\u2066th\u2069', 'Smi\tth']) {
        const res = await intake.post('/participants', { ...person, lastName });
        expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([
          400,
          'VALIDATION_FAILED',
          'lastName',
        ]);
      }
      // What is stored is the normalised form; a search for a look-alike finds the person.
      const other = await intake.post('/participants', {
        firstName: 'Ｒｏｂｉｎ\u200b',
        lastName: 'Quinn',
        dateOfBirth: '1981-01-01',
      });
      expect(other.body.firstName).toBe('Robin');
      const found = await intake.get(`/participants?q=${encodeURIComponent('\u0405mith')}`);
      expect(found.body.items.map((p: { id: string }) => p.id)).toContain(first.body.id);
      expect(
        (
          await db.query(
            `SELECT count(*)::int AS n FROM participants WHERE date_of_birth = '1979-04-03'`,
          )
        )[0].n,
      ).toBe(1);
    });

    it('the migration recomputes stored keys with the skeleton', async () => {
      const { DataSource } = require('typeorm');
      const build = process.env.TEST_BUILD_DIR!;
      const { dataSourceOptions } = require(`${build}/src/database/database-options.js`);
      const { ConfusableNameKeys1764390400000: Migration } = require(
        `${build}/migrations/1764390400000-ConfusableNameKeys.js`,
      );
      const [staff] = await db.query(`SELECT id FROM staff LIMIT 1`);
      // As the earlier rule stored it: the Cyrillic letter kept, the zero-width space too.
      const [row] = await db.query(
        `INSERT INTO participants (first_name, last_name, last_name_key, date_of_birth, created_by)
         VALUES ('Old', '\u0405mi\u200bth', '\u0455mi\u200bth', '1970-07-07', $1) RETURNING id`,
        [staff.id],
      );
      const ds = new DataSource(dataSourceOptions({ url: db.url, poolSize: 1 }));
      await ds.initialize();
      const runner = ds.createQueryRunner();
      try {
        await new Migration().up(runner);
      } finally {
        await runner.release();
        await ds.destroy();
      }
      const [after] = await db.query(`SELECT last_name_key FROM participants WHERE id = $1`, [
        row.id,
      ]);
      expect(after.last_name_key).toBe('smith');
    });
  });

  describe('14. a quiet production start; the statement in Chicago time', () => {
    /** A production server at info: what its start prints, then what each request logs. */
    let prod: AppInstance;
    beforeAll(async () => {
      prod = await startApp(db, { NODE_ENV: 'production', LOG_LEVEL: 'info' });
    });
    afterAll(async () => {
      await prod?.stop();
    });

    it('prints one line at info (address, database, docs), the route mapping only at debug', async () => {
      const debug = await startApp(db, { NODE_ENV: 'production', LOG_LEVEL: 'debug' });
      try {
        await new Promise((r) => setTimeout(r, 300));
        // The compiled test server has no console bundle beside it, and says so (a warning).
        const lines = prod
          .output()
          .split('\n')
          .filter((l) => l.trim() && !l.includes('No staff console at'));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(
          /^Case manager listening on http:\/\/\S+ — database: PostgreSQL at 127\.0\.0\.1:\d+\/\S+ — API docs: http:\/\/\S+\/docs$/,
        );
        expect(debug.output()).toMatch(/Mapped \{\/api\/v1\/auth\/login, POST\}/);
      } finally {
        await debug.stop();
      }
    });

    it('at info logs each request once, without its credentials or query string; above info not at all', async () => {
      const info = prod;
      const warn = await startApp(db, { NODE_ENV: 'production', LOG_LEVEL: 'warn' });
      try {
        for (const [server, id] of [
          [info, 'log-check-info'],
          [warn, 'log-check-warn'],
        ] as const) {
          const res = await request(server.api)
            .get('/audit-events?action=Marston')
            .set('Authorization', `Bearer ${admin.token}`)
            .set('X-Request-Id', id);
          expect(res.status).toBe(200);
        }
        await new Promise((r) => setTimeout(r, 300));
        const requestLines = (out: string) =>
          out
            .split('\n')
            .filter((l) => l.includes('request completed'))
            .map((l) => JSON.parse(l) as Record<string, any>);
        const [line, ...more] = requestLines(info.output());
        expect(more).toEqual([]);
        expect(line).toMatchObject({
          clientRequestId: 'log-check-info',
          requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          req: { method: 'GET', url: '/api/v1/audit-events' },
          res: { statusCode: 200 },
        });
        expect(JSON.stringify(line)).not.toMatch(/Marston|Bearer|authorization/i);
        expect(requestLines(warn.output())).toEqual([]);
      } finally {
        await warn.stop();
      }
    });

    it('shows when a remittance statement was prepared in America/Chicago time', async () => {
      const finance = await staffWith(app, admin, ['FINANCE']);
      const e = await make.enroll({ programCode: 'OAR' });
      const today = (await db.one(`SELECT (now() AT TIME ZONE 'America/Chicago')::date::text AS d`))
        .d;
      const paid = await finance
        .post(`/enrollments/${e.enrollmentId}/payments`, {
          amountCents: 1_000,
          method: 'CASH',
          receivedOn: today,
        })
        .set('Idempotency-Key', `statement-${Date.now()}`);
      expect(paid.status).toBe(201);
      const batch = await finance.post('/remittances', { periodEnd: today });
      expect(batch.status).toBe(201);
      const pdf = await finance
        .get(`/remittances/${batch.body.id}/statement.pdf`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      const { text } = await pdfText(pdf.body as Buffer);
      const created = new Date(batch.body.createdAt);
      const wall = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'America/Chicago',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .format(created)
        .replace(',', '');
      expect(text).toMatch(new RegExp(`Prepared: ${wall} C[SD]T`));
      expect(text).not.toContain(batch.body.createdAt);
    });
  });
});

/**
 * A JSON body that is not an object — `null`, a number, a string, `true` — is refused with a 400
 * naming the body, never read as an empty update (the JSON parser takes any JSON value, and the
 * validation pipe used to turn null into {}). Nothing is written and nothing is audited as done.
 */
describe('a request body that is not a JSON object', () => {
  it('PATCH /participants/:id and PATCH /staff/:id with null, 5, "x" or true: 400 naming the body, nothing changed or audited', async () => {
    const e = await make.enroll();
    const intake = make.intake;
    const target = await staffWith(app, admin, ['FACILITATOR']);
    const before = {
      participant: (await intake.get(`/participants/${e.participantId}`)).body.updatedAt,
      staff: (await admin.get(`/staff/${target.staffId}`)).body.updatedAt,
    };
    const successes = async () =>
      (
        await db.one(
          `SELECT count(*)::int AS n FROM audit_events
            WHERE action IN ('participant.update', 'staff.update') AND outcome = 'SUCCESS'`,
        )
      ).n;
    const auditedBefore = await successes();
    for (const body of ['null', '5', '"x"', 'true']) {
      for (const [client, path] of [
        [intake, `/participants/${e.participantId}`],
        [admin, `/staff/${target.staffId}`],
      ] as const) {
        const res = await client.patch(path).set('Content-Type', 'application/json').send(body);
        expect({ body, path, status: res.status, code: res.body.code }).toEqual({
          body,
          path,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect(res.body.errors).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
      }
    }
    expect((await intake.get(`/participants/${e.participantId}`)).body.updatedAt).toBe(
      before.participant,
    );
    expect((await admin.get(`/staff/${target.staffId}`)).body.updatedAt).toBe(before.staff);
    expect(await successes()).toBe(auditedBefore);
    // An empty object is still an update that changes nothing, as before.
    expect((await intake.patch(`/participants/${e.participantId}`, {})).status).toBe(200);
  });
});
