import { Injectable } from '@nestjs/common';
import {
  chicagoInstant,
  chicagoNextDayAt,
  nextSendingMinute,
  parseSendingHours,
  SendingHours,
  shiftChicagoDays,
} from '../common/chicago-time';
import { Clock } from '../common/clock';
import { addDays } from '../common/dates';
import { AppConfig } from '../config/app-config';
import { JobQueue } from '../jobs/job-runner';
import type { Channel, MessageKind } from './message-templates';
import { MessagesRepository, PlanItem, SessionFacts } from './messages.repository';

/** The sender's task: claims and sends what is due (message-sender.ts). */
export const SEND_DUE_MESSAGES = 'send_due_messages';

const SESSION_REMINDERS: MessageKind[] = ['SESSION_REMINDER_7D', 'SESSION_REMINDER_1D'];
/** Reminders about a date (the enrollment's deadline) go out at this Chicago time. */
const DATE_REMINDER_TIME = '10:00';
/** A missed session is followed up the morning after, at this Chicago time. */
const MORNING_AFTER = '09:00';
/** A missed session recorded later than this after it started is not followed up. */
const MISSED_FOLLOW_UP_DAYS = 7;

/**
 * Plans and withdraws reminders (PRODUCT.md "Contact, consent and reminders"), called by the
 * services whose changes cause them, in their transaction — the outbox row exists exactly when
 * the change commits. One method per cause; each is safe to call again (a cause plans each kind
 * once per channel). Only reminders still ahead are planned, each at its time moved into the
 * sending hours; messages due at once also wake the sender.
 */
@Injectable()
export class ReminderPlanner {
  private readonly hours: SendingHours;

