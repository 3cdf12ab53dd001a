import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { chicagoDate } from '../common/dates';
import { DomainError, notFound, validationFailed } from '../common/domain-error';
import { isCheckViolation, isExclusionViolation, isUniqueViolation } from '../common/pg-errors';
import { AuthenticatedStaff } from '../common/request-context';
import { EnrollmentSeatDto } from './attendance.dto';
import { ReminderPlanner } from '../reminders/reminder-planner';
import { SeatRepository } from './seat.repository';
import { hasStarted, SeatDto, SessionDto } from './session.dto';
import { SessionRepository } from './session.repository';

@Injectable()
export class SeatsService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly seats: SeatRepository,
    private readonly clock: Clock,
    private readonly reminders: ReminderPlanner,
    private readonly audit: AuditService,
  ) {}

  /**
   * Capacity is enforced by one conditional UPDATE of the counter (the row lock makes concurrent
   * requests on any instance take turns) and uniqueness by session_seats' primary key; either
   * refusal rolls back the whole request, so the counter always equals the seats.
   *
   * Seats are attendance that could have happened (issue 29): INTAKE seats until LATE_ARRIVAL
   * after the start (late arrivals at the door), a SUPERVISOR any time but with a reason once
   * the session started (kept with the seat; the audit event says `afterStart`); never in a
   * session that ended before the enrollment's enrolledOn; never at the same time as another
   * seat of the enrollment — the last two held by the database as well (a trigger and the
   * exclusion constraint session_seats_no_overlap, which concurrent requests on other instances
   * cannot get around).
   */
  async seat(
    sessionId: string,
    enrollmentId: string,
    actor: AuthenticatedStaff,
    reason?: string,
  ): Promise<SeatDto> {
    const session = await this.sessions.get(sessionId);
    const enrollment = await this.seats.candidate(enrollmentId);
    if (!enrollment) throw notFound('Enrollment', enrollmentId);
    if (enrollment.status !== 'ACTIVE') {
      throw new DomainError(
        'ENROLLMENT_NOT_ACTIVE',
        `Enrollment ${enrollmentId} is ${enrollment.status}; only ACTIVE enrollments take seats.`,
        [{ field: 'enrollmentId', message: `enrollment is ${enrollment.status}` }],
      );
    }
    if (enrollment.programCode !== session.programCode) {
      throw new DomainError(
        'PROGRAM_MISMATCH',
        `Enrollment ${enrollmentId} is in ${enrollment.programCode}; the session is for ${session.programCode}.`,
        [{ field: 'enrollmentId', message: `enrollment is in ${enrollment.programCode}` }],
      );
    }
    if (session.cancelledAt) throw cancelled(sessionId);
    const afterStart = this.assertMaySeatNow(session, actor, reason);
    if (chicagoDate(new Date(session.endsAt)) < enrollment.enrolledOn) {
      throw beforeEnrollment(sessionId, enrollment.enrolledOn);
    }
    if (await this.seats.isSeated(sessionId, enrollmentId)) throw alreadySeated(enrollmentId);
    const other = await this.seats.overlapping(enrollmentId, session.startsAt, session.endsAt);
    if (other) throw overlaps(sessionId, other);

    const counter = await this.seats.claim(sessionId);
    if (!counter) {
      const now = await this.sessions.get(sessionId);
      if (now.cancelledAt) throw cancelled(sessionId);
      throw new DomainError(
        'SESSION_FULL',
        `Session ${sessionId} is full (${now.capacity} seats).`,
        undefined,
        { capacity: now.capacity },
      );
    }
    try {
      const seatedAt = await this.seats.insert(sessionId, enrollmentId, actor.id, reason ?? null);
      this.audit.detail({ enrollmentId, ...(afterStart ? { afterStart: true } : {}) });
      await this.reminders.seatTaken(sessionId, enrollmentId);
      return {
        sessionId,
        enrollmentId,
        seatedAt,
        seatedBy: actor.id,
        seatsTaken: counter.seatsTaken,
        capacity: counter.capacity,
      };
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadySeated(enrollmentId);
      // A seat of the same enrollment committed on another instance meanwhile.
      if (isExclusionViolation(err, 'session_seats_no_overlap')) throw overlaps(sessionId);
      if (isCheckViolation(err, 'session_seats_not_before_enrollment'))
        throw beforeEnrollment(sessionId, enrollment.enrolledOn);
      throw err;
    }
  }

  /**
   * Whether the seat comes after the start; refuses it when the caller may not add it now.
   * INTAKE may for LATE_ARRIVAL_MS after the start (no reason needed), a SUPERVISOR at any time
   * but with a reason once the session started.
   */
  private assertMaySeatNow(
    session: SessionDto,
    actor: AuthenticatedStaff,
    reason: string | undefined,
  ): boolean {
    const now = this.clock.now();
    if (!hasStarted(session, now)) return false;
    const atTheDoor = now.getTime() <= Date.parse(session.startsAt) + LATE_ARRIVAL_MS;
    if (atTheDoor && actor.roles.includes('INTAKE')) return true;
    if (actor.roles.includes('SUPERVISOR')) {
      if (!reason) {
        throw validationFailed(
          'reason',
          'is required: the session has started, so a seat added now needs the reason',
        );
      }
      return true;
    }
    throw new DomainError(
      'SESSION_STARTED',
      `Session ${session.id} started at ${session.startsAt}; INTAKE may add a late arrival for ` +
        `${LATE_ARRIVAL_MS / 60_000} minutes after the start, after that a SUPERVISOR, with a reason.`,
    );
  }

  async ofEnrollment(enrollmentId: string): Promise<EnrollmentSeatDto[]> {
    if (!(await this.seats.enrollmentExists(enrollmentId)))
      throw notFound('Enrollment', enrollmentId);
    return this.seats.ofEnrollment(enrollmentId);
  }

  /** Only before the session starts: afterwards the seat is part of the attendance record. */
  async unseat(sessionId: string, enrollmentId: string): Promise<void> {
    const session = await this.sessions.lock(sessionId);
    if (hasStarted(session, this.clock.now())) {
      throw new DomainError(
        'SESSION_STARTED',
        `Session ${sessionId} started at ${session.startsAt}; its seats can no longer be released.`,
      );
    }
    if (!(await this.seats.release(sessionId, enrollmentId)))
      throw notFound(`Seat of enrollment ${enrollmentId} in session`, sessionId);
    await this.reminders.seatRemoved(sessionId, enrollmentId);
  }
}

