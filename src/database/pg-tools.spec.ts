import { findPgTools, pgToolsFor, PgToolsMissing } from './pg-tools';

describe('pgToolsFor', () => {
  it('names the version to install when this machine has no client programs of the server’s major', () => {
    let error: unknown;
    try {
      pgToolsFor(99, { purpose: 'backup' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PgToolsMissing);
    expect((error as Error).message).toMatch(
      /^backup needs pg_dump and pg_restore of PostgreSQL 99 \(the server's major version\); .*apt-get install postgresql-client-99/,
    );
  });

  it('takes the same major when there is one, and reads its version from the program', () => {
    for (const tools of findPgTools()) {
      expect(pgToolsFor(tools.major, { purpose: 'backup' }).major).toBe(tools.major);
      expect(tools.version).toMatch(new RegExp(`^${tools.major}(\\.\\d+)?$`));
    }
  });
});
