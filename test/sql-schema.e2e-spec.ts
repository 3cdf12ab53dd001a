import { PoolClient } from 'pg';
import { TestDatabase } from './support/app';
import { serverSqlStatements, SqlStatement, UnreadStatement } from './support/sql-statements';

/**
 * The server's SQL against the migrated schema, without starting it: every statement that can be
 * read from the source (test/support/sql-statements.ts) is PREPAREd, so a column or table that a
 * migration renamed or dropped fails here, naming the file and line. A statement that names its
 * row type (`rows<T>`, `one<T>`) is also run once with NULL parameters in a transaction rolled
 * back, and every property its row type requires must be a column of the answer.
 */
describe('the server SQL and the schema', () => {
  let db: TestDatabase;
  let client: PoolClient;
  let read: SqlStatement[];
  let unread: UnreadStatement[];

  beforeAll(async () => {
    ({ read, unread } = serverSqlStatements());
    db = await TestDatabase.create();
    client = await db.pool.connect();
  });
  afterAll(async () => {
    client?.release();
    await db?.close();
  });

  it('reads most statements from the source, and only the run-time-built ones stay unread', () => {
    expect(read.length).toBeGreaterThan(200);
    // Filters and pages assembled at run time; each is listed so a new one is a choice.
    expect(unread.length).toBeLessThanOrEqual(30);
  });

  it('prepares every statement read against the migrated schema', async () => {
    const refused: string[] = [];
    for (const [i, s] of read.entries()) {
      if (!/^\s*(WITH|SELECT|INSERT|UPDATE|DELETE)\b/i.test(s.sql)) continue;
      await client.query(`PREPARE s${i} AS ${s.sql}`).then(
        () => client.query(`DEALLOCATE s${i}`),
        (err: Error) => {
          // An untyped parameter nothing around it types is no schema fault.
          if (!/could not determine data type of parameter/.test(err.message)) {
            refused.push(`${s.at}: ${err.message}`);
          }
        },
      );
    }
    expect(refused).toEqual([]);
  });

  it('answers every column a statement’s row type requires', async () => {
    const missing: string[] = [];
    let compared = 0;
    for (const s of read) {
      if (!s.rowColumns?.length || !/^\s*(WITH|SELECT)\b/i.test(s.sql)) continue;
      const params = Array.from(paramCount(s.sql), () => null);
      await client.query('BEGIN');
      try {
        const result = await client.query(s.sql, params);
        const answered = new Set(result.fields.map((f) => f.name));
        const absent = s.rowColumns.filter((c) => !answered.has(c));
        if (absent.length) missing.push(`${s.at}: no ${absent.join(', ')}`);
        compared++;
      } catch {
        // Refused with NULL parameters (a NOT NULL argument): prepared above, not compared here.
      } finally {
        await client.query('ROLLBACK');
      }
    }
    expect(missing).toEqual([]);
    expect(compared).toBeGreaterThan(60);
  });
});

function* paramCount(sql: string): Generator<number> {
  const n = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  for (let i = 1; i <= n; i++) yield i;
}
