import { join } from 'node:path';
import { Client } from 'pg';
import { caseKey } from '../src/participants/identity';
import { createParticipant, eligibleReferral } from './intake-fixtures';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';

/** Courts: a list kept by ADMIN that a referral's jurisdiction names by code. */
describe('courts', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let admin: ApiClient;
  let intake: ApiClient;
  let facilitator: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    admin = await loginAdmin(app);
    [intake, facilitator] = await Promise.all([
      staffWith(app, admin, ['INTAKE']),
      staffWith(app, admin, ['FACILITATOR']),
    ]);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('a fresh install lists the two courts of Kansas City; every role reads the list', async () => {
    const res = await facilitator.get('/courts');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: expect.any(String),
        code: 'JACKSON-CIRCUIT',
        name: 'Jackson County Circuit Court',
        active: true,
      },
      {
        id: expect.any(String),
        code: 'KC-MUNICIPAL',
        name: 'Kansas City Municipal Court',
        active: true,
      },
    ]);
  });

  it('ADMIN adds, renames and takes courts off the list; a referral names an active court by code', async () => {
    const added = await admin.post('/courts', {
      code: ' clay-circuit ',
      name: '  Clay   County Circuit Court ',
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: expect.any(String),
      code: 'CLAY-CIRCUIT',
      name: 'Clay County Circuit Court',
      active: true,
    });
    const audit = await db.one(
      `SELECT actor_id, action, entity_type, details FROM audit_events
        WHERE action = 'court.create' AND entity_id = $1`,
      [added.body.id],
    );
    expect(audit).toEqual({
      actor_id: admin.staffId,
      action: 'court.create',
      entity_type: 'court',
      details: { code: 'CLAY-CIRCUIT', active: true },
    });

    // The same code, or the same name however written, is one court already.
    const sameCode = await admin.post('/courts', { code: 'CLAY-CIRCUIT', name: 'Another' });
    expect(sameCode.status).toBe(409);
    expect(sameCode.body).toMatchObject({
      code: 'DUPLICATE_COURT',
      errors: [{ field: 'code', message: expect.any(String) }],
    });
    const sameName = await admin.post('/courts', {
      code: 'CLAY-2',
      name: 'clay county  circuit court',
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body.errors.map((e: { field: string }) => e.field)).toEqual(['name']);
    for (const code of ['', 'A B', '-LEADING', 'X'.repeat(41), 'ÉCOLE']) {
      const bad = await admin.post('/courts', { code, name: `Court ${code}` });
      expect({ code, status: bad.status, field: bad.body.errors?.[0]?.field }).toEqual({
        code,
        status: 400,
        field: 'code',
      });
    }
    expect((await admin.post('/courts', { code: 'NONAME' })).status).toBe(400);
    expect((await intake.post('/courts', { code: 'X', name: 'X' })).status).toBe(403);
    expect((await intake.patch(`/courts/${added.body.id}`, { active: false })).status).toBe(403);

    // A referral names the court by its code, in any case; its name comes with it.
    const p = await createParticipant(intake);
    const clay = await intake.post(
      '/referrals',
      eligibleReferral(p.id, { jurisdiction: 'clay-circuit' }),
    );
    expect(clay.status).toBe(201);
    expect(clay.body).toMatchObject({
      jurisdiction: 'CLAY-CIRCUIT',
      courtName: 'Clay County Circuit Court',
    });
    const listed = await intake.get(`/participants/${p.id}/referrals`);
    expect(listed.body[0]).toMatchObject({
      jurisdiction: 'CLAY-CIRCUIT',
      courtName: 'Clay County Circuit Court',
    });
    // Free text, or a code not on the list: 400 naming the field, nothing written.
    for (const jurisdiction of ['Clay County Circuit Court', 'NOPE']) {
      const before = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM referrals`);
      const res = await intake.post('/referrals', eligibleReferral(p.id, { jurisdiction }));
      expect({ jurisdiction, status: res.status, code: res.body.code }).toEqual({
        jurisdiction,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.body.errors).toEqual([{ field: 'jurisdiction', message: expect.any(String) }]);
      expect((await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM referrals`)).n).toBe(
        before.n,
      );
    }

    // Off the list: no new referral names it; its referrals keep it and can still be edited.
    const off = await admin.patch(`/courts/${added.body.id}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ code: 'CLAY-CIRCUIT', active: false });
    const change = await db.one(
      `SELECT details FROM audit_events WHERE action = 'court.update' AND entity_id = $1`,
      [added.body.id],
    );
    expect(change.details).toEqual({ code: 'CLAY-CIRCUIT', active: { from: true, to: false } });
    const active = await intake.get('/courts?active=true');
    expect(active.body.map((c: { code: string }) => c.code)).toEqual([
      'JACKSON-CIRCUIT',
      'KC-MUNICIPAL',
    ]);
    expect(
      (await intake.get('/courts?active=false')).body.map((c: { code: string }) => c.code),
    ).toEqual(['CLAY-CIRCUIT']);
    const refused = await intake.post(
      '/referrals',
      eligibleReferral(p.id, { jurisdiction: 'CLAY-CIRCUIT' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('jurisdiction');
    const edited = await intake.patch(`/referrals/${clay.body.id}`, {
      referringAgency: 'Clay County Sheriff',
      jurisdiction: 'CLAY-CIRCUIT',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      jurisdiction: 'CLAY-CIRCUIT',
      referringAgency: 'Clay County Sheriff',
    });
    const kc = await intake.patch(`/referrals/${clay.body.id}`, { jurisdiction: 'KC-MUNICIPAL' });
    expect(kc.status).toBe(200);
    expect(kc.body).toMatchObject({
      jurisdiction: 'KC-MUNICIPAL',
      courtName: 'Kansas City Municipal Court',
    });
    const back = await intake.patch(`/referrals/${clay.body.id}`, { jurisdiction: 'CLAY-CIRCUIT' });
    expect(back.status).toBe(400);
    expect(back.body.errors[0].field).toBe('jurisdiction');
    const unknown = await intake.patch(`/referrals/${clay.body.id}`, {
      jurisdiction: 'Jackson County',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('jurisdiction');

    // Renamed, back on the list; the code never changes.
    const renamed = await admin.patch(`/courts/${added.body.id}`, {
      name: 'Clay County Circuit Court (7th Circuit)',
      active: true,
      code: 'clay-circuit',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      code: 'CLAY-CIRCUIT',
      name: 'Clay County Circuit Court (7th Circuit)',
      active: true,
    });
    const recoded = await admin.patch(`/courts/${added.body.id}`, { code: 'CLAY' });
    expect(recoded.status).toBe(400);
    expect(recoded.body.errors[0].field).toBe('code');
    const taken = await admin.patch(`/courts/${added.body.id}`, {
      name: 'KANSAS CITY MUNICIPAL COURT',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('DUPLICATE_COURT');
    expect((await admin.patch(`/courts/${added.body.id}`, { active: null })).status).toBe(400);
    expect(
      (await admin.patch('/courts/00000000-0000-4000-8000-000000000000', { active: true })).status,
    ).toBe(404);
  });

  it('the database keeps referrals on listed, active courts and codes fixed', async () => {
    const p = await createParticipant(intake);
    const r = await intake.post('/referrals', eligibleReferral(p.id));
    expect(r.status).toBe(201);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const refused = async (sql: string, params: unknown[]) => {
      await client.query('SAVEPOINT s');
      try {
        await client.query(sql, params);
        return null;
      } catch (err) {
        return (err as { code: string }).code;
      } finally {
        await client.query('ROLLBACK TO SAVEPOINT s');
      }
    };
    try {
      await client.query('BEGIN');
      const copy = `INSERT INTO referrals (participant_id, case_number, case_number_key, jurisdiction,
            jurisdiction_key, referring_agency, offense_date, charge_code, offense_class, minor_involved,
            prior_prostitution_convictions, prior_diversion_declared, pending_similar_charge,
            registered_sex_offender, trafficking_charge, created_by)
         SELECT participant_id, 'X-' || case_number, 'X-' || case_number_key, $2, $2, referring_agency,
                offense_date, charge_code, offense_class, minor_involved, prior_prostitution_convictions,
                prior_diversion_declared, pending_similar_charge, registered_sex_offender,
                trafficking_charge, created_by
           FROM referrals WHERE id = $1`;
      // Not on the list: refused on a new referral and on a referral moved to it (the trigger);
      // a court that referrals name cannot go (the foreign key).
      expect(await refused(copy, [r.body.id, 'Kansas City Municipal Court'])).toBe('23514');
      expect(
        await refused(`UPDATE referrals SET jurisdiction = 'NOWHERE' WHERE id = $1`, [r.body.id]),
      ).toBe('23514');
      expect(await refused(`DELETE FROM courts WHERE code = 'KC-MUNICIPAL'`, [])).toBe('23503');
      // Off the list: the trigger, on a new referral and on a referral moved to it.
      await client.query(
        `INSERT INTO courts (code, name, active) VALUES ('OLD-COURT', 'Old Court', false)`,
      );
      expect(await refused(copy, [r.body.id, 'OLD-COURT'])).toBe('23514');
      expect(
        await refused(
          `UPDATE referrals SET jurisdiction = 'OLD-COURT', jurisdiction_key = 'OLD-COURT' WHERE id = $1`,
          [r.body.id],
        ),
      ).toBe('23514');
      expect(await refused(copy, [r.body.id, 'JACKSON-CIRCUIT'])).toBeNull();
      // A court named by referrals keeps its code, and so does any other.
      expect(await refused(`UPDATE courts SET code = 'KCMC' WHERE code = 'KC-MUNICIPAL'`, [])).toBe(
        '23514',
      );
      expect(await refused(`UPDATE courts SET code = 'OLDER' WHERE code = 'OLD-COURT'`, [])).toBe(
        '23514',
      );
      expect(await refused(`UPDATE courts SET code = 'lower' WHERE code = 'OLD-COURT'`, [])).toBe(
        '23514',
      );
      expect(
        await refused(
          `INSERT INTO courts (code, name) VALUES ('X1', 'kansas city municipal court')`,
          [],
        ),
      ).toBe('23505');
      expect(
        await refused(`UPDATE courts SET name = 'Older Court' WHERE code = 'OLD-COURT'`, []),
      ).toBeNull();
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
  });

  it('the migration makes a court of every distinct jurisdiction in use and keeps each referral on it', async () => {
    const fresh = await TestDatabase.create();
    const client = new Client({ connectionString: fresh.url });
    await client.connect();
    const { Courts1764770000000: Courts } = require(
      join(process.env.TEST_BUILD_DIR!, 'migrations', '1764770000000-Courts.js'),
    );
    const migration = new Courts();
    const runner = {
      query: (sql: string, params?: unknown[]) => client.query(sql, params).then((r) => r.rows),
    };
    try {
      await client.query('BEGIN');
      // The schema as it was before the list: free-text jurisdictions.
      await migration.down(runner);
      const staff = (
        await client.query(
          `INSERT INTO staff (email, display_name, roles, password_hash)
           VALUES ('clerk@test.example', 'Clerk', ARRAY['INTAKE'], 'x') RETURNING id`,
        )
      ).rows[0].id;
      // As staff wrote them: three spellings of one court, two of another, free text that reads
      // like a listed code, and one case number in two of them.
      const written: [string, string][] = [
        ['Kansas City Municipal Court', 'CR-SAME'],
        ['  kansas city   municipal COURT ', 'CR-2'],
        ['Kansas City Municipal Court', 'CR-3'],
        ['clay county circuit court', 'CR-4'],
        ['Clay County Circuit Court', 'CR-5'],
        ['clay county circuit court', 'CR-6'],
        ['KC-MUNICIPAL', 'CR-SAME'],
        ['Jackson County Circuit Court', 'CR-8'],
      ];
      const ids: string[] = [];
      for (const [i, [jurisdiction, caseNumber]] of written.entries()) {
        const p = await client.query(
          `INSERT INTO participants (first_name, last_name, last_name_key, date_of_birth, created_by)
           VALUES ('Lee', $1, $2, DATE '1980-01-01', $3) RETURNING id`,
          [`Court${i}`, `court${i}`, staff],
        );
        const r = await client.query(
          `INSERT INTO referrals (participant_id, case_number, case_number_key, jurisdiction,
              jurisdiction_key, referring_agency, offense_date, charge_code, offense_class,
              minor_involved, prior_prostitution_convictions, prior_diversion_declared,
              pending_similar_charge, registered_sex_offender, trafficking_charge, created_by)
           VALUES ($1, $2, $2, $3, $4, 'KCPD', DATE '2026-01-15', 'RSMo 567.030',
              'B_MISDEMEANOR', 'NO', 0, false, false, false, false, $5)
           RETURNING id`,
          [p.rows[0].id, caseNumber, jurisdiction, caseKey(jurisdiction), staff],
        );
        ids.push(r.rows[0].id);
      }

      await migration.up(runner);
      const courts = (await client.query(`SELECT code, name, active FROM courts ORDER BY code`))
        .rows;
      expect(courts).toEqual([
        // Named as it was written most often.
        { code: 'CLAY-COUNTY-CIRCUIT-COURT', name: 'clay county circuit court', active: true },
        { code: 'JACKSON-CIRCUIT', name: 'Jackson County Circuit Court', active: true },
        { code: 'KC-MUNICIPAL', name: 'Kansas City Municipal Court', active: true },
        // Free text that happened to read like a listed code is a court of its own.
        { code: 'KC-MUNICIPAL-2', name: 'KC-MUNICIPAL', active: true },
      ]);
      const moved = (
        await client.query(
          `SELECT id, jurisdiction, jurisdiction_key FROM referrals WHERE id = ANY($1)`,
          [ids],
        )
      ).rows;
      const codeOf = Object.fromEntries(
        moved.map((m) => [m.id, `${m.jurisdiction} ${m.jurisdiction_key}`]),
      );
      expect(ids.map((id) => codeOf[id])).toEqual([
        'KC-MUNICIPAL KC-MUNICIPAL',
        'KC-MUNICIPAL KC-MUNICIPAL',
        'KC-MUNICIPAL KC-MUNICIPAL',
        'CLAY-COUNTY-CIRCUIT-COURT CLAY-COUNTY-CIRCUIT-COURT',
        'CLAY-COUNTY-CIRCUIT-COURT CLAY-COUNTY-CIRCUIT-COURT',
        'CLAY-COUNTY-CIRCUIT-COURT CLAY-COUNTY-CIRCUIT-COURT',
        'KC-MUNICIPAL-2 KC-MUNICIPAL-2',
        'JACKSON-CIRCUIT JACKSON-CIRCUIT',
      ]);
      // And back: free text again, each referral with its court's name.
      await migration.down(runner);
      const restored = (
        await client.query(`SELECT jurisdiction FROM referrals WHERE id = ANY($1)`, [ids])
      ).rows.map((r) => r.jurisdiction);
      expect(restored.sort()).toEqual(
        [
          'Jackson County Circuit Court',
          'KC-MUNICIPAL',
          ...Array(3).fill('Kansas City Municipal Court'),
          ...Array(3).fill('clay county circuit court'),
        ].sort(),
      );
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
      await fresh.close();
    }
  });
});
