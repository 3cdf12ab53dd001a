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
        changed boolean;
      BEGIN
        IF TG_TABLE_NAME = 'participants' THEN
          changed := (NEW.record_status, NEW.closed_on, NEW.pseudonymized_at)
                     IS DISTINCT FROM (OLD.record_status, OLD.closed_on, OLD.pseudonymized_at);
        ELSE
          changed := (NEW.record_status, NEW.closed_on)
                     IS DISTINCT FROM (OLD.record_status, OLD.closed_on);
        END IF;
        IF changed AND NOT pg_has_role(current_user,
                                       (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                                       'USAGE') THEN
          RAISE EXCEPTION '%: a record''s status is kept by the database', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    // Only updates that name one of the columns run it.
    await q.query(`
      CREATE TRIGGER participants_record_status_kept
      BEFORE UPDATE OF record_status, closed_on, pseudonymized_at ON participants
      FOR EACH ROW EXECUTE FUNCTION record_status_kept_by_database()`);
    await q.query(`
      CREATE TRIGGER referrals_record_status_kept
      BEFORE UPDATE OF record_status, closed_on ON referrals
      FOR EACH ROW EXECUTE FUNCTION record_status_kept_by_database()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER referrals_record_status_kept ON referrals`);
    await q.query(`DROP TRIGGER participants_record_status_kept ON participants`);
    await q.query(`DROP FUNCTION record_status_kept_by_database()`);
  }
}
