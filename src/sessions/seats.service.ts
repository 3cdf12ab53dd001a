import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/domain-error';
import { isUniqueViolation } from '../common/pg-errors';
import { one, TransactionHost } from '../common/transactions';
import { EnrollmentSeatDto } from './attendance.dto';
import { SeatDto } from './session.dto';
import { SessionRepository } from './session.repository';

@Injectable()
export class SeatsService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly txHost: TransactionHost,
  ) {}

  private get tx() {
    return this.txHost;
  }

  /**
   * Capacity is enforced by one conditional UPDATE of the counter (the row lock makes concurrent
   * requests on any instance take turns) and uniqueness by session_seats' primary key; either
   * refusal rolls back the whole request, so the counter always equals the seats.
   */
  async seat(sessionId: string, enrollmentId: string, staffId: string): Promise<SeatDto> {
    const session = await this.sessions.get(sessionId);
    // FOR SHARE: a concurrent completion or termination of the enrollment waits for this seat.
    const enrollment = await one<{ status: string; program_code: string }>(
      this.tx,
      `SELECT status, program_code FROM enrollments WHERE id = $1 FOR SHARE`,
      [enrollmentId],
    );
    if (!enrollment) throw notFound('Enrollment', enrollmentId);
    if (enrollment.status !== 'ACTIVE') {
      throw new DomainError(
        'ENROLLMENT_NOT_ACTIVE',
        `Enrollment ${enrollmentId} is ${enrollment.status}; only ACTIVE enrollments take seats.`,
        [{ field: 'enrollmentId', message: `enrollment is ${enrollment.status}` }],
      );
    }
    if (enrollment.program_code !== session.program_code) {
      throw new DomainError(
        'PROGRAM_MISMATCH',
        `Enrollment ${enrollmentId} is in ${enrollment.program_code}; the session is for ${session.program_code}.`,
        [{ field: 'enrollmentId', message: `enrollment is in ${enrollment.program_code}` }],
      );
    }
    if (session.cancelled_at) throw cancelled(sessionId);
    const already = await one(
      this.tx,
      `SELECT 1 FROM session_seats WHERE session_id = $1 AND enrollment_id = $2`,
      [sessionId, enrollmentId],
    );
    if (already) throw alreadySeated(enrollmentId);

    const counter = await one<{ seats_taken: number; capacity: number }>(
      this.tx,
      `UPDATE class_sessions SET seats_taken = seats_taken + 1
        WHERE id = $1 AND seats_taken < capacity AND cancelled_at IS NULL
        RETURNING seats_taken, capacity`,
      [sessionId],
    );
    if (!counter) {
      const now = await this.sessions.get(sessionId);
      if (now.cancelled_at) throw cancelled(sessionId);
      throw new DomainError(
        'SESSION_FULL',
        `Session ${sessionId} is full (${now.capacity} seats).`,
        undefined,
        { capacity: now.capacity },
      );
    }
    try {
      const seat = await one<{ seated_at: Date }>(
        this.tx,
        `INSERT INTO session_seats (session_id, enrollment_id, seated_by) VALUES ($1, $2, $3)
         RETURNING seated_at`,
        [sessionId, enrollmentId, staffId],
      );
      return {
        sessionId,
        enrollmentId,
        seatedAt: seat!.seated_at.toISOString(),
        seatedBy: staffId,
        seatsTaken: counter.seats_taken,
        capacity: counter.capacity,
      };
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadySeated(enrollmentId);
      throw err;
    }
  }

  async ofEnrollment(enrollmentId: string): Promise<EnrollmentSeatDto[]> {
    if (!(await this.sessions.enrollmentExists(enrollmentId)))
      throw notFound('Enrollment', enrollmentId);
    return this.sessions.seatsOf(enrollmentId);
  }

  /** Only before the session starts: afterwards the seat is part of the attendance record. */
  async unseat(sessionId: string, enrollmentId: string): Promise<void> {
    const session = await this.sessions.lock(sessionId);
    if (session.started) {
      throw new DomainError(
        'SESSION_STARTED',
        `Session ${sessionId} started at ${session.starts_at.toISOString()}; its seats can no longer be released.`,
      );
    }
    const released = await one(
      this.tx,
      `WITH released AS (
         DELETE FROM session_seats WHERE session_id = $1 AND enrollment_id = $2 RETURNING 1
       )
       UPDATE class_sessions SET seats_taken = seats_taken - 1
        WHERE id = $1 AND EXISTS (SELECT 1 FROM released)
       RETURNING seats_taken`,
      [sessionId, enrollmentId],
    );
    if (!released) throw notFound(`Seat of enrollment ${enrollmentId} in session`, sessionId);
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
