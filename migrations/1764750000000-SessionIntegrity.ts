import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can be trusted (issue 29):
 * - `refresh_tokens.issued_to`: a token issued to the staff console (`CONSOLE`) keeps the console's
 *   idle rule however it is presented later; rotation carries it over.
 * - `refresh_tokens.successor_sealed`: a rotated token's answer (the new pair), encrypted with a
 *   key only the holder of the rotated token can derive, so that a lost answer can be given again
 *   once within a few seconds. Never the token itself in clear; cleared when used or when the new
 *   token is rotated in turn.
 * - `audit_events.client_request_id`: a client's X-Request-Id, kept beside the server's own id.
 * - `sign_in_failures_by_address`: failed sign-ins per client address in the current window,
 *   shared by every instance (the address limit of the sign-in throttle).
 */
export class SessionIntegrity1764750000000 implements MigrationInterface {
  name = 'SessionIntegrity1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE refresh_tokens
        ADD COLUMN issued_to text NOT NULL DEFAULT 'API'
          CONSTRAINT refresh_tokens_issued_to_check CHECK (issued_to IN ('API', 'CONSOLE')),
        ADD COLUMN successor_sealed bytea,
        ADD CONSTRAINT refresh_tokens_sealed_only_when_rotated CHECK (
          successor_sealed IS NULL
          OR (revoke_reason = 'ROTATED' AND replaced_by_id IS NOT NULL
              AND octet_length(successor_sealed) <= 4096))`);
    await q.query(`
      CREATE INDEX refresh_tokens_sealed_idx ON refresh_tokens (revoked_at)
        WHERE successor_sealed IS NOT NULL`);

    await q.query(`
      ALTER TABLE audit_events ADD COLUMN client_request_id text
        CONSTRAINT audit_events_client_request_id_check
          CHECK (client_request_id ~ '^[A-Za-z0-9._:-]{1,128}$')`);

    await q.query(`
      CREATE TABLE sign_in_failures_by_address (
        address text PRIMARY KEY CHECK (length(address) BETWEEN 1 AND 64),
        window_started_at timestamptz NOT NULL DEFAULT now(),
        failures integer NOT NULL CHECK (failures >= 1)
      )`);
    await q.query(
      `CREATE INDEX sign_in_failures_by_address_window_idx ON sign_in_failures_by_address (window_started_at)`,
    );
    await q.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_failures_by_address TO diversion_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sign_in_failures_by_address`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN client_request_id`);
    await q.query(`DROP INDEX refresh_tokens_sealed_idx`);
    await q.query(`
      ALTER TABLE refresh_tokens
        DROP CONSTRAINT refresh_tokens_sealed_only_when_rotated,
        DROP COLUMN successor_sealed,
        DROP COLUMN issued_to`);
  }
}
