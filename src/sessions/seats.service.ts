import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { isUniqueViolation } from '../common/pg-errors';
import { EnrollmentSeatDto } from './attendance.dto';
import { ReminderPlanner } from '../reminders/reminder-planner';
import { SeatRepository } from './seat.repository';
import { hasStarted, SeatDto } from './session.dto';
import { SessionRepository } from './session.repository';

@Injectable()
export class SeatsService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly seats: SeatRepository,
    private readonly clock: Clock,
    private readonly reminders: ReminderPlanner,
  ) {}

  /**
   * Capacity is enforced by one conditional UPDATE of the counter (the row lock makes concurrent
   * requests on any instance take turns) and uniqueness by session_seats' primary key; either
   * refusal rolls back the whole request, so the counter always equals the seats.
   */
  async seat(sessionId: string, enrollmentId: string, staffId: string): Promise<SeatDto> {
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
    if (await this.seats.isSeated(sessionId, enrollmentId)) throw alreadySeated(enrollmentId);

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
      const seatedAt = await this.seats.insert(sessionId, enrollmentId, staffId);
      await this.reminders.seatTaken(sessionId, enrollmentId);
      return {
        sessionId,
        enrollmentId,
        seatedAt,
        seatedBy: staffId,
        seatsTaken: counter.seatsTaken,
        capacity: counter.capacity,
      };
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadySeated(enrollmentId);
      throw err;
    }
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

const cancelled = (sessionId: string) =>
  new DomainError('SESSION_CANCELLED', `Session ${sessionId} is cancelled.`);

const alreadySeated = (enrollmentId: string) =>
  new DomainError(
    'ALREADY_SEATED',
    `Enrollment ${enrollmentId} already has a seat in this session.`,
    [{ field: 'enrollmentId', message: 'already seated in this session' }],
  );
