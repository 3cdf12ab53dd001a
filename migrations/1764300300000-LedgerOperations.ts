import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the money routes need around the append-only ledger: gap-free receipt counters per
 * year, idempotency keys for posting money, waiver requests awaiting a supervisor, and a
 * trigger that keeps every REVERSAL the exact negation of a reversible entry.
 */
export class LedgerOperations1764300300000 implements MigrationInterface {
  name = 'LedgerOperations1764300300000';

  async up(q: QueryRunner): Promise<void> {
    // A row per year; the increment is part of the payment's transaction, so a rolled-back
    // payment gives its number back and concurrent payments serialize on the row.
    await q.query(`
      CREATE TABLE receipt_counters (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
        last_number integer NOT NULL CHECK (last_number BETWEEN 1 AND 999999)
      )`);
    await q.query(`GRANT UPDATE ON receipt_counters TO diversion_app`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        staff_id uuid NOT NULL REFERENCES staff(id),
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        request_hash text NOT NULL CHECK (length(request_hash) = 64),
        status text NOT NULL DEFAULT 'IN_PROGRESS' CHECK (status IN ('IN_PROGRESS','COMPLETED')),
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (staff_id, key),
        CHECK ((status = 'COMPLETED') = (response_status IS NOT NULL))
      )`);
    await q.query(`GRANT UPDATE, DELETE ON idempotency_keys TO diversion_app`);

    await q.query(`
      CREATE TABLE waiver_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrollment_id uuid NOT NULL REFERENCES enrollments(id),
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        reason text NOT NULL CHECK (reason IN ('ABILITY_TO_PAY','OTHER')),
        note text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','APPROVED','REJECTED')),
        requested_by uuid NOT NULL REFERENCES staff(id),
        requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        decided_by uuid REFERENCES staff(id),
        decided_at timestamptz,
        decision_note text CHECK (length(decision_note) BETWEEN 1 AND 2000),
        ledger_entry_id uuid UNIQUE REFERENCES ledger_entries(id),
        -- Never one's own request, whatever the code does.
        CHECK (decided_by <> requested_by),
        CHECK ((status = 'PENDING') = (decided_by IS NULL AND decided_at IS NULL)),
        CHECK ((status = 'APPROVED') = (ledger_entry_id IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX waiver_requests_status_idx ON waiver_requests (status, requested_at, id)`,
    );
    await q.query(`CREATE INDEX waiver_requests_enrollment_idx ON waiver_requests (enrollment_id)`);
    await q.query(`GRANT UPDATE ON waiver_requests TO diversion_app`);

    await q.query(`
      ALTER TABLE ledger_entries
        ADD CONSTRAINT ledger_entries_waiver_request_fk
          FOREIGN KEY (waiver_request_id) REFERENCES waiver_requests(id),
        ADD CONSTRAINT ledger_entries_waiver_request_kind
          CHECK (waiver_request_id IS NULL OR kind = 'WAIVER')`);
    // One WAIVER entry per approved request.
    await q.query(`
      CREATE UNIQUE INDEX ledger_entries_one_per_waiver_request
        ON ledger_entries (waiver_request_id) WHERE waiver_request_id IS NOT NULL`);

    await q.query(`
      CREATE FUNCTION ledger_entries_check_reversal() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        target ledger_entries%ROWTYPE;
      BEGIN
        IF NEW.kind <> 'REVERSAL' THEN
          RETURN NEW;
        END IF;
        SELECT * INTO target FROM ledger_entries WHERE id = NEW.reverses_entry_id;
        IF NOT FOUND
           OR target.enrollment_id <> NEW.enrollment_id
           OR target.kind = 'REVERSAL'
           OR NEW.signed_amount_cents <> -target.signed_amount_cents THEN
          RAISE EXCEPTION 'a REVERSAL must negate exactly one non-reversal entry of its enrollment'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_entries_check_reversal BEFORE INSERT ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_entries_check_reversal()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER ledger_entries_check_reversal ON ledger_entries`);
    await q.query(`DROP FUNCTION ledger_entries_check_reversal()`);
    await q.query(`DROP INDEX ledger_entries_one_per_waiver_request`);
    await q.query(`
      ALTER TABLE ledger_entries
        DROP CONSTRAINT ledger_entries_waiver_request_kind,
        DROP CONSTRAINT ledger_entries_waiver_request_fk`);
    await q.query(`DROP TABLE waiver_requests`);
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE receipt_counters`);
  }
}
