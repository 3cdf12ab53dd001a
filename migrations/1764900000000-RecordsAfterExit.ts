import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * After the class (PRODUCT.md "After the class"): the court's disposition of a referral, an
 * expungement order, the record status that follows from them, and the disclosures made when a
 * closed record is opened.
 *
 * - `referral_dispositions` and `referral_expungements` are append-only (a correction is a newer
 *   disposition, the latest one counts; one expungement order per referral). The database
 *   refuses a disposition while the referral's enrollment is ACTIVE.
 * - `record_status` on referrals and participants is kept by the database from one definition,
 *   `refresh_record_status(participant)`, run by triggers whenever a disposition, an expungement,
 *   a referral or an enrollment's status changes: the API reads the columns and never computes
 *   the status itself. A referral is EXPUNGED with an order, CLOSED when its latest disposition
 *   is DISMISSED, NOLLE_PROSEQUI, ACQUITTED or SIS_COMPLETED and none of its enrollments is
 *   ACTIVE, OPEN otherwise. A participant is OPEN while any referral is OPEN or any enrollment
 *   ACTIVE (or with no referral at all), otherwise the most open of its referrals; PSEUDONYMIZED
 *   once retention has erased them (`pseudonymized_at`). `closed_on` is the day the record
 *   closed (the decision's day, or the order's), from which retention counts.
 * - `disclosures`: each opening of a closed record (who, when, which record, why). Append-only.
 * - `identity_index` and `state_id_index`: the keyed blind index that lets "first time only"
 *   recognise a person whose name and date of birth retention has erased (computed by the API
 *   with `RECORDS_INDEX_KEY`; the database never sees the key).
 */
