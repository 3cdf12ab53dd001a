import { Client } from 'pg';
import request from 'supertest';
import { ADMIN_EMAIL, AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';

describe('audit trail', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let admin: ApiClient;
  let auditor: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    admin = await loginAdmin(app);
    auditor = await staffWith(app, admin, ['AUDITOR']);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('records logins, successful and failed changes with actor, entity, outcome and request id', async () => {
    await request(app.api)
      .post('/auth/login')
      .send({ email: ADMIN_EMAIL, password: 'secret-wrong-password' });
    const created = await admin
      .post('/staff', {
        email: 'audited@test.example',
        displayName: 'Audited',
        roles: ['INTAKE'],
        password: 'recorded-password-1',
      })
      .set('X-Request-Id', 'req-create-1');
    expect(created.status).toBe(201);
    const refused = await admin.post('/staff', {
      email: 'audited@test.example',
      displayName: 'Again',
      roles: ['INTAKE'],
      password: 'recorded-password-2',
    });
    expect(refused.status).toBe(409);

    const ok = await auditor.get(`/audit-events?entityId=${created.body.id}&action=staff.create`);
    expect(ok.status).toBe(200);
    expect(ok.body.items).toEqual([
      expect.objectContaining({
        actorId: admin.staffId,
        action: 'staff.create',
        entityType: 'staff',
        entityId: created.body.id,
        outcome: 'SUCCESS',
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        clientRequestId: 'req-create-1',
        ip: expect.any(String),
      }),
    ]);
    const failures = await auditor.get(`/audit-events?actorId=${admin.staffId}&outcome=FAILURE`);
    expect(failures.body.items.map((e: { errorCode: string }) => e.errorCode)).toEqual(
      expect.arrayContaining(['DUPLICATE_EMAIL', 'UNAUTHENTICATED']),
    );
    const logins = await auditor.get('/audit-events?action=auth.login');
    expect(logins.body.items.map((e: { outcome: string }) => e.outcome)).toEqual(
      expect.arrayContaining(['SUCCESS', 'FAILURE']),
    );
  });

  it('never stores a password or a token', async () => {
    const res = await request(app.api)
      .post('/auth/login')
      .send({ email: ADMIN_EMAIL, password: 'secret-wrong-password' });
    expect(res.status).toBe(401);
    const dump = JSON.stringify(await db.query(`SELECT * FROM audit_events`));
    expect(dump).not.toContain('secret-wrong-password');
    expect(dump).not.toContain('audited-password');
    expect(dump).not.toContain(admin.token.slice(-20));
  });

  it('filters by time, lists newest first, and is closed to other roles', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(
      new Date(),
    );
    const all = await auditor.get(`/audit-events?from=${today}&to=${today}&limit=200`);
    expect(all.body.total).toBeGreaterThan(3);
    const times = all.body.items.map((e: { at: string }) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await auditor.get('/audit-events?from=2001-01-01&to=2001-01-02')).body.total).toBe(0);
    expect((await auditor.get('/audit-events?from=yesterday')).status).toBe(400);
    const intake = await staffWith(app, admin, ['INTAKE', 'SUPERVISOR', 'FINANCE']);
    expect((await intake.get('/audit-events')).status).toBe(403);
    expect((await admin.get('/audit-events')).status).toBe(200);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself, for the owner and the app role', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const before = await client.query(`SELECT count(*)::int AS n FROM audit_events`);
      await expect(client.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(client.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
      await expect(client.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
      await client.query(`SET ROLE diversion_app`);
      await expect(client.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow(
        /permission denied|append-only/,
      );
      await expect(client.query(`DELETE FROM audit_events`)).rejects.toThrow(
        /permission denied|append-only/,
      );
      await expect(client.query(`TRUNCATE audit_events`)).rejects.toThrow(
        /permission denied|append-only/,
      );
      await client.query(`RESET ROLE`);
      const after = await client.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action <> 'tampered'`,
      );
      expect(after.rows[0].n).toBe(before.rows[0].n);
    } finally {
      await client.end();
    }
  });
});
