import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A record's status is the database's to keep (`refresh_record_status`, run by triggers as the
 * schema's owner). The API's role may update participants and referrals (corrections to a name or
 * a screening fact), so a trigger refuses any change of `record_status`, `closed_on` or
 * `pseudonymized_at` made by anyone but the tables' owner.
 */
export class RecordStatusKeptByDatabase1764900050000 implements MigrationInterface {
  name = 'RecordStatusKeptByDatabase1764900050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION record_status_kept_by_database() RETURNS trigger
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      DECLARE
        owner oid := (SELECT relowner FROM pg_class WHERE oid = TG_RELID);
      BEGIN
        IF (to_jsonb(NEW) -> 'record_status', to_jsonb(NEW) -> 'closed_on',
            to_jsonb(NEW) -> 'pseudonymized_at')
           IS DISTINCT FROM
           (to_jsonb(OLD) -> 'record_status', to_jsonb(OLD) -> 'closed_on',
            to_jsonb(OLD) -> 'pseudonymized_at')
           AND NOT pg_has_role(current_user, owner, 'USAGE') THEN
          RAISE EXCEPTION '%: a record''s status is kept by the database', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of ['participants', 'referrals'])
      await q.query(`
        CREATE TRIGGER ${table}_record_status_kept BEFORE UPDATE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION record_status_kept_by_database()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER referrals_record_status_kept ON referrals`);
    await q.query(`DROP TRIGGER participants_record_status_kept ON participants`);
    await q.query(`DROP FUNCTION record_status_kept_by_database()`);
  }
}
