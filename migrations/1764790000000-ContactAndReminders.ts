import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contact consent and the reminders' outbox (PRODUCT.md "Contact, consent and reminders").
 *
 * `contact_consents` is the append-only history of each participant's consent per channel: the
 * latest row (by `id`) of a participant and channel is the current one. Staff record
 * SIGNED_AGREEMENT, VERBAL and WRITTEN_REQUEST (with who recorded it); the system records
 * PARTICIPANT_REPLY (STOP/START texts), UNSUBSCRIBE (the email link) and CARRIER_OPT_OUT (the
 * gateway refused an opted-out number), with no staff member — and never a grant by UNSUBSCRIBE
 * or CARRIER_OPT_OUT.
 *
 * `messages` is the transactional outbox: a row is planned in the transaction that causes it and
 * is the truth about it from then on. `(cause, kind, channel)` is unique, so a cause plans each
 * kind once per channel however often (or however concurrently) it is planned; a withdrawn row is
 * planned again in place when its cause comes back. A row is SENDING only while an instance holds
 * it (`claimed_by`, the key of that instance's advisory lock).
 *
 * `us_phone_e164` is the one reading of a phone number as a US number (+1 and ten digits, NANP
 * area code and exchange), used for sending, for consent and to find who replied STOP.
 */
export class ContactAndReminders1764790000000 implements MigrationInterface {
  name = 'ContactAndReminders1764790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION us_phone_e164(phone text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN d ~ '^1?[2-9][0-9]{2}[2-9][0-9]{6}$' THEN '+1' || right(d, 10) END
          FROM (SELECT regexp_replace(phone, '[^0-9]', '', 'g') AS d) AS digits
      $$`);
    await q.query(
      `CREATE INDEX participants_sms_number_idx ON participants (us_phone_e164(phone)) WHERE phone IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE contact_consents (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        participant_id uuid NOT NULL REFERENCES participants(id),
        channel text NOT NULL CHECK (channel IN ('SMS','EMAIL')),
        granted boolean NOT NULL,
        source text NOT NULL CHECK (source IN ('SIGNED_AGREEMENT','VERBAL','WRITTEN_REQUEST',
          'PARTICIPANT_REPLY','UNSUBSCRIBE','CARRIER_OPT_OUT')),
        -- The program clock's instant (CLOCK_START moves it), passed in by the API.
        recorded_at timestamptz NOT NULL,
        recorded_by uuid REFERENCES staff(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contact_consents_staff_sources CHECK (
          (source IN ('PARTICIPANT_REPLY','UNSUBSCRIBE','CARRIER_OPT_OUT')) = (recorded_by IS NULL)),
        CONSTRAINT contact_consents_revoking_sources CHECK (
          source NOT IN ('UNSUBSCRIBE','CARRIER_OPT_OUT') OR NOT granted)
      )`);
    await q.query(
      `CREATE INDEX contact_consents_current_idx ON contact_consents (participant_id, channel, id DESC)`,
    );
    await q.query(`
      CREATE TRIGGER contact_consents_append_only BEFORE UPDATE OR DELETE ON contact_consents
      FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
    await q.query(`
      CREATE TRIGGER contact_consents_no_truncate BEFORE TRUNCATE ON contact_consents
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);

    await q.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        participant_id uuid NOT NULL REFERENCES participants(id),
        enrollment_id uuid REFERENCES enrollments(id),
        session_id uuid REFERENCES class_sessions(id),
        cause text NOT NULL CHECK (length(cause) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('SESSION_REMINDER_7D','SESSION_REMINDER_1D',
          'SESSION_CHANGED','MISSED_SESSION','PAYMENT_REMINDER','DEADLINE_REMINDER')),
        channel text NOT NULL CHECK (channel IN ('SMS','EMAIL')),
        -- When it is to go (the program clock's time, within sending hours).
        due_at timestamptz NOT NULL,
        -- due_at, or later after a temporary failure (backoff).
        next_attempt_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'PLANNED' CHECK (status IN ('PLANNED','SENDING','SENT',
          'DELIVERED','FAILED','WITHDRAWN','NOT_SENT')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 50),
        last_error text CHECK (length(last_error) <= 500),
        claimed_by integer,
        claimed_at timestamptz,
        sent_at timestamptz,
        delivered_at timestamptz,
        provider_message_id text CHECK (length(provider_message_id) <= 200),
        recipient text CHECK (length(recipient) <= 254),
        body text CHECK (length(body) <= 4000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT messages_one_per_cause UNIQUE (cause, kind, channel),
        CONSTRAINT messages_claimed_while_sending CHECK ((status = 'SENDING') = (claimed_by IS NOT NULL)),
        CONSTRAINT messages_sent_at CHECK (status NOT IN ('SENT','DELIVERED') OR sent_at IS NOT NULL),
        CONSTRAINT messages_session_kinds CHECK (
          (kind IN ('SESSION_REMINDER_7D','SESSION_REMINDER_1D','SESSION_CHANGED','MISSED_SESSION'))
            = (session_id IS NOT NULL))
      )`);
    // The sender's claim: the planned rows by when they may go.
    await q.query(
      `CREATE INDEX messages_planned_idx ON messages (next_attempt_at, id) WHERE status = 'PLANNED'`,
    );
    await q.query(
      `CREATE INDEX messages_sending_idx ON messages (claimed_by) WHERE status = 'SENDING'`,
    );
    await q.query(`CREATE INDEX messages_participant_idx ON messages (participant_id, due_at)`);
    await q.query(`CREATE INDEX messages_enrollment_idx ON messages (enrollment_id, kind)`);
    await q.query(`CREATE INDEX messages_session_idx ON messages (session_id, kind)`);
    await q.query(`CREATE INDEX messages_due_idx ON messages (due_at, id)`);
    await q.query(
      `CREATE UNIQUE INDEX messages_provider_id_idx ON messages (provider_message_id) WHERE provider_message_id IS NOT NULL`,
    );
    // Planned, withdrawn, claimed, sent: a message changes; it is never deleted by the API.
    await q.query(`GRANT UPDATE ON messages TO diversion_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messages`);
    await q.query(`DROP TABLE contact_consents`);
    await q.query(`DROP INDEX participants_sms_number_idx`);
    await q.query(`DROP FUNCTION us_phone_e164(text)`);
  }
}
