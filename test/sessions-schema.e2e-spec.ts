import { TestDatabase } from './support/app';

describe('sessions schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await TestDatabase.create();
  });
  afterAll(() => db.close());

  it('has the session tables with the application grants', async () => {
    const rows = await db.query<{ t: string; p: string }>(
      `SELECT table_name AS t, string_agg(privilege_type, ',' ORDER BY privilege_type) AS p
         FROM information_schema.role_table_grants
        WHERE grantee = 'diversion_app'
          AND table_name IN ('class_sessions','session_seats','attendance_records','attendance_revisions')
        GROUP BY table_name ORDER BY table_name`,
    );
    expect(rows).toEqual([
      { t: 'attendance_records', p: 'INSERT,SELECT,UPDATE' },
      { t: 'attendance_revisions', p: 'INSERT,SELECT' },
      { t: 'class_sessions', p: 'INSERT,SELECT,UPDATE' },
      { t: 'session_seats', p: 'DELETE,INSERT,SELECT' },
    ]);
  });
});
