import { MigrationInterface, QueryRunner } from 'typeorm';

/** What an erased text becomes where its column requires a value (a NULL everywhere else). */
const ERASED = '[erased]';
/** An erased last-name key: upper case, which no last-name key (a lower-case skeleton) can be. */
const ERASED_KEY = '[ERASED]';
/** An erased date of birth: the earliest the column allows. */
const ERASED_BIRTH_DATE = '1900-01-01';
/** A reason that is a code (TERMINATED's reasons, a waiver's reason) and stays. */
const CODE = `'^[A-Z][A-Z0-9_]*$'`;

/**
 * Append-only tables holding text that pseudonymization erases, and the columns it may erase.
 * Nothing else of theirs ever changes.
 */
const ERASABLE: Record<string, { trigger: string; columns: string[] }> = {
  ledger_entries: {
    trigger: 'ledger_entries_append_only',
    columns: ['reference', 'reason', 'note'],
  },
  enrollment_transitions: {
    trigger: 'enrollment_transitions_append_only',
    columns: ['reason', 'note'],
  },
  attendance_revisions: {
    trigger: 'attendance_revisions_append_only',
    columns: ['previous_note', 'new_note'],
  },
  eligibility_checks: {
    trigger: 'eligibility_checks_immutable',
    columns: ['input_snapshot', 'reasons'],
  },
  audit_events: { trigger: 'audit_events_append_only', columns: ['details'] },
  referral_dispositions: {
    trigger: 'referral_dispositions_append_only',
    columns: ['court_reference'],
  },
  referral_expungements: {
    trigger: 'referral_expungements_append_only',
    columns: ['order_reference'],
  },
};

/** Keys of JSON (check snapshots, audit details) that hold who a person is, wherever they are. */
const IDENTIFYING_KEYS = [
  'firstName',
  'lastName',
  'name',
  'fullName',
  'participantName',
  'dateOfBirth',
  'birthDate',
  'stateId',
  'stateIdNumber',
  'phone',
  'email',
  'address',
  'caseNumber',
  'courtReference',
  'orderReference',
  'reference',
  'note',
  'decisionNote',
  'lateReason',
  'recipient',
  'body',
  'first_name',
  'last_name',
  'full_name',
  'participant_name',
  'date_of_birth',
  'state_id_number',
  'case_number',
  'court_reference',
  'order_reference',
  'decision_note',
  'late_reason',
];

const textArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::text[]`;

/**
 * Retention (PRODUCT.md "Retention"): `pseudonymize_participant(participant)` erases a closed
 * person's names, date of birth, state ID, contact details, case numbers, court references,
 * message texts and free-text notes from every table, keeping ids, codes, dates, amounts, receipt
 * numbers and attendance, so money, outcomes and follow-up statistics stay whole. Final and
 * idempotent; only for a CLOSED or EXPUNGED record whose blind index has been computed (the API
 * computes it; the database never sees the key).
 *
 * The API's login is given no UPDATE or DELETE on any append-only table. The function is SECURITY
 * DEFINER, owned by the migrating owner, EXECUTE granted to `diversion_app`; the append-only
 * triggers of the tables holding erasable text (`forbid_mutation_except_erasure`) let an UPDATE
 * through only when it runs as the table's owner inside that function (a transaction setting it
 * sets) and changes nothing but those texts — each to NULL, to the placeholder, or (JSON) to a
 * part of what it was. DELETE and TRUNCATE stay refused to everyone.
 *
 * Where a column requires a value, an erased text becomes `[erased]` and an erased date of birth
 * 1900-01-01; every other erased value becomes NULL. The unique indexes of the identity rule and
 * of case numbers leave pseudonymized rows out, so any number of them coexist.
 *
 * Pseudonymization is final: a pseudonymized participant or referral is never changed again but
 * by its owner, and only the owner (inside the function) may set `pseudonymized_at`.
 *
 * `records_index_key_check`: which key the blind index was made with (a keyed check value, which
 * says nothing about the key), so that an instance or a run with another key refuses to work.
 */
export class RecordsRetention1764900300000 implements MigrationInterface {
  name = 'RecordsRetention1764900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE records_index_key_check (
        singleton boolean PRIMARY KEY DEFAULT true CONSTRAINT records_index_key_check_singleton
          CHECK (singleton),
        check_value text NOT NULL CONSTRAINT records_index_key_check_value
          CHECK (check_value ~ '^[0-9a-f]{64}$'),
        keys integer NOT NULL CONSTRAINT records_index_key_check_keys CHECK (keys >= 1),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The schema's default privileges grant the API's role SELECT and INSERT (the first instance
    // records its key); only the owner re-keys.

    // What a participant's own records are looked up by.
    await q.query(
      `CREATE INDEX attendance_revisions_enrollment_idx ON attendance_revisions (enrollment_id)`,
    );
    await q.query(
      `CREATE INDEX reversal_requests_enrollment_idx ON reversal_requests (enrollment_id)`,
    );
    // The keys of a person's payments, by when they were claimed (the expired-key sweep too).
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);

    // The identity rule and case numbers hold among the people who can still be named.
    await q.query(`DROP INDEX participants_identity_key`);
    await q.query(`
      CREATE UNIQUE INDEX participants_identity_key
        ON participants (last_name_key, date_of_birth, coalesce(state_id_key, ''))
        WHERE pseudonymized_at IS NULL`);
    await q.query(`DROP INDEX referrals_case_key`);
    await q.query(`
      CREATE UNIQUE INDEX referrals_case_key ON referrals (jurisdiction_key, case_number_key)
        WHERE record_status <> 'PSEUDONYMIZED'`);

    // JSON without the keys that name a person and without any string that mentions one of the
    // person's values (a value of four characters or more inside a text, a shorter one exactly).
    await q.query(`
      CREATE FUNCTION jsonb_mentions(v jsonb, needles text[]) RETURNS boolean
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT jsonb_typeof(v) = 'string' AND EXISTS (
          SELECT 1 FROM unnest(needles) AS x
           WHERE lower(v #>> '{}') = lower(x)
              OR (length(x) >= 4 AND strpos(lower(v #>> '{}'), lower(x)) > 0))
      $$`);
    await q.query(`
      CREATE FUNCTION jsonb_scrub(j jsonb, drop_keys text[], needles text[]) RETURNS jsonb
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE jsonb_typeof(j)
          WHEN 'object' THEN (
            SELECT coalesce(jsonb_object_agg(e.key, jsonb_scrub(e.value, drop_keys, needles)),
                            '{}'::jsonb)
              FROM jsonb_each(j) AS e
             WHERE NOT e.key = ANY (drop_keys) AND NOT jsonb_mentions(e.value, needles))
          WHEN 'array' THEN (
            SELECT coalesce(jsonb_agg(jsonb_scrub(a.value, drop_keys, needles) ORDER BY a.ordinality),
                            '[]'::jsonb)
              FROM jsonb_array_elements(j) WITH ORDINALITY AS a
             WHERE NOT jsonb_mentions(a.value, needles))
          ELSE j
        END
      $$`);

    // Append-only, except for the erasure: see the class comment.
    await q.query(`
      CREATE FUNCTION forbid_mutation_except_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_row jsonb;
        new_row jsonb;
        col text;
        o jsonb;
        n jsonb;
      BEGIN
        IF TG_OP = 'UPDATE'
           AND coalesce(current_setting('diversion.erasure', true), '') <> ''
           AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
        THEN
          old_row := to_jsonb(OLD);
          new_row := to_jsonb(NEW);
          IF (old_row - TG_ARGV) = (new_row - TG_ARGV) THEN
            FOREACH col IN ARRAY TG_ARGV LOOP
              o := old_row -> col;
              n := new_row -> col;
              IF n IS DISTINCT FROM o
                 AND n <> 'null'::jsonb
                 AND n <> to_jsonb('${ERASED}'::text)
                 AND NOT (jsonb_typeof(o) IN ('object', 'array') AND o @> n) THEN
                RAISE EXCEPTION '% is append-only: % of % may only be erased', TG_TABLE_NAME, col, TG_OP
                  USING ERRCODE = 'insufficient_privilege';
              END IF;
            END LOOP;
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const [table, { trigger, columns }] of Object.entries(ERASABLE)) {
      await q.query(`DROP TRIGGER ${trigger} ON ${table}`);
      await q.query(`
        CREATE TRIGGER ${trigger} BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION forbid_mutation_except_erasure(${columns.map((c) => `'${c}'`).join(', ')})`);
    }

    // Pseudonymization is final, whatever the API's login tries.
    await q.query(`
      CREATE FUNCTION participants_pseudonymization_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
          RETURN NEW;
        END IF;
        IF OLD.pseudonymized_at IS NOT NULL THEN
          RAISE EXCEPTION 'participant % is pseudonymized: pseudonymization is final', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'participants_pseudonymization_final';
        END IF;
        IF NEW.pseudonymized_at IS NOT NULL OR NEW.record_status = 'PSEUDONYMIZED' THEN
          RAISE EXCEPTION 'participant %: only pseudonymize_participant() pseudonymizes', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'participants_pseudonymization_final';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER participants_pseudonymization_final BEFORE UPDATE ON participants
      FOR EACH ROW EXECUTE FUNCTION participants_pseudonymization_final()`);
    await q.query(`
      CREATE FUNCTION referrals_pseudonymization_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
          RETURN NEW;
        END IF;
        IF OLD.record_status = 'PSEUDONYMIZED' OR NEW.record_status = 'PSEUDONYMIZED' THEN
          RAISE EXCEPTION 'referral % is pseudonymized: pseudonymization is final', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'referrals_pseudonymization_final';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER referrals_pseudonymization_final BEFORE UPDATE ON referrals
      FOR EACH ROW EXECUTE FUNCTION referrals_pseudonymization_final()`);

    await q.query(`
      CREATE FUNCTION pseudonymize_participant(p_participant uuid) RETURNS jsonb
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        p record;
        v_referrals uuid[];
        v_enrollments uuid[];
        v_types text[];
        v_ids text[];
        v_first timestamptz;
        v_last timestamptz;
        v_needles text[];
        v_keys text[] := ${textArray(IDENTIFYING_KEYS)};
        n bigint;
        touched jsonb := '{}'::jsonb;
      BEGIN
        SELECT id, first_name, last_name, date_of_birth, state_id_number, phone, email, address,
               duplicate_override_reason, record_status, pseudonymized_at, identity_index
          INTO p FROM participants WHERE id = p_participant FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'participant % does not exist', p_participant
            USING ERRCODE = 'no_data_found';
        END IF;
        IF p.pseudonymized_at IS NOT NULL THEN
          RETURN touched; -- final: done once, nothing left to do
        END IF;
        IF p.record_status NOT IN ('CLOSED', 'EXPUNGED') THEN
          RAISE EXCEPTION 'participant %''s record is %: only a CLOSED or EXPUNGED record is pseudonymized',
              p_participant, p.record_status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'pseudonymize_closed_records_only';
        END IF;
        IF p.identity_index IS NULL THEN
          RAISE EXCEPTION 'participant % has no blind index: "first time only" would lose them',
              p_participant
            USING ERRCODE = 'check_violation', CONSTRAINT = 'pseudonymize_after_blind_index';
        END IF;

        SELECT coalesce(array_agg(id), '{}') INTO v_referrals
          FROM referrals WHERE participant_id = p_participant;
        SELECT coalesce(array_agg(id), '{}') INTO v_enrollments
          FROM enrollments WHERE participant_id = p_participant;
        -- The person's values, to find them in JSON whatever its keys.
        SELECT coalesce(array_agg(DISTINCT x), '{}') INTO v_needles
          FROM unnest(
                 ARRAY[p.first_name, p.last_name, p.date_of_birth::text, p.state_id_number,
                       p.phone, p.email, p.address, p.duplicate_override_reason]
                 || ARRAY(SELECT case_number FROM referrals WHERE id = ANY (v_referrals))
                 || ARRAY(SELECT court_reference FROM referral_dispositions
                           WHERE referral_id = ANY (v_referrals))
                 || ARRAY(SELECT order_reference FROM referral_expungements
                           WHERE referral_id = ANY (v_referrals))) AS x
         WHERE x IS NOT NULL AND x <> '';

        PERFORM set_config('diversion.erasure', p_participant::text, true);

        UPDATE participants
           SET first_name = '${ERASED}', last_name = '${ERASED}', last_name_key = '${ERASED_KEY}',
               date_of_birth = DATE '${ERASED_BIRTH_DATE}', state_id_number = NULL,
               state_id_key = NULL, phone = NULL, email = NULL, address = NULL,
               duplicate_override_reason = NULL, duplicate_override_of = NULL,
               record_status = 'PSEUDONYMIZED', pseudonymized_at = clock_timestamp(),
               updated_at = now()
         WHERE id = p_participant;
        touched := jsonb_build_object('participants', 1);
        -- Its referrals follow (PSEUDONYMIZED), out of the case-number index.
        PERFORM refresh_record_status(p_participant);

        UPDATE referrals SET case_number = '${ERASED}', case_number_key = '${ERASED_KEY}'
         WHERE id = ANY (v_referrals)
           AND (case_number, case_number_key) IS DISTINCT FROM ('${ERASED}', '${ERASED_KEY}');
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('referrals', n); END IF;

        -- A TERMINATED enrollment's reason is a code and stays; a withdrawal's is free text.
        UPDATE enrollments SET closed_reason = NULL
         WHERE participant_id = p_participant AND closed_reason IS NOT NULL
           AND NOT (status = 'TERMINATED' AND closed_reason ~ ${CODE});
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('enrollments', n); END IF;

        UPDATE enrollment_transitions
           SET note = NULL,
               reason = CASE WHEN to_status = 'TERMINATED' AND reason ~ ${CODE} THEN reason END
         WHERE enrollment_id = ANY (v_enrollments)
           AND (note IS NOT NULL
                OR (reason IS NOT NULL AND NOT (to_status = 'TERMINATED' AND reason ~ ${CODE})));
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('enrollment_transitions', n); END IF;

        -- Amounts, kinds, methods, dates and receipt numbers stay; a waiver's reason is a code.
        UPDATE ledger_entries
           SET reference = NULL, note = NULL,
               reason = CASE WHEN reason IS NULL THEN NULL
                             WHEN kind = 'WAIVER' AND reason ~ ${CODE} THEN reason
                             ELSE '${ERASED}' END
         WHERE enrollment_id = ANY (v_enrollments)
           AND (reference IS NOT NULL OR note IS NOT NULL
                OR (reason IS NOT NULL AND reason <> '${ERASED}'
                    AND NOT (kind = 'WAIVER' AND reason ~ ${CODE})));
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('ledger_entries', n); END IF;

        UPDATE attendance_records SET note = NULL
         WHERE enrollment_id = ANY (v_enrollments) AND note IS NOT NULL;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('attendance_records', n); END IF;

        UPDATE attendance_revisions SET previous_note = NULL, new_note = NULL
         WHERE enrollment_id = ANY (v_enrollments)
           AND (previous_note IS NOT NULL OR new_note IS NOT NULL);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('attendance_revisions', n); END IF;

        UPDATE session_seats SET late_reason = NULL
         WHERE enrollment_id = ANY (v_enrollments) AND late_reason IS NOT NULL;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('session_seats', n); END IF;

        UPDATE waiver_requests SET note = '${ERASED}', decision_note = NULL
         WHERE enrollment_id = ANY (v_enrollments)
           AND (note <> '${ERASED}' OR decision_note IS NOT NULL);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('waiver_requests', n); END IF;

        UPDATE reversal_requests SET reason = '${ERASED}', decision_note = NULL
         WHERE enrollment_id = ANY (v_enrollments)
           AND (reason <> '${ERASED}' OR decision_note IS NOT NULL);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('reversal_requests', n); END IF;

        -- Kinds, channels, statuses and times stay; who it went to and what it said do not.
        UPDATE messages
           SET body = NULL, recipient = NULL, last_error = NULL, provider_message_id = NULL
         WHERE participant_id = p_participant
           AND (body IS NOT NULL OR recipient IS NOT NULL OR last_error IS NOT NULL
                OR provider_message_id IS NOT NULL);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('messages', n); END IF;

        UPDATE referral_dispositions SET court_reference = NULL
         WHERE referral_id = ANY (v_referrals) AND court_reference IS NOT NULL;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('referral_dispositions', n); END IF;

        UPDATE referral_expungements SET order_reference = NULL
         WHERE referral_id = ANY (v_referrals) AND order_reference IS NOT NULL;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('referral_expungements', n); END IF;

        -- A check's snapshot keeps the facts the rules saw (age at the offense, codes), not who.
        UPDATE eligibility_checks
           SET input_snapshot = jsonb_scrub(input_snapshot, v_keys, v_needles),
               reasons = jsonb_scrub(reasons, v_keys, v_needles)
         WHERE referral_id = ANY (v_referrals)
           AND (input_snapshot IS DISTINCT FROM jsonb_scrub(input_snapshot, v_keys, v_needles)
                OR reasons IS DISTINCT FROM jsonb_scrub(reasons, v_keys, v_needles));
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('eligibility_checks', n); END IF;

        -- Audit details hold ids and codes; anything personal that slipped in goes. Each of the
        -- person's records is looked up by its own type and id.
        SELECT array_agg(t), array_agg(i) INTO v_types, v_ids FROM (
          SELECT 'participant' AS t, p_participant::text AS i
          UNION ALL SELECT 'referral', unnest(v_referrals)::text
          UNION ALL SELECT 'enrollment', unnest(v_enrollments)::text
          UNION ALL SELECT 'ledger_entry', id::text FROM ledger_entries
                     WHERE enrollment_id = ANY (v_enrollments)
          UNION ALL SELECT 'waiver_request', id::text FROM waiver_requests
                     WHERE enrollment_id = ANY (v_enrollments)
          UNION ALL SELECT 'reversal_request', id::text FROM reversal_requests
                     WHERE enrollment_id = ANY (v_enrollments)
          UNION ALL SELECT 'message', id::text FROM messages WHERE participant_id = p_participant
          UNION ALL SELECT 'eligibility_check', id::text FROM eligibility_checks
                     WHERE referral_id = ANY (v_referrals)
          UNION ALL SELECT 'referral_disposition', id::text FROM referral_dispositions
                     WHERE referral_id = ANY (v_referrals)) AS mine;
        UPDATE audit_events a SET details = jsonb_scrub(a.details, v_keys, v_needles)
          FROM unnest(v_types, v_ids) AS mine(t, i)
         WHERE a.entity_type = mine.t AND a.entity_id = mine.i
           AND a.details IS NOT NULL
           AND a.details IS DISTINCT FROM jsonb_scrub(a.details, v_keys, v_needles);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('audit_events', n); END IF;

        -- A replayable answer (idempotency keys, kept a day) may repeat a payment's reference. A
        -- key is claimed just before the entry its answer names: only keys from the person's
        -- first entry to their last can name them.
        SELECT min(created_at) - interval '1 hour', max(created_at) INTO v_first, v_last
          FROM ledger_entries WHERE enrollment_id = ANY (v_enrollments);
        DELETE FROM idempotency_keys
         WHERE created_at BETWEEN v_first AND v_last
           AND response_body ->> 'enrollmentId' = ANY (v_enrollments::text[]);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN touched := touched || jsonb_build_object('idempotency_keys', n); END IF;

        PERFORM set_config('diversion.erasure', '', true);
        RETURN touched;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION pseudonymize_participant(uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION pseudonymize_participant(uuid) TO diversion_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = (await q.query(
      `SELECT count(*)::int AS n FROM participants WHERE pseudonymized_at IS NOT NULL`,
    )) as { n: number }[];
    if (n > 0) {
      throw new Error(
        `${n} participants are pseudonymized: pseudonymization is final, and the schema without it cannot hold them`,
      );
    }
    await q.query(`DROP FUNCTION pseudonymize_participant(uuid)`);
    await q.query(`DROP TRIGGER referrals_pseudonymization_final ON referrals`);
    await q.query(`DROP FUNCTION referrals_pseudonymization_final()`);
    await q.query(`DROP TRIGGER participants_pseudonymization_final ON participants`);
    await q.query(`DROP FUNCTION participants_pseudonymization_final()`);
    for (const [table, { trigger }] of Object.entries(ERASABLE)) {
      await q.query(`DROP TRIGGER ${trigger} ON ${table}`);
      await q.query(`
        CREATE TRIGGER ${trigger} BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
    }
    await q.query(`DROP FUNCTION forbid_mutation_except_erasure()`);
    await q.query(`DROP FUNCTION jsonb_scrub(jsonb, text[], text[])`);
    await q.query(`DROP FUNCTION jsonb_mentions(jsonb, text[])`);
    await q.query(`DROP INDEX referrals_case_key`);
    await q.query(
      `CREATE UNIQUE INDEX referrals_case_key ON referrals (jurisdiction_key, case_number_key)`,
    );
    await q.query(`DROP INDEX participants_identity_key`);
    await q.query(`
      CREATE UNIQUE INDEX participants_identity_key
        ON participants (last_name_key, date_of_birth, coalesce(state_id_key, ''))`);
    await q.query(`DROP INDEX idempotency_keys_created_idx`);
    await q.query(`DROP INDEX reversal_requests_enrollment_idx`);
    await q.query(`DROP INDEX attendance_revisions_enrollment_idx`);
    await q.query(`DROP TABLE records_index_key_check`);
  }
}
