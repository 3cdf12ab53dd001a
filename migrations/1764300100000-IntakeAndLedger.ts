import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Participants, court referrals, immutable eligibility checks, enrollments with their
 * transitions, and the append-only fee ledger every money feature writes to.
 */
export class IntakeAndLedger1764300100000 implements MigrationInterface {
  name = 'IntakeAndLedger1764300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
        last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
        -- Identity key: last name without case, accents, spaces or hyphens (computed by the API).
        last_name_key text NOT NULL CHECK (length(last_name_key) >= 1),
        date_of_birth date NOT NULL CHECK (date_of_birth >= DATE '1900-01-01'),
        state_id_number text CHECK (length(state_id_number) BETWEEN 1 AND 40),
        state_id_key text CHECK (length(state_id_key) BETWEEN 1 AND 40),
        phone text CHECK (length(phone) <= 40),
        email text CHECK (length(email) <= 254),
        address text CHECK (length(address) <= 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid NOT NULL REFERENCES staff(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((state_id_number IS NULL) = (state_id_key IS NULL))
      )`);
    // Two identical registrations racing: the index decides.
    await q.query(`
      CREATE UNIQUE INDEX participants_identity_key
        ON participants (last_name_key, date_of_birth, coalesce(state_id_key, ''))`);
    await q.query(
      `CREATE INDEX participants_name_idx ON participants (last_name_key, date_of_birth)`,
    );
    await q.query(
      `CREATE INDEX participants_search_idx ON participants (lower(last_name), lower(first_name))`,
    );
    await q.query(`GRANT UPDATE ON participants TO diversion_app`);

    await q.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        participant_id uuid NOT NULL REFERENCES participants(id),
        case_number text NOT NULL CHECK (length(case_number) BETWEEN 1 AND 60),
        case_number_key text NOT NULL,
        jurisdiction text NOT NULL CHECK (length(jurisdiction) BETWEEN 1 AND 120),
        jurisdiction_key text NOT NULL,
        referring_agency text NOT NULL CHECK (length(referring_agency) BETWEEN 1 AND 200),
        offense_date date NOT NULL CHECK (offense_date >= DATE '1950-01-01'),
        charge_code text NOT NULL CHECK (length(charge_code) BETWEEN 1 AND 60),
        offense_class text NOT NULL
          CHECK (offense_class IN ('B_MISDEMEANOR','A_MISDEMEANOR','E_FELONY','D_FELONY','OTHER')),
        minor_involved text NOT NULL CHECK (minor_involved IN ('NO','YES','UNKNOWN')),
        victim_age_at_offense integer CHECK (victim_age_at_offense BETWEEN 0 AND 120),
        prior_prostitution_convictions integer NOT NULL CHECK (prior_prostitution_convictions BETWEEN 0 AND 100),
        prior_diversion_declared boolean NOT NULL,
        pending_similar_charge boolean NOT NULL,
        registered_sex_offender boolean NOT NULL,
        trafficking_charge boolean NOT NULL,
        children_division_report_required boolean NOT NULL DEFAULT false,
        -- Bumped whenever a screening fact changes: checks of an older version are stale.
        screening_version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid NOT NULL REFERENCES staff(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX referrals_case_key ON referrals (jurisdiction_key, case_number_key)`,
    );
    await q.query(`CREATE INDEX referrals_participant_idx ON referrals (participant_id)`);
    await q.query(`CREATE INDEX referrals_case_number_idx ON referrals (case_number_key)`);
    await q.query(`GRANT UPDATE ON referrals TO diversion_app`);

    await q.query(`
      CREATE TABLE eligibility_checks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referrals(id),
        rule_set_version text NOT NULL,
        screening_version integer NOT NULL,
        eligible boolean NOT NULL,
        input_snapshot jsonb NOT NULL,
        reasons jsonb NOT NULL CHECK (jsonb_typeof(reasons) = 'array'),
        checked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        checked_by uuid NOT NULL REFERENCES staff(id)
      )`);
    await q.query(
      `CREATE INDEX eligibility_checks_referral_idx ON eligibility_checks (referral_id, checked_at DESC)`,
    );
    await q.query(`
      CREATE TRIGGER eligibility_checks_immutable BEFORE UPDATE OR DELETE ON eligibility_checks
      FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
    await q.query(`
      CREATE TRIGGER eligibility_checks_no_truncate BEFORE TRUNCATE ON eligibility_checks
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);

