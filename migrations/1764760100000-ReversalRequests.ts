import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reversing a FEE or a WAIVER writes a balance off, so it takes two people, like a waiver: a
 * SUPERVISOR or FINANCE asks (`reversal_requests`), a second SUPERVISOR — neither the requester
 * nor the entry's author — approves, and only then is the REVERSAL written. The database holds
 * the rule whatever the code does:
 * - one PENDING request per entry; decided fields agree with the status; a decision is final;
 *   no request is deleted;
 * - the entry's enrollment, kind and author are copied from the entry by a trigger (never
 *   given), and the decider is neither the requester nor that author;
 * - an APPROVED request names the REVERSAL of its entry, written by its decider;
 * - a REVERSAL of a FEE or a WAIVER commits only with the approved request that names it (a
 *   deferred constraint trigger: the request is marked approved after the entry is written).
 * Payment and refund reversals are unchanged (a SUPERVISOR, not the entry's author, at once).
 */
export class ReversalRequests1764760100000 implements MigrationInterface {
  name = 'ReversalRequests1764760100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reversal_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id uuid NOT NULL REFERENCES ledger_entries(id),
        enrollment_id uuid NOT NULL REFERENCES enrollments(id),
        entry_kind text NOT NULL CHECK (entry_kind IN ('FEE','WAIVER')),
        entry_created_by uuid NOT NULL REFERENCES staff(id),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','APPROVED','REJECTED')),
        requested_by uuid NOT NULL REFERENCES staff(id),
        requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        decided_by uuid REFERENCES staff(id),
        decided_at timestamptz,
        decision_note text CHECK (length(decision_note) BETWEEN 1 AND 2000),
        ledger_entry_id uuid UNIQUE REFERENCES ledger_entries(id),
        CONSTRAINT reversal_requests_not_by_requester CHECK (decided_by <> requested_by),
        CONSTRAINT reversal_requests_not_by_author CHECK (decided_by <> entry_created_by),
        CONSTRAINT reversal_requests_decided CHECK (
          (status = 'PENDING') = (decided_by IS NULL) AND (decided_by IS NULL) = (decided_at IS NULL)),
        CONSTRAINT reversal_requests_note_decided CHECK (status <> 'PENDING' OR decision_note IS NULL),
        CONSTRAINT reversal_requests_approved_entry CHECK ((status = 'APPROVED') = (ledger_entry_id IS NOT NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX reversal_requests_one_pending ON reversal_requests (entry_id)
        WHERE status = 'PENDING'`);
    await q.query(
      `CREATE INDEX reversal_requests_status_idx ON reversal_requests (status, requested_at, id)`,
    );
    await q.query(`CREATE INDEX reversal_requests_entry_idx ON reversal_requests (entry_id)`);
    await q.query(`GRANT UPDATE ON reversal_requests TO diversion_app`);

    await q.query(`
      CREATE FUNCTION reversal_requests_check() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        target ledger_entries%ROWTYPE;
        reversal ledger_entries%ROWTYPE;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT * INTO target FROM ledger_entries WHERE id = NEW.entry_id;
          IF NOT FOUND OR target.kind NOT IN ('FEE', 'WAIVER') THEN
            RAISE EXCEPTION 'only a FEE or a WAIVER entry is reversed by request'
              USING ERRCODE = 'check_violation', CONSTRAINT = 'reversal_requests_entry_kind';
          END IF;
          NEW.enrollment_id := target.enrollment_id;
          NEW.entry_kind := target.kind;
          NEW.entry_created_by := target.created_by;
        ELSE
          -- The texts (reason, decision note) stay erasable: free text may name people.
          IF (NEW.entry_id, NEW.enrollment_id, NEW.entry_kind, NEW.entry_created_by,
              NEW.requested_by, NEW.requested_at)
             IS DISTINCT FROM
             (OLD.entry_id, OLD.enrollment_id, OLD.entry_kind, OLD.entry_created_by,
              OLD.requested_by, OLD.requested_at)
             OR (OLD.status <> 'PENDING'
                 AND (NEW.status, NEW.decided_by, NEW.decided_at, NEW.ledger_entry_id)
                     IS DISTINCT FROM
                     (OLD.status, OLD.decided_by, OLD.decided_at, OLD.ledger_entry_id)) THEN
            RAISE EXCEPTION 'a reversal request is decided once, and only its decision changes'
              USING ERRCODE = 'check_violation', CONSTRAINT = 'reversal_requests_final';
          END IF;
        END IF;
        IF NEW.ledger_entry_id IS NOT NULL THEN
          SELECT * INTO reversal FROM ledger_entries WHERE id = NEW.ledger_entry_id;
          IF NOT FOUND OR reversal.kind <> 'REVERSAL' OR reversal.reverses_entry_id <> NEW.entry_id
             OR reversal.created_by <> NEW.decided_by THEN
            RAISE EXCEPTION 'an approved reversal request names the REVERSAL of its entry, written by its decider'
              USING ERRCODE = 'check_violation', CONSTRAINT = 'reversal_requests_approved_entry';
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER reversal_requests_check BEFORE INSERT OR UPDATE ON reversal_requests
      FOR EACH ROW EXECUTE FUNCTION reversal_requests_check()`);
    await q.query(`
      CREATE TRIGGER reversal_requests_no_delete BEFORE DELETE OR TRUNCATE ON reversal_requests
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);

    await q.query(`
      CREATE FUNCTION ledger_entries_reversal_approved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM ledger_entries t
                    WHERE t.id = NEW.reverses_entry_id AND t.kind IN ('FEE', 'WAIVER'))
           AND NOT EXISTS (SELECT 1 FROM reversal_requests r
                            WHERE r.ledger_entry_id = NEW.id AND r.status = 'APPROVED') THEN
          RAISE EXCEPTION 'a REVERSAL of a FEE or a WAIVER needs an approved reversal request'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entries_reversal_approved';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER ledger_entries_reversal_approved AFTER INSERT ON ledger_entries
      DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW WHEN (NEW.kind = 'REVERSAL')
      EXECUTE FUNCTION ledger_entries_reversal_approved()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER ledger_entries_reversal_approved ON ledger_entries`);
    await q.query(`DROP FUNCTION ledger_entries_reversal_approved()`);
    await q.query(`DROP TABLE reversal_requests`);
    await q.query(`DROP FUNCTION reversal_requests_check()`);
  }
}
