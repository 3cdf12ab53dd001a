import { Client } from 'pg';
import request from 'supertest';
import { AppInstance, startApp, TestDatabase } from './support/app';

/**
 * Issue 14, point 1: the API logs in as a login of its own that owns nothing, so no SQL it runs
 * can leave its restrictions (`SET ROLE NONE` used to return to the schema owner).
 */
describe('the API database login', () => {
  let db: TestDatabase;
  let app: AppInstance;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('is what the running server connects as: no superuser, no CREATEROLE/CREATEDB, owns nothing', async () => {
    expect((await request(app.url).get('/health/ready')).status).toBe(200);
    const sessions = await db.query(
      `SELECT DISTINCT usename FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'diversion-case-manager'`,
    );
    expect(sessions).toHaveLength(1);
    const [login] = await db.query(
      `SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
         FROM pg_roles r WHERE r.rolname = $1`,
      [sessions[0].usename],
    );
    expect(login).toEqual({
      rolname: new URL(db.apiUrl).username,
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      owned: 0,
    });
  });

  it('with its credentials, SET ROLE NONE then DELETE, UPDATE, TRUNCATE or DISABLE TRIGGER on every append-only table is refused', async () => {
    const tables = (
      await db.query<{ table: string; column: string }>(
        `SELECT t.event_object_table AS table,
                (SELECT c.column_name FROM information_schema.columns c
                  WHERE c.table_name = t.event_object_table AND c.table_schema = 'public'
                  ORDER BY c.ordinal_position LIMIT 1) AS column
           FROM information_schema.triggers t
          WHERE t.action_statement LIKE '%forbid_mutation%'
            AND t.event_object_schema = 'public'
          GROUP BY t.event_object_table
          -- Append-only: neither UPDATE nor DELETE (remittance batches change status).
         HAVING count(DISTINCT t.event_manipulation) FILTER (
                  WHERE t.event_manipulation IN ('UPDATE', 'DELETE')) = 2
          ORDER BY 1`,
      )
    ).map((r) => r);
    expect(tables.map((t) => t.table)).toEqual(
      expect.arrayContaining([
        'audit_events',
        'ledger_entries',
        'eligibility_checks',
        'enrollment_transitions',
        'attendance_revisions',
        'follow_up_results',
      ]),
    );
    const counts = async () =>
      Promise.all(
        tables.map(async (t) => (await db.one(`SELECT count(*)::int AS n FROM ${t.table}`)).n),
      );
    const before = await counts();
    const api = new Client({ connectionString: db.apiUrl });
    await api.connect();
    const accepted: string[] = [];
    try {
      await api.query('SET ROLE NONE');
      for (const { table, column } of tables) {
        for (const sql of [
          `DELETE FROM ${table}`,
          `UPDATE ${table} SET ${column} = ${column}`,
          `TRUNCATE ${table} CASCADE`,
          `ALTER TABLE ${table} DISABLE TRIGGER ALL`,
          `ALTER TABLE ${table} DISABLE TRIGGER USER`,
        ]) {
          const ok = await api.query(sql).then(
            () => true,
            (err: { code?: string; message: string }) => {
              // 42501 insufficient_privilege (GRANTs, "must be owner", the triggers themselves).
              expect({ sql, code: err.code }).toEqual({ sql, code: '42501' });
              return false;
            },
          );
          if (ok) accepted.push(sql);
        }
      }
      const role = await api.query('SELECT current_user AS u, session_user AS s');
      expect(role.rows[0].u).toBe(role.rows[0].s);
    } finally {
      await api.end();
    }
    expect(accepted).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('with its credentials, even with the erasure setting on, UPDATE of the erasable texts of every append-only table is refused; only the erasure function may, and only for a closed record', async () => {
    // The append-only tables whose texts retention erases, and those texts (the trigger's list).
    const erasable = await db.query<{ table: string; columns: string[] }>(
      `SELECT c.relname AS table,
              string_to_array(btrim(substring(pg_get_triggerdef(t.oid)
                FROM 'forbid_mutation_except_erasure\\((.*)\\)'), ''''), ''', ''') AS columns
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE pg_get_triggerdef(t.oid) LIKE '%forbid_mutation_except_erasure%'
        ORDER BY 1`,
    );
    expect(erasable.map((t) => t.table)).toEqual(
      expect.arrayContaining([
        'audit_events',
        'eligibility_checks',
        'enrollment_transitions',
        'ledger_entries',
        'attendance_revisions',
        'referral_dispositions',
        'referral_expungements',
      ]),
    );
    const api = new Client({ connectionString: db.apiUrl });
    await api.connect();
    const accepted: string[] = [];
    try {
      await api.query('SET ROLE NONE');
      await api.query(`SET diversion.erasure = 'anything'`);
      for (const { table, columns } of erasable) {
        for (const column of columns) {
          const sql = `UPDATE ${table} SET ${column} = NULL`;
          const ok = await api.query(sql).then(
            () => true,
            (err: { code?: string }) => {
              expect({ sql, code: err.code }).toEqual({ sql, code: '42501' });
              return false;
            },
          );
          if (ok) accepted.push(sql);
        }
      }
      // EXECUTE is granted; the function itself refuses what is not a closed record.
      const refused = await api.query(`SELECT pseudonymize_participant(gen_random_uuid())`).then(
        () => undefined,
        (err: { code?: string }) => err.code,
      );
      expect(refused).toBe('P0002');
    } finally {
      await api.end();
    }
    expect(accepted).toEqual([]);
  });

  it('with its credentials, the kept balances can be read but not written: only a ledger entry moves them', async () => {
    const api = new Client({ connectionString: db.apiUrl });
    await api.connect();
    const refused: string[] = [];
    try {
      await api.query('SET ROLE NONE');
      await api.query('SELECT count(*) FROM enrollment_balances');
      for (const sql of [
        `INSERT INTO enrollment_balances SELECT id, 0 FROM enrollments LIMIT 1`,
        `UPDATE enrollment_balances SET balance_cents = 0`,
        `DELETE FROM enrollment_balances`,
        `TRUNCATE enrollment_balances`,
        `SELECT enrollment_balances_add_entries()`,
      ]) {
        await api.query(sql).then(
          () => undefined,
          (err: { code?: string }) => {
            // 42501 insufficient_privilege; 0A000: a trigger function cannot be called directly.
            if (err.code === '42501' || err.code === '0A000') refused.push(sql);
          },
        );
      }
    } finally {
      await api.end();
    }
    expect(refused).toHaveLength(5);
  });

  it('refuses to start when DATABASE_URL is the owner while MIGRATION_DATABASE_URL is set', async () => {
    await expect(startApp(db, { DATABASE_URL: db.url })).rejects.toThrow(
      /DATABASE_URL and MIGRATION_DATABASE_URL both log in as|must be a login that owns nothing/,
    );
  });
});
