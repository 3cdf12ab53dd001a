import { TestDatabase } from './support/app';
import { makeEnrollment } from './support/sql-factory';

describe('test data builders', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await TestDatabase.create();
    await db.query(
      `INSERT INTO staff (email, display_name, roles, password_hash) VALUES ('seed@test.example', 'Seed', ARRAY['ADMIN'], 'x')`,
    );
  });
  afterAll(() => db.close());

  it('makes an ACTIVE enrollment whose balance is the program fee', async () => {
    const e = await makeEnrollment(db, { programCode: 'OAR' });
    const row = await db.one(`SELECT status, fee_cents FROM enrollments WHERE id = $1`, [
      e.enrollmentId,
    ]);
    expect(row.status).toBe('ACTIVE');
    const bal = await db.one(
      `SELECT sum(signed_amount_cents)::bigint AS b FROM ledger_entries WHERE enrollment_id = $1`,
      [e.enrollmentId],
    );
    expect(Number(bal.b)).toBe(60_000);
  });
});