    await q.query(`
      CREATE TABLE enrollments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        participant_id uuid NOT NULL REFERENCES participants(id),
        referral_id uuid NOT NULL REFERENCES referrals(id),
        eligibility_check_id uuid NOT NULL REFERENCES eligibility_checks(id),
        program_id uuid NOT NULL REFERENCES programs(id),
        program_code text NOT NULL CHECK (program_code IN ('JOHNZ_SCHOOL','OAR')),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','COMPLETED','TERMINATED','WITHDRAWN')),
        agreement_signed_on date NOT NULL,
        enrolled_on date NOT NULL,
        deadline date NOT NULL,
        fee_cents bigint NOT NULL CHECK (fee_cents > 0),
        required_sessions integer NOT NULL CHECK (required_sessions >= 1),
        certificate_number text UNIQUE,
        closed_on date,
        closed_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid NOT NULL REFERENCES staff(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (deadline > enrolled_on),
        CHECK ((status = 'COMPLETED') = (certificate_number IS NOT NULL)),
        CHECK ((status = 'ACTIVE') = (closed_on IS NULL))
      )`);
    // First-time offenders only: one enrollment per participant, ever.
    await q.query(
      `CREATE UNIQUE INDEX enrollments_one_per_participant ON enrollments (participant_id)`,
    );
    await q.query(`CREATE UNIQUE INDEX enrollments_one_per_referral ON enrollments (referral_id)`);
    await q.query(
      `CREATE INDEX enrollments_status_idx ON enrollments (status, program_code, deadline)`,
    );
    await q.query(`GRANT UPDATE ON enrollments TO diversion_app`);
    // Final states are final, whatever the code does.
    await q.query(`
      CREATE FUNCTION enrollments_final_states() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'ACTIVE' AND NEW.status IS DISTINCT FROM OLD.status THEN
          RAISE EXCEPTION 'enrollment % is % and cannot change state', OLD.id, OLD.status
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER enrollments_final_states BEFORE UPDATE ON enrollments
      FOR EACH ROW EXECUTE FUNCTION enrollments_final_states()`);

    await q.query(`
      CREATE TABLE enrollment_transitions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrollment_id uuid NOT NULL REFERENCES enrollments(id),
        from_status text NOT NULL,
        to_status text NOT NULL,
        reason text,
        note text CHECK (length(note) <= 2000),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        by_staff_id uuid NOT NULL REFERENCES staff(id)
      )`);
    await q.query(
      `CREATE INDEX enrollment_transitions_enrollment_idx ON enrollment_transitions (enrollment_id, at)`,
    );
    await q.query(`
      CREATE TRIGGER enrollment_transitions_append_only BEFORE UPDATE OR DELETE ON enrollment_transitions
      FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);

    await q.query(`
      CREATE TABLE ledger_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrollment_id uuid NOT NULL REFERENCES enrollments(id),
        kind text NOT NULL CHECK (kind IN ('FEE','PAYMENT','WAIVER','REFUND','REVERSAL')),
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        -- What the entry does to the balance; REVERSAL negates the entry it reverses.
        signed_amount_cents bigint NOT NULL CHECK (abs(signed_amount_cents) = amount_cents),
        method text CHECK (method IN ('CASH','CHECK','MONEY_ORDER','CARD')),
        reference text CHECK (length(reference) BETWEEN 1 AND 100),
        received_on date,
        receipt_number text UNIQUE CHECK (receipt_number ~ '^R-[0-9]{4}-[0-9]{6}$'),
        reason text CHECK (length(reason) BETWEEN 1 AND 500),
        note text CHECK (length(note) <= 2000),
        reverses_entry_id uuid REFERENCES ledger_entries(id),
        waiver_request_id uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        created_by uuid NOT NULL REFERENCES staff(id),
        CHECK (kind <> 'FEE' OR signed_amount_cents > 0),
        CHECK (kind <> 'PAYMENT' OR (signed_amount_cents < 0 AND method IS NOT NULL
               AND received_on IS NOT NULL AND receipt_number IS NOT NULL)),
        CHECK (kind <> 'WAIVER' OR (signed_amount_cents < 0 AND reason IS NOT NULL)),
        CHECK (kind <> 'REFUND' OR (signed_amount_cents > 0 AND method IS NOT NULL AND reason IS NOT NULL)),
        CHECK ((kind = 'REVERSAL') = (reverses_entry_id IS NOT NULL)),
        CHECK (kind <> 'REVERSAL' OR reason IS NOT NULL),
        CHECK ((kind = 'PAYMENT') = (receipt_number IS NOT NULL))
      )`);
    // One reversal per entry, ever.
    await q.query(
      `CREATE UNIQUE INDEX ledger_entries_one_reversal ON ledger_entries (reverses_entry_id)`,
    );
    await q.query(
      `CREATE INDEX ledger_entries_enrollment_idx ON ledger_entries (enrollment_id, created_at, id)`,
    );
    await q.query(`
      CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
    await q.query(`
      CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_entries`);
    await q.query(`DROP TABLE enrollment_transitions`);
    await q.query(`DROP TABLE enrollments`);
    await q.query(`DROP FUNCTION enrollments_final_states()`);
    await q.query(`DROP TABLE eligibility_checks`);
    await q.query(`DROP TABLE referrals`);
    await q.query(`DROP TABLE participants`);
  }
}
