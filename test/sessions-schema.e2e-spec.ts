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
      { t: 'session_seats', p: 'DELETE,SELECT' },
    ]);
    // A seat is inserted with its own columns only: its time comes from its session (a trigger)
    // and the flag of seats that overlapped before the rule is the owner's.
    const columns = await db.query<{ c: string }>(
      `SELECT column_name AS c FROM information_schema.column_privileges
        WHERE grantee = 'diversion_app' AND table_name = 'session_seats'
          AND privilege_type = 'INSERT'
        ORDER BY column_name`,
    );
    expect(columns.map((r) => r.c)).toEqual([
      'enrollment_id',
      'late_reason',
      'seated_at',
      'seated_by',
      'session_id',
    ]);
  });
});
