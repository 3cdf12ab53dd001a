import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each enrollment's current balance, kept by the database as ledger entries are written, so that
 * the work queue's "Balances over 90 days" counts enrollments instead of summing every entry of
 * every enrollment older than 90 days (issue 13: 284 ms at 1M entries, growing with the ledger).
 *
 * The balance is the one definition: the sum of the entries' signed amounts (what
 * `enrollment_ledger_totals` sums). The ledger is append-only, so adding each new statement's
 * entries keeps it exact; the after-statement trigger adds a bulk insert's entries in one
 * statement. The API's login may read the table and nothing else: the trigger's function runs as
 * the owner. The kept figure is the balance now; reports as of a past day still sum the entries.
 */
export class EnrollmentBalancesKept1764660000000 implements MigrationInterface {
  name = 'EnrollmentBalancesKept1764660000000';

  async up(q: QueryRunner): Promise<void> {
    // fillfactor: room on each page for the new version of a row, so that an update stays on its
    // page without touching the primary key's index (a HOT update).
    await q.query(`
      CREATE TABLE enrollment_balances (
        enrollment_id uuid PRIMARY KEY REFERENCES enrollments (id),
        balance_cents bigint NOT NULL
      ) WITH (fillfactor = 50)`);
    // The schema's default privileges grant SELECT and INSERT on new tables to the API's role.
    await q.query(`REVOKE INSERT ON enrollment_balances FROM diversion_app`);
    // No entry may commit between the sums below and the trigger: a server still running (a
    // rolling deploy) waits for this migration's commit instead of writing an entry counted by
    // neither.
    await q.query(`LOCK TABLE ledger_entries IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      INSERT INTO enrollment_balances (enrollment_id, balance_cents)
      SELECT enrollment_id, sum(signed_amount_cents) FROM ledger_entries GROUP BY enrollment_id`);
    await q.query(`
      CREATE FUNCTION enrollment_balances_add_entries() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        INSERT INTO enrollment_balances AS b (enrollment_id, balance_cents)
        SELECT enrollment_id, sum(signed_amount_cents) FROM new_entries GROUP BY enrollment_id
        ON CONFLICT (enrollment_id) DO UPDATE SET balance_cents = b.balance_cents + EXCLUDED.balance_cents;
        RETURN NULL;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION enrollment_balances_add_entries() FROM PUBLIC`);
    await q.query(`
      CREATE TRIGGER enrollment_balances_add_entries AFTER INSERT ON ledger_entries
      REFERENCING NEW TABLE AS new_entries
      FOR EACH STATEMENT EXECUTE FUNCTION enrollment_balances_add_entries()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER enrollment_balances_add_entries ON ledger_entries`);
    await q.query(`DROP FUNCTION enrollment_balances_add_entries()`);
    await q.query(`DROP TABLE enrollment_balances`);
  }
}
