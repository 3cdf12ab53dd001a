import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts, refresh tokens, the append-only audit trail, the two programs, and the
 * restricted role the API runs as.
 */
export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'diversion_app') THEN
          CREATE ROLE diversion_app NOLOGIN;
        END IF;
      END $$`);
    // The migrating user must be able to SET ROLE diversion_app (superusers always can).
    await q.query(`
      DO $$ BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          EXECUTE format('GRANT diversion_app TO %I', current_user);
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO diversion_app`);
    await q.query(`GRANT SELECT ON schema_migrations TO diversion_app`);
    // Tables created by later migrations: the app may read and append; UPDATE/DELETE are granted
    // table by table where a table is meant to change.
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO diversion_app`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO diversion_app`,
    );

    await q.query(`
      CREATE FUNCTION forbid_mutation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);

    await q.query(`
      CREATE TABLE staff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        roles text[] NOT NULL CHECK (
          cardinality(roles) >= 1
          AND roles <@ ARRAY['ADMIN','INTAKE','FACILITATOR','FINANCE','SUPERVISOR','AUDITOR']::text[]),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        failed_login_count integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        locked_until timestamptz,
        session_version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX staff_email_key ON staff (email)`);
    await q.query(`GRANT UPDATE ON staff TO diversion_app`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        staff_id uuid NOT NULL REFERENCES staff(id),
        family_id uuid NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoke_reason text,
        replaced_by_id uuid
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(
      `CREATE INDEX refresh_tokens_live_by_staff_idx ON refresh_tokens (staff_id) WHERE revoked_at IS NULL`,
    );
    await q.query(`GRANT UPDATE, DELETE ON refresh_tokens TO diversion_app`);

    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid REFERENCES staff(id),
        action text NOT NULL,
        entity_type text,
        entity_id text,
        outcome text NOT NULL CHECK (outcome IN ('SUCCESS','FAILURE')),
        status_code integer,
        error_code text,
        request_id text,
        ip text
      )`);
    await q.query(`CREATE INDEX audit_events_at_idx ON audit_events (at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, at DESC)`);
    await q.query(
      `CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, at DESC)`,
    );
    await q.query(`CREATE INDEX audit_events_action_idx ON audit_events (action, at DESC)`);
    await q.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);

    await q.query(`
      CREATE TABLE programs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code IN ('JOHNZ_SCHOOL','OAR')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        fee_cents bigint NOT NULL CHECK (fee_cents > 0 AND fee_cents <= 10000000),
        required_sessions integer NOT NULL CHECK (required_sessions BETWEEN 1 AND 100),
        completion_window_days integer NOT NULL DEFAULT 180 CHECK (completion_window_days BETWEEN 1 AND 730),
        beneficiary text NOT NULL DEFAULT 'Veronica''s Voice',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`GRANT UPDATE ON programs TO diversion_app`);
    // Placeholder fees and session counts; an ADMIN sets the real ones.
    await q.query(`
      INSERT INTO programs (code, name, fee_cents, required_sessions, completion_window_days) VALUES
        ('JOHNZ_SCHOOL', 'Johnz School', 50000, 4, 180),
        ('OAR', 'The OAR (Offenders Accountability Re-Education) Program', 60000, 6, 180)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE programs`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE staff`);
    await q.query(`DROP FUNCTION forbid_mutation()`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT ON TABLES FROM diversion_app`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM diversion_app`,
    );
    await q.query(`REVOKE USAGE ON SCHEMA public FROM diversion_app`);
    // The role is cluster-wide and may serve other databases; it is left in place.
  }
}
