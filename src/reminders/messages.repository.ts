import { Injectable } from '@nestjs/common';
import { countFromDb } from '../common/money';
import { one, rows, TransactionHost } from '../common/transactions';
import type { Channel, MessageKind } from './message-templates';

export const MESSAGE_STATUSES = [
  'PLANNED',
  'SENDING',
  'SENT',
  'DELIVERED',
  'FAILED',
  'WITHDRAWN',
  'NOT_SENT',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** One message to plan; it is planned once for each channel the participant consents to. */
export interface PlanItem {
  participantId: string;
  enrollmentId: string | null;
  sessionId: string | null;
  /** What causes it: with kind and channel, unique (the same cause plans once). */
  cause: string;
  kind: MessageKind;
  dueAt: Date;
}

/** Which planned messages to withdraw. */
export interface WithdrawFilter {
  participantId?: string;
  enrollmentId?: string;
  sessionId?: string;
  kinds?: MessageKind[];
  channel?: Channel;
}

export interface Message {
  id: string;
  participantId: string;
  kind: MessageKind;
  channel: Channel;
  dueAt: string;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
}

interface MessageRow {
  id: string;
  participant_id: string;
  kind: MessageKind;
  channel: Channel;
  due_at: Date;
  status: MessageStatus;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  delivered_at: Date | null;
}

const MESSAGE_COLUMNS = `id, participant_id, kind, channel, due_at, status, attempts, last_error,
  sent_at, delivered_at`;

const toMessage = (r: MessageRow): Message => ({
  id: r.id,
  participantId: r.participant_id,
  kind: r.kind,
  channel: r.channel,
  dueAt: r.due_at.toISOString(),
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  sentAt: r.sent_at ? r.sent_at.toISOString() : null,
  deliveredAt: r.delivered_at ? r.delivered_at.toISOString() : null,
});

export interface SessionFacts {
  id: string;
  startsAt: Date;
  cancelled: boolean;
}

export interface EnrollmentFacts {
  id: string;
  participantId: string;
  active: boolean;
  deadline: string;
  balanceCents: number;
  sessionsMissing: boolean;
}

/** Everything the sender needs to decide about and word one claimed message. */
export interface ClaimedMessage {
  id: string;
  participantId: string;
  kind: MessageKind;
  channel: Channel;
  attempts: number;
  smsNumber: string | null;
  email: string | null;
  consent: boolean;
  sessionStartsAt: Date | null;
  sessionLocation: string | null;
  sessionCancelled: boolean;
  seated: boolean;
  enrollmentActive: boolean | null;
  deadline: string | null;
  balanceCents: number | null;
  sessionsMissing: boolean | null;
}

/** What a sending attempt came to. */
export type Outcome =
  | { status: 'SENT'; providerMessageId: string | null; recipient: string; body: string }
  | { status: 'RETRY'; error: string; nextAttemptAt: Date; recipient: string; body: string }
  | { status: 'FAILED'; error: string; recipient: string | null; body: string | null }
  | { status: 'NOT_SENT' | 'WITHDRAWN'; error: string };

export interface MessageFilter {
  status?: MessageStatus;
  kind?: MessageKind;
  /** Calendar dates (America/Chicago) of dueAt, both included. */
  from?: string;
  to?: string;
}

/**
 * The SQL of `messages`, the reminders' outbox: planning (in the transaction of the change that
 * causes a message), withdrawing, the lists, and the sender's claim and results. Reads the facts
 * that planning needs from the other modules' tables; writes only `messages`.
 */
@Injectable()
export class MessagesRepository {
  constructor(private readonly tx: TransactionHost) {}

  // ------------------------------------------------------------------ facts for planning

  async session(sessionId: string): Promise<(SessionFacts & { location: string }) | undefined> {
    const r = await one<{ id: string; starts_at: Date; cancelled: boolean; location: string }>(
      this.tx,
      `SELECT id, starts_at, cancelled_at IS NOT NULL AS cancelled, location
         FROM class_sessions WHERE id = $1`,
      [sessionId],
    );
    return r && { id: r.id, startsAt: r.starts_at, cancelled: r.cancelled, location: r.location };
  }

  /** The seats of a session: enrollment and participant, ACTIVE enrollments only. */
  seatsOf(sessionId: string): Promise<{ enrollmentId: string; participantId: string }[]> {
    return rows<{ enrollmentId: string; participantId: string }>(
      this.tx,
      `SELECT s.enrollment_id AS "enrollmentId", e.participant_id AS "participantId"
         FROM session_seats s JOIN enrollments e ON e.id = s.enrollment_id
        WHERE s.session_id = $1 AND e.status = 'ACTIVE'
        ORDER BY s.enrollment_id`,
      [sessionId],
    );
  }

  async enrollment(enrollmentId: string): Promise<EnrollmentFacts | undefined> {
    const r = await one<{
      id: string;
      participant_id: string;
      active: boolean;
      deadline: string;
      balance_cents: string;
      sessions_missing: boolean;
    }>(
      this.tx,
      `SELECT e.id, e.participant_id, e.status = 'ACTIVE' AS active, e.deadline::text AS deadline,
              coalesce(b.balance_cents, 0) AS balance_cents,
              ${SESSIONS_MISSING('e')} AS sessions_missing
         FROM enrollments e LEFT JOIN enrollment_balances b ON b.enrollment_id = e.id
        WHERE e.id = $1`,
      [enrollmentId],
    );
    return (
      r && {
        id: r.id,
        participantId: r.participant_id,
        active: r.active,
        deadline: r.deadline,
        balanceCents: Number(r.balance_cents),
        sessionsMissing: r.sessions_missing,
      }
    );
  }

  /** The participant's ACTIVE enrollments. */
  async activeEnrollmentsOf(participantId: string): Promise<string[]> {
    const list = await rows<{ id: string }>(
      this.tx,
      `SELECT id FROM enrollments WHERE participant_id = $1 AND status = 'ACTIVE' ORDER BY id`,
      [participantId],
    );
    return list.map((r) => r.id);
  }

  /** The enrollment's seats in sessions that have not started by `now` and are not cancelled. */
  upcomingSeatsOf(enrollmentId: string, now: Date): Promise<SessionFacts[]> {
    return rows<{ id: string; starts_at: Date }>(
      this.tx,
      `SELECT cs.id, cs.starts_at FROM session_seats s JOIN class_sessions cs ON cs.id = s.session_id
        WHERE s.enrollment_id = $1 AND cs.cancelled_at IS NULL AND cs.starts_at > $2
        ORDER BY cs.starts_at, cs.id`,
      [enrollmentId, now],
    ).then((list) => list.map((r) => ({ id: r.id, startsAt: r.starts_at, cancelled: false })));
  }

  // ------------------------------------------------------------------ planning

  /**
   * Plans each item for every channel whose current consent is granted (or only `channel`). A
   * cause already planned is planned once: a withdrawn or still planned row takes the new due
   * time; one that was handed over (or settled otherwise) stays as it is. Returns how many rows
   * are now planned.
   */
  async plan(items: PlanItem[], channel?: Channel): Promise<number> {
    if (!items.length) return 0;
    const list = await rows<{ id: string }>(
      this.tx,
      `INSERT INTO messages AS m
              (participant_id, enrollment_id, session_id, cause, kind, channel, due_at, next_attempt_at)
       SELECT i.participant_id, i.enrollment_id, i.session_id, i.cause, i.kind, c.channel,
              i.due_at, i.due_at
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])
              AS i(participant_id, enrollment_id, session_id, cause, kind, due_at)
        CROSS JOIN LATERAL (
              SELECT DISTINCT ON (cc.channel) cc.channel, cc.granted FROM contact_consents cc
               WHERE cc.participant_id = i.participant_id
                 AND ($7::text IS NULL OR cc.channel = $7::text)
               ORDER BY cc.channel, cc.id DESC) AS c
        WHERE c.granted
       ON CONFLICT (cause, kind, channel) DO UPDATE
          SET status = 'PLANNED', due_at = EXCLUDED.due_at, next_attempt_at = EXCLUDED.due_at,
              attempts = 0, last_error = NULL, updated_at = now()
        WHERE m.status IN ('PLANNED', 'WITHDRAWN')
       RETURNING m.id`,
      [
        items.map((i) => i.participantId),
        items.map((i) => i.enrollmentId),
        items.map((i) => i.sessionId),
        items.map((i) => i.cause),
        items.map((i) => i.kind),
        items.map((i) => i.dueAt),
        channel ?? null,
      ],
    );
    return list.length;
  }

  /** Withdraws the planned messages the filter names (none of the others), with the reason. */
  async withdraw(f: WithdrawFilter, reason: string): Promise<number> {
    const where = [`status = 'PLANNED'`];
    const params: unknown[] = [reason];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.participantId) add('participant_id = ?', f.participantId);
    if (f.enrollmentId) add('enrollment_id = ?', f.enrollmentId);
    if (f.sessionId) add('session_id = ?', f.sessionId);
    if (f.kinds) add('kind = ANY(?::text[])', f.kinds);
    if (f.channel) add('channel = ?', f.channel);
    if (params.length === 1) throw new Error('withdraw needs a filter');
    const list = await rows(
      this.tx,
      `UPDATE messages SET status = 'WITHDRAWN', last_error = $1, updated_at = now()
        WHERE ${where.join(' AND ')} RETURNING 1`,
      params,
    );
    return list.length;
  }

  // ------------------------------------------------------------------ lists

  async ofParticipant(
    participantId: string,
    limit: number,
    offset: number,
  ): Promise<[Message[], number]> {
    const list = await rows<MessageRow>(
      this.tx,
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE participant_id = $1
        ORDER BY due_at DESC, id LIMIT $2 OFFSET $3`,
      [participantId, limit, offset],
    );
    const total = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM messages WHERE participant_id = $1`,
      [participantId],
    );
    return [list.map(toMessage), countFromDb(total?.n)];
  }

  async list(
    f: MessageFilter,
    limit: number,
    offset: number,
  ): Promise<[Message[], number, Record<MessageStatus, number>]> {
    const { clause, params } = filterOf(f, true);
    const items = await rows<MessageRow>(
      this.tx,
      `SELECT ${MESSAGE_COLUMNS} FROM messages ${clause}
        ORDER BY due_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    const byStatus = filterOf(f, false);
    const counted = await rows<{ status: MessageStatus; n: string }>(
      this.tx,
      `SELECT status, count(*) AS n FROM messages ${byStatus.clause} GROUP BY status`,
      byStatus.params,
    );
    const counts = Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, 0])) as Record<
      MessageStatus,
      number
    >;
    for (const c of counted) counts[c.status] = countFromDb(c.n);
    const total = f.status ? counts[f.status] : Object.values(counts).reduce((a, b) => a + b, 0);
    return [items.map(toMessage), total, counts];
  }

  async get(id: string): Promise<Message | undefined> {
    const r = await one<MessageRow>(
      this.tx,
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1`,
      [id],
    );
    return r && toMessage(r);
  }

  /** FAILED → PLANNED at once (a supervisor's "Send again"); undefined if it was not FAILED. */
  async retry(id: string, now: Date): Promise<Message | undefined> {
    const r = await one<MessageRow>(
      this.tx,
      `UPDATE messages SET status = 'PLANNED', next_attempt_at = $2, attempts = 0,
              last_error = NULL, updated_at = now()
        WHERE id = $1 AND status = 'FAILED' RETURNING ${MESSAGE_COLUMNS}`,
      [id, now],
    );
    return r && toMessage(r);
  }

  // ------------------------------------------------------------------ the sender

  /**
   * Messages claimed by an instance that is gone (its advisory lock is free: the process died,
   * its connection closed) end FAILED, never sent again by themselves: the hand-over may have
   * happened. Our own claims are never touched (our lock is held on another connection).
   */
  async failInterrupted(lockNamespace: number): Promise<number> {
    const list = await rows(
      this.tx,
      `UPDATE messages SET status = 'FAILED', claimed_by = NULL,
              last_error = 'interrupted: may have been delivered', updated_at = now()
        WHERE status = 'SENDING' AND claimed_by IN (
              SELECT k FROM (SELECT DISTINCT claimed_by AS k FROM messages WHERE status = 'SENDING') d
               WHERE pg_try_advisory_xact_lock($1::int, d.k))
       RETURNING 1`,
      [lockNamespace],
    );
    return list.length;
  }

  /**
   * Claims up to `limit` messages due by `now` (the program clock), oldest first: SENDING, one more
   * attempt, held by `claimant`. Committed before anything is handed to a provider. Concurrent
   * claims skip each other's rows.
   */
  async claim(now: Date, limit: number, claimant: number): Promise<ClaimedMessage[]> {
    const list = await rows<{
      id: string;
      participant_id: string;
      kind: MessageKind;
      channel: Channel;
      attempts: number;
      sms_number: string | null;
      email: string | null;
      consent: boolean | null;
      starts_at: Date | null;
      location: string | null;
      cancelled: boolean | null;
      seated: boolean;
      enrollment_active: boolean | null;
      deadline: string | null;
      balance_cents: string | null;
      sessions_missing: boolean | null;
    }>(
      this.tx,
      `WITH due AS (
         SELECT id FROM messages
          WHERE status = 'PLANNED' AND next_attempt_at <= $1
          ORDER BY next_attempt_at, id LIMIT $2
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE messages m SET status = 'SENDING', attempts = m.attempts + 1, claimed_by = $3,
                claimed_at = $1, updated_at = now()
           FROM due WHERE m.id = due.id
         RETURNING m.id, m.participant_id, m.enrollment_id, m.session_id, m.kind, m.channel, m.attempts
       )
       SELECT c.id, c.participant_id, c.kind, c.channel, c.attempts,
              us_phone_e164(p.phone) AS sms_number, p.email,
              (SELECT cc.granted FROM contact_consents cc
                WHERE cc.participant_id = c.participant_id AND cc.channel = c.channel
                ORDER BY cc.id DESC LIMIT 1) AS consent,
              cs.starts_at, cs.location, cs.cancelled_at IS NOT NULL AS cancelled,
              EXISTS (SELECT 1 FROM session_seats s
                       WHERE s.session_id = c.session_id AND s.enrollment_id = c.enrollment_id) AS seated,
              e.status = 'ACTIVE' AS enrollment_active, e.deadline::text AS deadline,
              coalesce(b.balance_cents, 0) AS balance_cents,
              CASE WHEN e.id IS NOT NULL THEN ${SESSIONS_MISSING('e')} END AS sessions_missing
         FROM claimed c
         JOIN participants p ON p.id = c.participant_id
         LEFT JOIN class_sessions cs ON cs.id = c.session_id
         LEFT JOIN enrollments e ON e.id = c.enrollment_id
         LEFT JOIN enrollment_balances b ON b.enrollment_id = c.enrollment_id`,
      [now, limit, claimant],
    );
    return list.map((r) => ({
      id: r.id,
      participantId: r.participant_id,
      kind: r.kind,
      channel: r.channel,
      attempts: r.attempts,
      smsNumber: r.sms_number,
      email: r.email,
      consent: r.consent === true,
      sessionStartsAt: r.starts_at,
      sessionLocation: r.location,
      sessionCancelled: r.cancelled === true,
      seated: r.seated,
      enrollmentActive: r.enrollment_active,
      deadline: r.deadline,
      balanceCents: r.balance_cents === null ? null : Number(r.balance_cents),
      sessionsMissing: r.sessions_missing,
    }));
  }

  /** Records what became of a claimed message; false if the claim was no longer ours. */
  async settle(id: string, claimant: number, o: Outcome, now: Date): Promise<boolean> {
    const common = `updated_at = now(), claimed_by = NULL`;
    const where = `WHERE id = $1 AND status = 'SENDING' AND claimed_by = $2 RETURNING 1`;
    let sql: string;
    let params: unknown[];
    switch (o.status) {
      case 'SENT':
        sql = `UPDATE messages SET status = 'SENT', sent_at = $3, provider_message_id = $4,
                 recipient = $5, body = $6, last_error = NULL, ${common} ${where}`;
        params = [id, claimant, now, o.providerMessageId, o.recipient, o.body];
        break;
      case 'RETRY':
        sql = `UPDATE messages SET status = 'PLANNED', next_attempt_at = $3, last_error = $4,
                 recipient = $5, body = $6, ${common} ${where}`;
        params = [id, claimant, o.nextAttemptAt, o.error.slice(0, 500), o.recipient, o.body];
        break;
      case 'FAILED':
        sql = `UPDATE messages SET status = 'FAILED', last_error = $3,
                 recipient = coalesce($4, recipient), body = coalesce($5, body), ${common} ${where}`;
        params = [id, claimant, o.error.slice(0, 500), o.recipient, o.body];
        break;
      default:
        sql = `UPDATE messages SET status = $3, last_error = $4, ${common} ${where}`;
        params = [id, claimant, o.status, o.error.slice(0, 500)];
    }
    return (await rows(this.tx, sql, params)).length > 0;
  }

  /** The gateway's report on a text it accepted: delivered, or not after all. */
  async delivery(
    id: string,
    report: { delivered: true; at: Date } | { delivered: false; error: string },
  ): Promise<{ participantId: string } | undefined> {
    return report.delivered
      ? one<{ participantId: string }>(
          this.tx,
          `UPDATE messages SET status = 'DELIVERED', delivered_at = $2, updated_at = now()
            WHERE id = $1 AND channel = 'SMS' AND status = 'SENT'
           RETURNING participant_id AS "participantId"`,
          [id, report.at],
        )
      : one<{ participantId: string }>(
          this.tx,
          `UPDATE messages SET status = 'FAILED', last_error = $2, updated_at = now()
            WHERE id = $1 AND channel = 'SMS' AND status IN ('SENT', 'DELIVERED')
           RETURNING participant_id AS "participantId"`,
          [id, report.error.slice(0, 500)],
        );
  }
}

/**
 * Whether an enrollment (alias `e`) still misses sessions: fewer PRESENT or LATE records than it
 * requires.
 */
const SESSIONS_MISSING = (e: string) => `((SELECT count(*) FROM attendance_records a
    WHERE a.enrollment_id = ${e}.id AND a.status IN ('PRESENT','LATE')) < ${e}.required_sessions)`;

function filterOf(f: MessageFilter, withStatus: boolean): { clause: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace(/\?/g, `$${params.length}`));
  };
  if (withStatus && f.status) add('status = ?', f.status);
  if (f.kind) add('kind = ?', f.kind);
  // Calendar days in the program's time zone (the connection's TimeZone).
  if (f.from) add('due_at >= ?::date::timestamptz', f.from);
  if (f.to) add('due_at < (?::date + 1)::timestamptz', f.to);
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}
