import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed logins for emails that are not an active account, counted like a real account's
 * (staff.failed_login_count / locked_until) so that the lockout answers 423 for them too and
 * does not reveal which accounts exist. Keyed by a hash: the typed email is not kept.
 */
export class LoginFailuresOfUnknownEmails1764390200000 implements MigrationInterface {
  name = 'LoginFailuresOfUnknownEmails1764390200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_failures (
        email_hash text PRIMARY KEY CHECK (email_hash ~ '^[0-9a-f]{64}$'),
        failed_login_count integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        locked_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_failures_updated_idx ON login_failures (updated_at)`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON login_failures TO diversion_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_failures`);
  }
}
