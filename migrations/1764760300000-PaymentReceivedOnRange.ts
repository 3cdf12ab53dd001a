import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payment is never received before its enrollment began (issue 29: payments were back-dated to
 * 2000-01-01, before the enrollment and into periods already remitted). The API also refuses a
 * future date and, for FINANCE alone, one more than 30 days back: those depend on the program's
 * clock, so they stay in the API; this one is a fact between two rows and the database holds it.
 *
 * An after-statement trigger over the new entries (one join per statement, however many rows a
 * bulk insert brings), after the row's own CHECK constraints. Payments already stored are left
 * as they are.
 */
export class PaymentReceivedOnRange1764760300000 implements MigrationInterface {
  name = 'PaymentReceivedOnRange1764760300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION ledger_entries_check_received_on() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad record;
      BEGIN
        SELECT n.id, n.received_on, e.enrolled_on INTO bad
          FROM new_entries n JOIN enrollments e ON e.id = n.enrollment_id
         WHERE n.kind = 'PAYMENT' AND n.received_on < e.enrolled_on
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'payment % was received on %, before the enrollment began (%)',
              bad.id, bad.received_on, bad.enrolled_on
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'ledger_entries_received_on_not_before_enrollment';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_entries_check_received_on AFTER INSERT ON ledger_entries
      REFERENCING NEW TABLE AS new_entries
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_check_received_on()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER ledger_entries_check_received_on ON ledger_entries`);
    await q.query(`DROP FUNCTION ledger_entries_check_received_on()`);
  }
}
