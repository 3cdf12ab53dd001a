import { Injectable } from '@nestjs/common';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { EnrollmentSeatDto } from './attendance.dto';

/** An enrollment as seating sees it. */
export interface SeatCandidate {
  status: string;
  programCode: string;
  enrolledOn: string;
}

/** The session's counter after a seat was taken. */
export interface SeatCount {
  seatsTaken: number;
  capacity: number;
}

interface EnrollmentSeatRow {
  id: string;
  program_code: string;
  starts_at: Date;
  ends_at: Date;
  location: string;
  cancelled: boolean;
  status: string | null;
}

const toEnrollmentSeatDto = (r: EnrollmentSeatRow): EnrollmentSeatDto => ({
  id: r.id,
  programCode: r.program_code,
  startsAt: r.starts_at.toISOString(),
  endsAt: r.ends_at.toISOString(),
  location: r.location,
  cancelled: r.cancelled,
  attendanceStatus: r.status,
});

/** The SQL of `session_seats` and of the seat counter on `class_sessions` that mirrors it. */
@Injectable()
export class SeatRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /**
   * The enrollment to seat, read FOR SHARE: a concurrent completion or termination of the
   * enrollment waits for this seat.
   */
  async candidate(enrollmentId: string): Promise<SeatCandidate | undefined> {
    const row = await one<{ status: string; program_code: string; enrolled_on: string }>(
      this.tx,
      `SELECT status, program_code, enrolled_on::text AS enrolled_on
         FROM enrollments WHERE id = $1 FOR SHARE`,
      [enrollmentId],
    );
    return (
      row && { status: row.status, programCode: row.program_code, enrolledOn: row.enrolled_on }
    );
  }

  /**
   * A session the enrollment is seated in whose time overlaps [startsAt, endsAt) (the seats of
   * cancelled sessions were released). The exclusion constraint decides for concurrent seats.
   */
  async overlapping(
    enrollmentId: string,
    startsAt: string,
    endsAt: string,
  ): Promise<string | undefined> {
    const row = await one<{ session_id: string }>(
      this.tx,
      `SELECT session_id FROM session_seats
        WHERE enrollment_id = $1 AND during && tstzrange($2::timestamptz, $3::timestamptz)
        ORDER BY lower(during) LIMIT 1`,
      [enrollmentId, startsAt, endsAt],
    );
    return row?.session_id;
  }

  async isSeated(sessionId: string, enrollmentId: string): Promise<boolean> {
    const row = await one(
      this.tx,
      `SELECT 1 FROM session_seats WHERE session_id = $1 AND enrollment_id = $2`,
      [sessionId, enrollmentId],
    );
    return row !== undefined;
  }

  /** Which of these enrollments have a seat in the session. */
  async seatedAmong(sessionId: string, enrollmentIds: string[]): Promise<Set<string>> {
    const list = await rows<{ enrollment_id: string }>(
      this.tx,
      `SELECT enrollment_id FROM session_seats
        WHERE session_id = $1 AND enrollment_id = ANY($2::uuid[])`,
      [sessionId, enrollmentIds],
    );
    return new Set(list.map((r) => r.enrollment_id));
  }

  /**
   * Takes one seat off the counter if the session has one left and is not cancelled; undefined
   * otherwise. The conditional UPDATE's row lock makes concurrent requests take turns.
   */
  async claim(sessionId: string): Promise<SeatCount | undefined> {
    const row = await one<{ seats_taken: number; capacity: number }>(
      this.tx,
      `UPDATE class_sessions SET seats_taken = seats_taken + 1
        WHERE id = $1 AND seats_taken < capacity AND cancelled_at IS NULL
        RETURNING seats_taken, capacity`,
      [sessionId],
    );
    return row && { seatsTaken: row.seats_taken, capacity: row.capacity };
  }

  /**
   * The seat itself (after claim); session_seats' primary key refuses a second one, its
   * exclusion constraint one at the same time, its trigger one before the enrollment.
   */
  async insert(
    sessionId: string,
    enrollmentId: string,
    seatedBy: string,
    lateReason: string | null,
  ): Promise<string> {
    const row = await one<{ seated_at: Date }>(
      this.tx,
      `INSERT INTO session_seats (session_id, enrollment_id, seated_by, late_reason)
       VALUES ($1, $2, $3, $4)
       RETURNING seated_at`,
      [sessionId, enrollmentId, seatedBy, lateReason],
    );
    return row!.seated_at.toISOString();
  }

  /** Releases the seat and gives it back to the counter; false when there was none. */
  async release(sessionId: string, enrollmentId: string): Promise<boolean> {
    const row = await one(
      this.tx,
      `WITH released AS (
         DELETE FROM session_seats WHERE session_id = $1 AND enrollment_id = $2 RETURNING 1
       )
       UPDATE class_sessions SET seats_taken = seats_taken - 1
        WHERE id = $1 AND EXISTS (SELECT 1 FROM released)
       RETURNING 1`,
      [sessionId, enrollmentId],
    );
    return row !== undefined;
  }

  async enrollmentExists(enrollmentId: string): Promise<boolean> {
    const row = await one(this.tx, `SELECT 1 FROM enrollments WHERE id = $1`, [enrollmentId]);
    return row !== undefined;
  }

  /** The sessions an enrollment is seated in, by start time, with its attendance in each. */
  async ofEnrollment(enrollmentId: string): Promise<EnrollmentSeatDto[]> {
    const list = await rows<EnrollmentSeatRow>(
      this.tx,
      `SELECT cs.id, cs.program_code, cs.starts_at, cs.ends_at, cs.location,
              cs.cancelled_at IS NOT NULL AS cancelled, a.status
         FROM session_seats s
         JOIN class_sessions cs ON cs.id = s.session_id
         LEFT JOIN attendance_records a
           ON a.session_id = s.session_id AND a.enrollment_id = s.enrollment_id
        WHERE s.enrollment_id = $1
        ORDER BY cs.starts_at, cs.id`,
      [enrollmentId],
    );
    return list.map(toEnrollmentSeatDto);
  }
}