export class RecordsAfterExit1764900000000 implements MigrationInterface {
  name = 'RecordsAfterExit1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral_dispositions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referrals(id),
        disposition text NOT NULL CONSTRAINT referral_dispositions_disposition CHECK (disposition IN
          ('DISMISSED', 'NOLLE_PROSEQUI', 'ACQUITTED', 'SIS_COMPLETED', 'CONVICTED', 'OTHER')),
        decided_on date NOT NULL CONSTRAINT referral_dispositions_decided_on
          CHECK (decided_on >= DATE '1950-01-01'),
        -- Free text retention erases (see the erasure function of the retention migration).
        court_reference text CONSTRAINT referral_dispositions_court_reference
          CHECK (length(court_reference) BETWEEN 1 AND 120),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        recorded_by uuid NOT NULL REFERENCES staff(id)
      )`);
    await q.query(`
      CREATE INDEX referral_dispositions_latest
        ON referral_dispositions (referral_id, recorded_at DESC, id DESC)
        INCLUDE (disposition, decided_on)`);

    await q.query(`
      CREATE TABLE referral_expungements (
        referral_id uuid PRIMARY KEY REFERENCES referrals(id),
        ordered_on date NOT NULL CONSTRAINT referral_expungements_ordered_on
          CHECK (ordered_on >= DATE '1950-01-01'),
        order_reference text CONSTRAINT referral_expungements_order_reference
          CHECK (length(order_reference) BETWEEN 1 AND 120),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        recorded_by uuid NOT NULL REFERENCES staff(id)
      )`);

    await q.query(`
      CREATE TABLE disclosures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid NOT NULL REFERENCES staff(id),
        reason text NOT NULL CONSTRAINT disclosures_reason CHECK (reason IN
          ('COURT_ORDER', 'PROSECUTOR_REQUEST', 'PARTICIPANT_REQUEST', 'AUDIT', 'FOLLOW_UP')),
        entity_type text NOT NULL CONSTRAINT disclosures_entity_type
          CHECK (entity_type ~ '^[A-Z][A-Z_]{1,39}$'),
        entity_id uuid NOT NULL,
        participant_id uuid NOT NULL REFERENCES participants(id)
      )`);
    await q.query(`CREATE INDEX disclosures_at ON disclosures (at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX disclosures_participant ON disclosures (participant_id, at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX disclosures_actor ON disclosures (actor_id, at DESC, id DESC)`);

    // The schema's default privileges grant the API's role SELECT and INSERT: nothing more.
    for (const table of ['referral_dispositions', 'referral_expungements', 'disclosures']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);
    }

    // No disposition while the referral's enrollment is ACTIVE: the case is still in the program.
    await q.query(`
      CREATE FUNCTION referral_dispositions_after_enrollment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce((SELECT status = 'ACTIVE' FROM enrollments
                      WHERE referral_id = NEW.referral_id), false) THEN
          RAISE EXCEPTION 'referral % has an ACTIVE enrollment: the court decides after it ends',
            NEW.referral_id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'referral_dispositions_after_enrollment';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER referral_dispositions_after_enrollment BEFORE INSERT ON referral_dispositions
      FOR EACH ROW EXECUTE FUNCTION referral_dispositions_after_enrollment()`);

    await q.query(`
      ALTER TABLE referrals
        ADD COLUMN record_status text NOT NULL DEFAULT 'OPEN'
          CONSTRAINT referrals_record_status
          CHECK (record_status IN ('OPEN', 'CLOSED', 'EXPUNGED', 'PSEUDONYMIZED')),
        ADD COLUMN closed_on date,
        ADD CONSTRAINT referrals_closed_on CHECK ((record_status = 'OPEN') = (closed_on IS NULL))`);
    await q.query(`
      ALTER TABLE participants
        ADD COLUMN record_status text NOT NULL DEFAULT 'OPEN'
          CONSTRAINT participants_record_status
          CHECK (record_status IN ('OPEN', 'CLOSED', 'EXPUNGED', 'PSEUDONYMIZED')),
        ADD COLUMN closed_on date,
        ADD COLUMN pseudonymized_at timestamptz,
        ADD COLUMN identity_index text CONSTRAINT participants_identity_index
          CHECK (identity_index ~ '^[0-9a-f]{64}$'),
        ADD COLUMN state_id_index text CONSTRAINT participants_state_id_index
          CHECK (state_id_index ~ '^[0-9a-f]{64}$'),
        ADD CONSTRAINT participants_closed_on CHECK ((record_status = 'OPEN') = (closed_on IS NULL)),
        ADD CONSTRAINT participants_pseudonymized
          CHECK ((record_status = 'PSEUDONYMIZED') = (pseudonymized_at IS NOT NULL))`);
    // Retention finds the records closed before a day; search leaves closed ones out.
    await q.query(`
      CREATE INDEX participants_closed ON participants (closed_on)
        WHERE record_status IN ('CLOSED', 'EXPUNGED')`);
    await q.query(`CREATE INDEX participants_identity_index ON participants (identity_index)`);
    await q.query(`CREATE INDEX participants_state_id_index ON participants (state_id_index)`);

    // The one definition of a record's status, run as the owner (SECURITY DEFINER): the status
    // is never the API's to set (RecordStatusKeptByDatabase refuses it to anyone else).
    await q.query(`
      CREATE FUNCTION refresh_record_status(p_participant uuid) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        p record;
        r record;
        v_status text;
        v_closed_on date;
        v_ordered_on date;
        v_expunged boolean;
        v_disposition text;
        v_decided_on date;
        v_closing boolean;
        v_active boolean;
      BEGIN
        SELECT pseudonymized_at INTO p FROM participants WHERE id = p_participant;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        -- One referral at a time, each lookup by its own index: a set-based statement here
        -- was planned with a hashed subquery over every ACTIVE enrollment, which made each
        -- enrollment written cost in proportion to all the others.
        FOR r IN SELECT id, closed_on FROM referrals WHERE participant_id = p_participant LOOP
          SELECT ordered_on INTO v_ordered_on FROM referral_expungements WHERE referral_id = r.id;
          v_expunged := FOUND;
          v_disposition := NULL;
          v_decided_on := NULL;
          SELECT disposition, decided_on INTO v_disposition, v_decided_on
            FROM referral_dispositions WHERE referral_id = r.id
           ORDER BY recorded_at DESC, id DESC LIMIT 1;
          v_closing := coalesce(v_disposition IN
            ('DISMISSED', 'NOLLE_PROSEQUI', 'ACQUITTED', 'SIS_COMPLETED'), false);
          -- By the referral's own (unique) index: asking for ACTIVE in the WHERE let a plan made
          -- on an empty table walk every ACTIVE enrollment instead.
          v_active := coalesce((SELECT status = 'ACTIVE' FROM enrollments
                                 WHERE referral_id = r.id), false);
          IF p.pseudonymized_at IS NOT NULL THEN
            v_status := 'PSEUDONYMIZED';
            v_closed_on := coalesce(r.closed_on, v_ordered_on, v_decided_on, current_date);
          ELSIF v_expunged THEN
            v_status := 'EXPUNGED';
            v_closed_on := CASE WHEN v_closing THEN least(v_decided_on, v_ordered_on)
                                ELSE v_ordered_on END;
          ELSIF v_active OR NOT v_closing THEN
            v_status := 'OPEN';
            v_closed_on := NULL;
          ELSE
            v_status := 'CLOSED';
            v_closed_on := v_decided_on;
          END IF;
          UPDATE referrals SET record_status = v_status, closed_on = v_closed_on
           WHERE id = r.id
             AND (record_status, closed_on) IS DISTINCT FROM (v_status, v_closed_on);
        END LOOP;

        SELECT CASE
                 WHEN p.pseudonymized_at IS NOT NULL THEN 'PSEUDONYMIZED'
                 WHEN NOT EXISTS (SELECT 1 FROM referrals WHERE participant_id = p_participant)
                   THEN 'OPEN'
                 WHEN EXISTS (SELECT 1 FROM referrals
                               WHERE participant_id = p_participant AND record_status = 'OPEN')
                   THEN 'OPEN'
                 WHEN coalesce((SELECT status = 'ACTIVE' FROM enrollments
                                 WHERE participant_id = p_participant), false)
                   THEN 'OPEN'
                 WHEN EXISTS (SELECT 1 FROM referrals
                               WHERE participant_id = p_participant AND record_status = 'CLOSED')
                   THEN 'CLOSED'
                 ELSE 'EXPUNGED'
               END,
               (SELECT max(closed_on) FROM referrals WHERE participant_id = p_participant)
          INTO v_status, v_closed_on;
        UPDATE participants
           SET record_status = v_status,
               closed_on = CASE WHEN v_status = 'OPEN' THEN NULL
                                ELSE coalesce(v_closed_on, closed_on, current_date) END
         WHERE id = p_participant
           AND (record_status, closed_on) IS DISTINCT FROM
               (v_status, CASE WHEN v_status = 'OPEN' THEN NULL
                               ELSE coalesce(v_closed_on, closed_on, current_date) END);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION refresh_record_status(uuid) FROM PUBLIC`);

    await q.query(`
      CREATE FUNCTION refresh_record_status_of_referral() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM refresh_record_status(
          (SELECT participant_id FROM referrals WHERE id = NEW.referral_id));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION refresh_record_status_of_participant() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM refresh_record_status(NEW.participant_id);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER referral_dispositions_record_status AFTER INSERT ON referral_dispositions
      FOR EACH ROW EXECUTE FUNCTION refresh_record_status_of_referral()`);
    await q.query(`
      CREATE TRIGGER referral_expungements_record_status AFTER INSERT ON referral_expungements
      FOR EACH ROW EXECUTE FUNCTION refresh_record_status_of_referral()`);
    await q.query(`
      CREATE TRIGGER referrals_record_status AFTER INSERT ON referrals
      FOR EACH ROW EXECUTE FUNCTION refresh_record_status_of_participant()`);
    await q.query(`
      CREATE TRIGGER enrollments_record_status AFTER INSERT OR UPDATE OF status ON enrollments
      FOR EACH ROW EXECUTE FUNCTION refresh_record_status_of_participant()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER enrollments_record_status ON enrollments`);
    await q.query(`DROP TRIGGER referrals_record_status ON referrals`);
    await q.query(`DROP TABLE disclosures`);
    await q.query(`DROP TABLE referral_expungements`);
    await q.query(`DROP TABLE referral_dispositions`);
    await q.query(`DROP FUNCTION refresh_record_status_of_participant()`);
    await q.query(`DROP FUNCTION refresh_record_status_of_referral()`);
    await q.query(`DROP FUNCTION refresh_record_status(uuid)`);
    await q.query(`DROP FUNCTION referral_dispositions_after_enrollment()`);
    await q.query(`
      ALTER TABLE participants
        DROP CONSTRAINT participants_pseudonymized,
        DROP CONSTRAINT participants_closed_on,
        DROP COLUMN state_id_index,
        DROP COLUMN identity_index,
        DROP COLUMN pseudonymized_at,
        DROP COLUMN closed_on,
        DROP COLUMN record_status`);
    await q.query(`
      ALTER TABLE referrals
        DROP CONSTRAINT referrals_closed_on,
        DROP COLUMN closed_on,
        DROP COLUMN record_status`);
  }
}
