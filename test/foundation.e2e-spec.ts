import request from 'supertest';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, anonymous, loginAdmin, staffWith } from './support/http';

describe('foundation: errors, request ids, health', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let admin: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    admin = await loginAdmin(app);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('answers readiness once the database is reachable and migrated', async () => {
    const res = await request(app.url).get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.info.database.status).toBe('up');
    expect(res.body.info.migrations.status).toBe('up');
  });

  it('echoes a caller request id and makes one otherwise', async () => {
    const given = await request(app.url).get('/health').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await anonymous(app).get('/programs');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.body.requestId).toBe(made.headers['x-request-id']);
  });

  it('answers an unknown route with problem+json NOT_FOUND', async () => {
    const res = await admin.get('/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('refuses malformed JSON, unknown fields, wrong types and oversized bodies, naming the field', async () => {
    const malformed = await admin
      .post('/staff')
      .set('Content-Type', 'application/json')
      .send('{"email":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');

    const unknown = await admin.post('/staff', {
      email: 'u@test.example',
      displayName: 'U',
      roles: ['INTAKE'],
      password: 'long-enough-password',
      isRoot: true,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['isRoot']);

    const wrongType = await admin.post('/staff', {
      email: 'w@test.example',
      displayName: 5,
      roles: 'ADMIN',
      password: 'x',
    });
    expect(wrongType.status).toBe(400);
    const fields = wrongType.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['displayName', 'roles', 'password']));

    const huge = await admin.post('/staff', {
      email: 'h@test.example',
      displayName: 'x'.repeat(2_000_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');

    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM staff WHERE email LIKE '%@test.example' AND email <> 'admin@test.example'`,
    );
    expect(n).toBe(0);
  });

  it('refuses NUL characters and impossible timestamps with 400, before the database sees them', async () => {
    const query = await admin.get('/audit-events?action=a%00b');
    expect(query.status).toBe(400);
    expect(query.body.errors).toEqual([
      { field: 'action', message: 'must not contain NUL (\\u0000) characters' },
    ]);
    const body = await admin.post('/staff', {
      email: 'n@test.example',
      displayName: 'N\u0000',
      roles: ['INTAKE'],
      password: 'long-enough-password',
    });
    expect(body.status).toBe(400);
    expect(body.body.errors[0].field).toBe('displayName');
    const feb30 = await admin.get('/audit-events?from=2026-02-30T10:00:00-06:00');
    expect(feb30.status).toBe(400);
    expect(feb30.body.errors[0].field).toBe('from');
  });

  it('answers a malformed UUID in a path with 400 naming the parameter', async () => {
    const res = await admin.get('/staff/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  it('never leaks SQL or stacks', async () => {
    const res = await admin.patch('/programs/00000000-0000-4000-8000-000000000000', {
      feeCents: 1,
    });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toMatch(/SELECT|QueryFailed|at .*\.js/);
  });

  it('lists programs to any role and lets only an ADMIN change them', async () => {
    const facilitator = await staffWith(app, admin, ['FACILITATOR']);
    const list = await facilitator.get('/programs');
    expect(list.status).toBe(200);
    expect(list.body.map((p: { code: string }) => p.code).sort()).toEqual(['JOHNZ_SCHOOL', 'OAR']);
    const oar = list.body.find((p: { code: string }) => p.code === 'OAR');
    expect(oar.beneficiary).toBe("Veronica's Voice");
    expect((await facilitator.patch(`/programs/${oar.id}`, { feeCents: 1 })).status).toBe(403);
    const changed = await admin.patch(`/programs/${oar.id}`, {
      feeCents: 75_000,
      requiredSessions: 8,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      feeCents: 75_000,
      requiredSessions: 8,
      completionWindowDays: 180,
    });
    // A setting sent as null is refused, naming it; nothing changes and nothing is claimed to.
    const nulled = await admin.patch(`/programs/${oar.id}`, { feeCents: null });
    expect(nulled.status).toBe(400);
    expect([...new Set(nulled.body.errors.map((e: { field: string }) => e.field))]).toEqual([
      'feeCents',
    ]);
    const after = (await admin.get('/programs')).body.find(
      (p: { code: string }) => p.code === 'OAR',
    );
    expect(after.feeCents).toBe(75_000);
  });
});
