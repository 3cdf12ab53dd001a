import { Client } from 'pg';
import request from 'supertest';
import { ADMIN_EMAIL, AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, STAFF_PASSWORD, staffWith } from './support/http';

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

  it('countUpTo: the same page, counted no further than asked, saying when more match', async () => {
    const filter = `actorId=${admin.staffId}`;
    const exact = (await auditor.get(`/audit-events?${filter}&limit=2&page=2`).expect(200)).body;
    expect(exact.total).toBeGreaterThan(6);
    expect(exact.totalIsLowerBound).toBe(false);
    // Counted up to 3 past the page's first (offset 2): a bound, and the very same items.
    const capped = (
      await auditor.get(`/audit-events?${filter}&limit=2&page=2&countUpTo=3`).expect(200)
    ).body;
    expect(capped).toEqual({ ...exact, total: 5, totalIsLowerBound: true });
    // A bound as large as the rest: exact again.
    const enough = (
      await auditor
        .get(`/audit-events?${filter}&limit=2&page=2&countUpTo=${exact.total - 2}`)
        .expect(200)
    ).body;
    expect(enough).toEqual(exact);
    expect((await auditor.get('/audit-events?countUpTo=0')).status).toBe(400);
  });

  it('changesOnly=true leaves out views, lists, sign-ins and session renewals', async () => {
    // A clerk signs in, renews the session, registers a participant, opens it, edits it.
    const clerk = await staffWith(app, admin, ['INTAKE', 'SUPERVISOR']);
    const signIn = await request(app.api)
      .post('/auth/login')
      .send({ email: clerk.email, password: STAFF_PASSWORD });
    expect(signIn.status).toBe(200);
    const renewed = await request(app.api)
      .post('/auth/refresh')
      .send({ refreshToken: signIn.body.refreshToken });
    expect(renewed.status).toBe(200);
    const p = await clerk.post('/participants', {
      firstName: 'Audrey',
      lastName: `Changes${Date.now()}`,
      dateOfBirth: '1981-02-03',
    });
    expect(p.status).toBe(201);
    expect((await clerk.get(`/participants/${p.body.id}`)).status).toBe(200);
    expect(
      (await clerk.patch(`/participants/${p.body.id}`, { phone: '816-555-0100' })).status,
    ).toBe(200);
    expect((await clerk.get(`/participants/${p.body.id}`)).status).toBe(200);
    // A list read of the record (a search, a roster) is written as <entity>.list.
    await db.query(
      `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, outcome, status_code)
       VALUES ($1, 'participant.list', 'participant', $2, 'SUCCESS', 200)`,
      [clerk.staffId, p.body.id],
    );

    const actions = async (qs: string) => {
      const res = await auditor.get(`/audit-events?${qs}&limit=200`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(res.body.items.length);
      return res.body.items.map((e: { action: string }) => e.action).reverse();
    };
    const everything = await actions(`actorId=${clerk.staffId}`);
    expect(everything).toEqual(
      expect.arrayContaining([
        'auth.login',
        'auth.refresh',
        'participant.create',
        'participant.view',
        'participant.update',
        'participant.list',
      ]),
    );
    expect(await actions(`actorId=${clerk.staffId}&changesOnly=true`)).toEqual([
      'participant.create',
      'participant.update',
    ]);
    expect(await actions(`actorId=${clerk.staffId}&changesOnly=false`)).toEqual(everything);
    // A record's History tab, as a SUPERVISOR reads it.
    const record = `entityType=participant&entityId=${p.body.id}`;
    expect(await actions(record)).toEqual([
      'participant.create',
      'participant.view',
      'participant.update',
      'participant.view',
      'participant.list',
    ]);
    const history = await clerk.get(`/audit-events?${record}&changesOnly=true`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual([
      'participant.update',
      'participant.create',
    ]);
    expect(history.body.total).toBe(2);
    const bad = await auditor.get('/audit-events?changesOnly=yes');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('changesOnly');
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
