import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every token of one sign-in (a refresh-token family) shares the moment the sign-in ends,
 * however often it is refreshed (REFRESH_ABSOLUTE_HOURS). Tokens issued before have none.
 */
export class RefreshAbsoluteLifetime1764390100000 implements MigrationInterface {
  name = 'RefreshAbsoluteLifetime1764390100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens ADD COLUMN family_expires_at timestamptz`);
    await q.query(
      `ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_within_family_check
         CHECK (family_expires_at IS NULL OR expires_at <= family_expires_at) NOT VALID`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_within_family_check`);
    await q.query(`ALTER TABLE refresh_tokens DROP COLUMN family_expires_at`);
  }
}
