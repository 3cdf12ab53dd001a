import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a change changed, where it matters for segregation of duties (roles, active flag, fees,
 * session assignment): `{field: {from, to}}` of ids and codes, never personal data.
 */
export class AuditDetails1764390300000 implements MigrationInterface {
  name = 'AuditDetails1764390300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ADD COLUMN details jsonb`);
    await q.query(
      `ALTER TABLE audit_events ADD CONSTRAINT audit_events_details_object_check
         CHECK (details IS NULL OR (jsonb_typeof(details) = 'object' AND pg_column_size(details) <= 4096))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events DROP COLUMN details`);
  }
}
