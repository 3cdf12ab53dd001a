import { Injectable } from '@nestjs/common';
import { one, rows, TransactionHost } from '../common/transactions';
import type { Channel } from './message-templates';

export type ConsentSource =
  | 'SIGNED_AGREEMENT'
  | 'VERBAL'
  | 'WRITTEN_REQUEST'
  | 'PARTICIPANT_REPLY'
  | 'UNSUBSCRIBE'
  | 'CARRIER_OPT_OUT';

export interface ConsentRecord {
  channel: Channel;
  granted: boolean;
  source: ConsentSource;
  at: string;
  recordedBy: string | null;
}

interface ConsentRow {
  channel: Channel;
  granted: boolean;
  source: ConsentSource;
  recorded_at: Date;
  recorded_by: string | null;
}

const toRecord = (r: ConsentRow): ConsentRecord => ({
  channel: r.channel,
  granted: r.granted,
  source: r.source,
  at: r.recorded_at.toISOString(),
  recordedBy: r.recorded_by,
});

/** A participant's contact details as reminders read them. */
export interface Contact {
  /** The phone read as a US number in E.164 (+1 and ten digits), or null. */
  smsNumber: string | null;
  email: string | null;
}

/** The SQL of `contact_consents` (append-only: a change is a new row; the latest one counts). */
@Injectable()
export class ConsentsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** The participant's contact details, locked FOR SHARE; undefined when there is no such participant. */
  contact(participantId: string): Promise<Contact | undefined> {
    return one<{ sms_number: string | null; email: string | null }>(
      this.tx,
      `SELECT us_phone_e164(phone) AS sms_number, email FROM participants WHERE id = $1 FOR SHARE`,
      [participantId],
    ).then((r) => r && { smsNumber: r.sms_number, email: r.email });
  }

  /** Every consent record of the participant, newest first. */
  async history(participantId: string): Promise<ConsentRecord[]> {
    const list = await rows<ConsentRow>(
      this.tx,
      `SELECT channel, granted, source, recorded_at, recorded_by FROM contact_consents
        WHERE participant_id = $1 ORDER BY id DESC`,
      [participantId],
    );
    return list.map(toRecord);
  }

  /** The current consent of one channel (its latest record), if any was ever recorded. */
  async current(participantId: string, channel: Channel): Promise<ConsentRecord | undefined> {
    const row = await one<ConsentRow>(
      this.tx,
      `SELECT channel, granted, source, recorded_at, recorded_by FROM contact_consents
        WHERE participant_id = $1 AND channel = $2 ORDER BY id DESC LIMIT 1`,
      [participantId, channel],
    );
    return row && toRecord(row);
  }

  async record(v: {
    participantId: string;
    channel: Channel;
    granted: boolean;
    source: ConsentSource;
    at: Date;
    recordedBy: string | null;
  }): Promise<ConsentRecord> {
    const row = await one<ConsentRow>(
      this.tx,
      `INSERT INTO contact_consents (participant_id, channel, granted, source, recorded_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING channel, granted, source, recorded_at, recorded_by`,
      [v.participantId, v.channel, v.granted, v.source, v.at, v.recordedBy],
    );
    return toRecord(row!);
  }

  /** The participants whose phone reads as this US number (E.164). */
  async participantsWithNumber(e164: string): Promise<string[]> {
    const list = await rows<{ id: string }>(
      this.tx,
      `SELECT id FROM participants WHERE us_phone_e164(phone) = $1 AND phone IS NOT NULL ORDER BY id`,
      [e164],
    );
    return list.map((r) => r.id);
  }

  /** E.164 of a number as the gateway wrote it, by the database's one reading of US numbers. */
  async e164(number: string): Promise<string | null> {
    const row = await one<{ n: string | null }>(this.tx, `SELECT us_phone_e164($1) AS n`, [number]);
    return row?.n ?? null;
  }
}