  constructor(
    private readonly messages: MessagesRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {
    this.hours = parseSendingHours(config.SENDING_HOURS);
  }

  private get enabled(): boolean {
    return this.config.REMINDERS_ENABLED;
  }

  // ------------------------------------------------------------------ seats and sessions

  /** A seat was taken: the session's reminders 7 days and 1 day before. */
  async seatTaken(sessionId: string, enrollmentId: string): Promise<void> {
    if (!this.enabled) return;
    const [session, enrollment] = await Promise.all([
      this.messages.session(sessionId),
      this.messages.enrollment(enrollmentId),
    ]);
    if (!session || !enrollment?.active || session.cancelled) return;
    await this.messages.plan(this.seatReminders(session, enrollment.participantId, enrollmentId));
  }

  /** A seat was released: its reminders are withdrawn. */
  async seatRemoved(sessionId: string, enrollmentId: string): Promise<void> {
    await this.messages.withdraw(
      { sessionId, enrollmentId, kinds: SESSION_REMINDERS },
      'seat removed',
    );
  }

  /**
   * Call BEFORE the seats are released: each seated participant hears at once that the session
   * is cancelled, and its reminders are withdrawn.
   */
  async sessionCancelled(sessionId: string): Promise<void> {
    await this.messages.withdraw({ sessionId, kinds: SESSION_REMINDERS }, 'session cancelled');
    if (!this.enabled) return;
    const session = await this.messages.session(sessionId);
    if (!session) return;
    const seats = await this.messages.seatsOf(sessionId);
    await this.planNow(
      seats.map((s) => ({
        participantId: s.participantId,
        enrollmentId: s.enrollmentId,
        sessionId,
        cause: `session-cancelled:${sessionId}:${s.enrollmentId}`,
        kind: 'SESSION_CHANGED' as const,
      })),
      session.startsAt,
    );
  }

  /**
   * Call AFTER a seated session's time or place changed: each seated participant hears at once
   * where and when it now is, and its 7-day and 1-day reminders move to the new time.
   */
  async sessionChanged(sessionId: string): Promise<void> {
    await this.messages.withdraw({ sessionId, kinds: SESSION_REMINDERS }, 'session changed');
    if (!this.enabled) return;
    const session = await this.messages.session(sessionId);
    if (!session || session.cancelled) return;
    const seats = await this.messages.seatsOf(sessionId);
    const version = `${session.startsAt.toISOString()}|${session.location}`;
    await this.planNow(
      seats.map((s) => ({
        participantId: s.participantId,
        enrollmentId: s.enrollmentId,
        sessionId,
        cause: `session-changed:${sessionId}:${s.enrollmentId}:${version}`.slice(0, 200),
        kind: 'SESSION_CHANGED' as const,
      })),
      session.startsAt,
    );
    await this.messages.plan(
      seats.flatMap((s) => this.seatReminders(session, s.participantId, s.enrollmentId)),
    );
  }

  /**
   * Attendance was recorded: an ABSENT is followed up the morning after; any other status
   * withdraws that follow-up. The deadline reminder follows the sessions still missing.
   */
  async attendanceRecorded(
    sessionId: string,
    records: { enrollmentId: string; status: string }[],
  ): Promise<void> {
    for (const r of records.filter((x) => x.status !== 'ABSENT')) {
      await this.messages.withdraw(
        { sessionId, enrollmentId: r.enrollmentId, kinds: ['MISSED_SESSION'] },
        'attendance changed',
      );
    }
    if (this.enabled) {
      const session = await this.messages.session(sessionId);
      const now = this.clock.now();
      if (
        session &&
        now.getTime() - session.startsAt.getTime() < MISSED_FOLLOW_UP_DAYS * 86_400_000
      ) {
        const morningAfter = chicagoNextDayAt(session.startsAt, MORNING_AFTER);
        const due = morningAfter > now ? morningAfter : now;
        const items: PlanItem[] = [];
        for (const r of records.filter((x) => x.status === 'ABSENT')) {
          const e = await this.messages.enrollment(r.enrollmentId);
          if (!e?.active) continue;
          items.push({
            participantId: e.participantId,
            enrollmentId: e.id,
            sessionId,
            cause: `absent:${sessionId}:${e.id}`,
            kind: 'MISSED_SESSION',
            dueAt: nextSendingMinute(due, this.hours),
          });
        }
        if ((await this.messages.plan(items)) > 0 && due <= now) await this.wakeSender();
      }
    }
    for (const enrollmentId of new Set(records.map((r) => r.enrollmentId))) {
      await this.deadlineFollows(enrollmentId);
    }
  }

  // ------------------------------------------------------------------ enrollments and money

  /** An enrollment began (its fee assessed): the payment and deadline reminders. */
  async enrollmentCreated(enrollmentId: string): Promise<void> {
    if (!this.enabled) return;
    await this.planEnrollment(enrollmentId);
  }

  /** An enrollment ended (completed, terminated, withdrawn): nothing more is sent about it. */
  async enrollmentEnded(enrollmentId: string): Promise<void> {
    await this.messages.withdraw({ enrollmentId }, 'enrollment ended');
  }

  /**
   * The balance changed from `before` to `after` (cents): paid off withdraws the payment reminder,
   * owing again (a refund, a reversed payment) plans it again if it is still ahead. Costs nothing
   * when the balance stays above zero (most payments).
   */
  async balanceChanged(enrollmentId: string, before: number, after: number): Promise<void> {
    if (before > 0 === after > 0) return;
    if (after <= 0) {
      await this.messages.withdraw({ enrollmentId, kinds: ['PAYMENT_REMINDER'] }, 'balance paid');
      return;
    }
    if (!this.enabled) return;
    const e = await this.messages.enrollment(enrollmentId);
    if (e?.active) await this.messages.plan(this.dateReminders(e, after, e.sessionsMissing));
  }

  // ------------------------------------------------------------------ consent and records

  /** Consent given (plans what is still ahead on that channel) or withdrawn (withdraws it all). */
  async consentChanged(participantId: string, channel: Channel, granted: boolean): Promise<void> {
    if (!granted) {
      await this.messages.withdraw({ participantId, channel }, 'consent withdrawn');
      return;
    }
    if (!this.enabled) return;
    for (const enrollmentId of await this.messages.activeEnrollmentsOf(participantId)) {
      await this.planEnrollment(enrollmentId, channel);
    }
  }

  /**
   * The participant's record was closed (the court's disposition; RECORDS issue): nothing more
   * is sent to them. The one place a closed record stops its reminders.
   */
  async recordClosed(participantId: string): Promise<void> {
    await this.messages.withdraw({ participantId }, 'record closed');
  }

  // ------------------------------------------------------------------ the reminders themselves

  /** Every reminder still ahead for an ACTIVE enrollment: its upcoming seats, payment, deadline. */
  private async planEnrollment(enrollmentId: string, channel?: Channel): Promise<void> {
    const e = await this.messages.enrollment(enrollmentId);
    if (!e?.active) return;
    const seats = await this.messages.upcomingSeatsOf(enrollmentId, this.clock.now());
    await this.messages.plan(
      [
        ...seats.flatMap((s) => this.seatReminders(s, e.participantId, enrollmentId)),
        ...this.dateReminders(e, e.balanceCents, e.sessionsMissing),
      ],
      channel,
    );
  }

  /** The deadline reminder while sessions are missing; withdrawn once none are. */
  private async deadlineFollows(enrollmentId: string): Promise<void> {
    const e = await this.messages.enrollment(enrollmentId);
    if (!e) return;
    if (!e.sessionsMissing) {
      await this.messages.withdraw(
        { enrollmentId, kinds: ['DEADLINE_REMINDER'] },
        'sessions completed',
      );
    } else if (this.enabled && e.active) {
      await this.messages.plan(this.dateReminders(e, 0, true));
    }
  }

  /** 7 days and 1 day before the session, at its wall-clock time, still ahead and before it. */
  private seatReminders(
    session: SessionFacts,
    participantId: string,
    enrollmentId: string,
  ): PlanItem[] {
    const reminders: [MessageKind, number][] = [
      ['SESSION_REMINDER_7D', 7],
      ['SESSION_REMINDER_1D', 1],
    ];
    return reminders.flatMap(([kind, days]) => {
      const due = this.ahead(shiftChicagoDays(session.startsAt, -days));
      if (!due || due >= session.startsAt) return [];
      return [
        {
          participantId,
          enrollmentId,
          sessionId: session.id,
          cause: `seat:${session.id}:${enrollmentId}`,
          kind,
          dueAt: due,
        },
      ];
    });
  }

  /** Payment 14 days and deadline 30 days before the deadline, when their condition holds. */
  private dateReminders(
    e: { id: string; participantId: string; deadline: string },
    balanceCents: number,
    sessionsMissing: boolean,
  ): PlanItem[] {
    const items: PlanItem[] = [];
    const add = (kind: MessageKind, daysBefore: number) => {
      const due = this.ahead(chicagoInstant(addDays(e.deadline, -daysBefore), DATE_REMINDER_TIME));
      if (due)
        items.push({
          participantId: e.participantId,
          enrollmentId: e.id,
          sessionId: null,
          cause: `${kind === 'PAYMENT_REMINDER' ? 'payment' : 'deadline'}:${e.id}:${e.deadline}`,
          kind,
          dueAt: due,
        });
    };
    if (balanceCents > 0) add('PAYMENT_REMINDER', 14);
    if (sessionsMissing) add('DEADLINE_REMINDER', 30);
    return items;
  }

  /** A reminder's time moved into the sending hours, or undefined when it has passed already. */
  private ahead(due: Date): Date | undefined {
    return due > this.clock.now() ? nextSendingMinute(due, this.hours) : undefined;
  }

  /** Messages due at once (the next sending minute), before the session starts. */
  private async planNow(items: Omit<PlanItem, 'dueAt'>[], startsAt: Date): Promise<void> {
    const now = this.clock.now();
    if (startsAt <= now) return;
    const due = nextSendingMinute(now, this.hours);
    const planned = await this.messages.plan(items.map((i) => ({ ...i, dueAt: due })));
    if (planned > 0 && due <= now) await this.wakeSender();
  }

  /** The sender runs as soon as this transaction commits (one pending run for many requests). */
  async wakeSender(): Promise<void> {
    await this.jobs.add(SEND_DUE_MESSAGES, { jobKey: `${SEND_DUE_MESSAGES}:now` });
  }
}