/** How long after the start INTAKE may still seat a late arrival at the door. */
const LATE_ARRIVAL_MS = 15 * 60_000;

const beforeEnrollment = (sessionId: string, enrolledOn: string) =>
  new DomainError(
    'SEAT_BEFORE_ENROLLMENT',
    `Session ${sessionId} ended before the enrollment began (${enrolledOn}).`,
    [{ field: 'enrollmentId', message: `the enrollment began on ${enrolledOn}` }],
  );

const overlaps = (sessionId: string, otherSessionId?: string) =>
  new DomainError(
    'SEAT_OVERLAPS',
    otherSessionId
      ? `The enrollment already has a seat in session ${otherSessionId}, which overlaps session ${sessionId} in time.`
      : `The enrollment already has a seat in a session that overlaps session ${sessionId} in time.`,
    [{ field: 'enrollmentId', message: 'already seated in a session at that time' }],
    otherSessionId ? { overlapsSessionId: otherSessionId } : undefined,
  );

const cancelled = (sessionId: string) =>
  new DomainError('SESSION_CANCELLED', `Session ${sessionId} is cancelled.`);

const alreadySeated = (enrollmentId: string) =>
  new DomainError(
    'ALREADY_SEATED',
    `Enrollment ${enrollmentId} already has a seat in this session.`,
    [{ field: 'enrollmentId', message: 'already seated in this session' }],
  );
