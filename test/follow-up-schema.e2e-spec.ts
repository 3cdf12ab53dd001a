import { Client } from 'pg';
import { ApiFactory } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { FollowUpWorld } from './support/follow-up-world';
import { loginAdmin } from './support/http';

/**
 * The database refuses what follow-up forbids, whatever the application does: each statement
 * runs as the schema owner, past every check in the code, and must fail on the named constraint
 * or trigger (drop one and its test fails). The rows under attack are made through the API.
 */
describe('schema invariants of follow-up results', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let world: FollowUpWorld;
  let staffId: string;
  let exitedId: string;
  let activeId: string;

  const refused = async (sql: string, params: unknown[], code: string, name: RegExp) => {
    const err = await db.query(sql, params).then(
      () => undefined,
      (x: { code: string; constraint?: string; message: string }) => x,
    );
    expect(err).toBeDefined();
    expect({ code: err!.code, text: `${err!.constraint ?? ''} ${err!.message}` }).toEqual({
      code,
      text: expect.stringMatching(name),
    });
  };

  const insert = `INSERT INTO follow_up_results (enrollment_id, months, result, source, checked_on, recorded_by)
                  VALUES ($1, $2, $3, $4, $5::date, $6)`;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    const make = await ApiFactory.create(app, await loginAdmin(app));
    world = new FollowUpWorld(db, make);
    staffId = make.intake.staffId;
    // Ended on 29 February 2024: its checks are due on 2025-02-28 and 2026-02-28.
    exitedId = (await world.exited({ on: '2024-02-29' })).enrollmentId;
    activeId = (await make.enroll()).enrollmentId;
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('takes only the two checks, the four results and the two sources', async () => {
    const ok = [exitedId, 12, 'NO_NEW_CHARGE', 'COURT_RECORDS_SEARCH', '2025-03-01', staffId];
    await refused(insert, [exitedId, 6, ...ok.slice(2)], '23514', /follow_up_results_months/);
    await refused(
      insert,
      [exitedId, 36, 'NO_NEW_CHARGE', 'COURT_RECORDS_SEARCH', '2030-01-01', staffId],
      '23514',
      /follow_up_results_months/,
    );
    await refused(
      insert,
      [exitedId, 12, 'ARRESTED', ...ok.slice(3)],
      '23514',
      /follow_up_results_result/,
    );
    await refused(
      insert,
      [exitedId, 12, 'NO_NEW_CHARGE', 'HEARSAY', ...ok.slice(4)],
      '23514',
      /follow_up_results_source/,
    );
    await db.query(insert, ok);
  });

  it('refuses a result for an enrollment that has not ended', async () => {
    await refused(
      insert,
      [activeId, 12, 'NO_NEW_CHARGE', 'COURT_RECORDS_SEARCH', '2099-01-01', staffId],
      '23514',
      /follow_up_results_after_exit/,
    );
  });

  it('refuses a check dated before it was due: the last day of February after an exit on the 29th', async () => {
    const at = (months: number, checkedOn: string) => [
      exitedId,
      months,
      'UNABLE_TO_CHECK',
      'PROSECUTOR_RETURN',
      checkedOn,
      staffId,
    ];
    await refused(insert, at(12, '2025-02-27'), '23514', /follow_up_results_when_due/);
    await db.query(insert, at(12, '2025-02-28'));
    await refused(insert, at(24, '2026-02-27'), '23514', /follow_up_results_when_due/);
    await db.query(insert, at(24, '2026-02-28'));
  });

  it('keeps results as they were written: no update, delete or truncate, even for the owner', async () => {
    await refused(
      `UPDATE follow_up_results SET result = 'NO_NEW_CHARGE'`,
      [],
      '42501',
      /append-only/,
    );
    await refused(`DELETE FROM follow_up_results`, [], '42501', /append-only/);
    await refused(`TRUNCATE follow_up_results`, [], '42501', /append-only/);
  });

  it('has no column for a case number or a story: ids, two codes, a number and dates', async () => {
    const columns = await db.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'follow_up_results' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'uuid' },
      { column_name: 'enrollment_id', data_type: 'uuid' },
      { column_name: 'months', data_type: 'smallint' },
      { column_name: 'result', data_type: 'text' },
      { column_name: 'source', data_type: 'text' },
      { column_name: 'checked_on', data_type: 'date' },
      { column_name: 'recorded_at', data_type: 'timestamp with time zone' },
      { column_name: 'recorded_by', data_type: 'uuid' },
    ]);
  });

  it("the API's login may only read and add results", async () => {
    const grants = await db.query<{ privilege_type: string }>(
      `SELECT privilege_type FROM information_schema.role_table_grants
        WHERE table_name = 'follow_up_results' AND grantee = 'diversion_app' ORDER BY 1`,
    );
    expect(grants.map((g) => g.privilege_type)).toEqual(['INSERT', 'SELECT']);
    const api = new Client({ connectionString: db.apiUrl });
    await api.connect();
    try {
      await api.query('SET ROLE NONE');
      for (const sql of [
        `UPDATE follow_up_results SET months = months`,
        `DELETE FROM follow_up_results`,
        `ALTER TABLE follow_up_results DISABLE TRIGGER USER`,
      ]) {
        const err = await api.query(sql).then(
          () => undefined,
          (x: { code: string }) => x,
        );
        expect({ sql, code: err?.code }).toEqual({ sql, code: '42501' });
      }
    } finally {
      await api.end();
    }
  });
});
