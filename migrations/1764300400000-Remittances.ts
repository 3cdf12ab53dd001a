import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Remittance batches of collected money for Veronica's Voice, and the indexes the fee,
 * balance and remittance queries need on the ledger.
 *
 * A money movement (payment, refund, or a reversal of one of those) belongs to at most one
 * live batch item, ever: the partial unique index decides, whatever the code does. Voiding a
 * batch turns its items' `live` off in the same transaction, releasing them for the next batch.
 */
export class Remittances1764300400000 implements MigrationInterface {
  name = 'Remittances1764300400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE remittance_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        beneficiary text NOT NULL DEFAULT 'Veronica''s Voice' CHECK (length(beneficiary) BETWEEN 1 AND 200),
        period_end date NOT NULL,
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT','SENT','VOIDED')),
        total_cents bigint NOT NULL DEFAULT 0,
        item_count integer NOT NULL DEFAULT 0 CHECK (item_count >= 0),
        transfer_reference text CHECK (length(transfer_reference) BETWEEN 1 AND 100),
        sent_on date,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        created_by uuid NOT NULL REFERENCES staff(id),
        sent_at timestamptz,
        sent_by uuid REFERENCES staff(id),
        voided_at timestamptz,
        voided_by uuid REFERENCES staff(id),
        void_reason text CHECK (length(void_reason) BETWEEN 1 AND 500),
        CHECK (status <> 'SENT' OR (transfer_reference IS NOT NULL AND sent_on IS NOT NULL
               AND sent_at IS NOT NULL AND sent_by IS NOT NULL)),
        CHECK (status <> 'VOIDED' OR (voided_at IS NOT NULL AND voided_by IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX remittance_batches_created_idx ON remittance_batches (created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX remittance_batches_status_idx ON remittance_batches (status)`);
    await q.query(`GRANT UPDATE ON remittance_batches TO diversion_app`);
    // SENT and VOIDED are final; batches are never deleted.
    await q.query(`
      CREATE FUNCTION remittance_batches_final_states() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'DRAFT' THEN
          RAISE EXCEPTION 'remittance batch % is % and cannot change', OLD.id, OLD.status
            USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.id <> OLD.id OR NEW.period_end <> OLD.period_end OR NEW.created_by <> OLD.created_by
           OR NEW.created_at <> OLD.created_at OR NEW.beneficiary <> OLD.beneficiary THEN
          RAISE EXCEPTION 'remittance batch % identity cannot change', OLD.id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER remittance_batches_final_states BEFORE UPDATE ON remittance_batches
      FOR EACH ROW EXECUTE FUNCTION remittance_batches_final_states()`);
    await q.query(`
      CREATE TRIGGER remittance_batches_no_delete BEFORE DELETE ON remittance_batches
      FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
    await q.query(`
      CREATE TRIGGER remittance_batches_no_truncate BEFORE TRUNCATE ON remittance_batches
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);

    await q.query(`
      CREATE TABLE remittance_items (
        batch_id uuid NOT NULL REFERENCES remittance_batches(id),
        ledger_entry_id uuid NOT NULL REFERENCES ledger_entries(id),
        -- What the movement adds to the remittance: a payment +, a refund −, a reversal the
        -- negation of what it reverses (the negated signed amount of the entry).
        amount_cents bigint NOT NULL CHECK (amount_cents <> 0),
        live boolean NOT NULL DEFAULT true,
        PRIMARY KEY (batch_id, ledger_entry_id)
      )`);
    // Each movement in at most one live batch, ever.
    await q.query(`
      CREATE UNIQUE INDEX remittance_items_one_live_batch
        ON remittance_items (ledger_entry_id) WHERE live`);
    await q.query(`GRANT UPDATE ON remittance_items TO diversion_app`);
    // The only change an item may see is its release when its batch is voided.
    await q.query(`
      CREATE FUNCTION remittance_items_release_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT (OLD.live AND NOT NEW.live AND NEW.batch_id = OLD.batch_id
                AND NEW.ledger_entry_id = OLD.ledger_entry_id AND NEW.amount_cents = OLD.amount_cents)
           OR (SELECT status FROM remittance_batches WHERE id = OLD.batch_id) <> 'VOIDED' THEN
          RAISE EXCEPTION 'remittance items only change when their batch is voided'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER remittance_items_release_only BEFORE UPDATE ON remittance_items
      FOR EACH ROW EXECUTE FUNCTION remittance_items_release_only()`);
    await q.query(`
      CREATE TRIGGER remittance_items_no_delete BEFORE DELETE ON remittance_items
      FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
    await q.query(`
      CREATE TRIGGER remittance_items_no_truncate BEFORE TRUNCATE ON remittance_items
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);

    // Movement dates: received_on for payments, the Chicago day of created_at for the rest.
    await q.query(
      `CREATE INDEX ledger_entries_kind_received_idx ON ledger_entries (kind, received_on)`,
    );
    await q.query(`CREATE INDEX ledger_entries_created_idx ON ledger_entries (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ledger_entries_created_idx`);
    await q.query(`DROP INDEX ledger_entries_kind_received_idx`);
    await q.query(`DROP TABLE remittance_items`);
    await q.query(`DROP FUNCTION remittance_items_release_only()`);
    await q.query(`DROP TABLE remittance_batches`);
    await q.query(`DROP FUNCTION remittance_batches_final_states()`);
  }
}
