import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { isCalendarDate } from '../common/dates';
import { notFound } from '../common/domain-error';
import { countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { SessionDto, SessionQuery } from './session.dto';

/** A class_sessions row as selected by SESSION_COLUMNS. */
interface SessionRow {
  id: string;
  program_code: string;
  starts_at: Date;
  ends_at: Date;
  location: string;
  capacity: number;
  seats_taken: number;
  facilitator_id: string | null;
  facilitator_name: string | null;
  topic: string | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  created_at: Date;
  attendance_recorded_at: Date | null;
  attendance_recorded_count: number;
}

const SESSION_COLUMNS = `id, program_code, starts_at, ends_at, location, capacity, seats_taken,
  facilitator_id,
  (SELECT st.display_name FROM staff st WHERE st.id = class_sessions.facilitator_id)
    AS facilitator_name,
  topic, cancelled_at, cancel_reason, created_at,
  (SELECT max(ar.recorded_at) FROM attendance_records ar WHERE ar.session_id = class_sessions.id)
    AS attendance_recorded_at,
  (SELECT count(*)::int FROM attendance_records ar WHERE ar.session_id = class_sessions.id)
    AS attendance_recorded_count`;

const toSessionDto = (r: SessionRow): SessionDto => ({
  id: r.id,
  programCode: r.program_code,
  startsAt: r.starts_at.toISOString(),
  endsAt: r.ends_at.toISOString(),
  location: r.location,
  capacity: r.capacity,
  seatsTaken: r.seats_taken,
  seatsAvailable: r.capacity - r.seats_taken,
  facilitatorId: r.facilitator_id,
  facilitatorName: r.facilitator_name,
  topic: r.topic,
  cancelledAt: r.cancelled_at ? r.cancelled_at.toISOString() : null,
  cancelReason: r.cancel_reason,
  createdAt: r.created_at.toISOString(),
  attendanceTaken: r.attendance_recorded_count > 0,
  attendanceRecordedAt: r.attendance_recorded_at ? r.attendance_recorded_at.toISOString() : null,
  attendanceRecordedCount: r.attendance_recorded_count,
});

/**
 * A session (`class_sessions`) that ended by `now`, was not cancelled, had seats and has no
 * attendance recorded: the supervisor's "sessions with no attendance recorded".
 */
const withoutAttendance = (now: string) => `(class_sessions.cancelled_at IS NULL
  AND class_sessions.ends_at <= ${now}::timestamptz AND class_sessions.seats_taken > 0
  AND NOT EXISTS (SELECT 1 FROM attendance_records ar WHERE ar.session_id = class_sessions.id))`;

export type SessionFilter = Pick<
  SessionQuery,
  | 'programCode'
  | 'from'
  | 'to'
  | 'on'
  | 'facilitatorId'
  | 'cancelled'
  | 'withoutAttendance'
  | 'upcoming'
  | 'hasFreeSeats'
  | 'excludeEnrollmentId'
>;

/** A session offering a seat: not cancelled and below capacity. */
const FREE_SEATS = '(cancelled_at IS NULL AND seats_taken < capacity)';

/** The WHERE clause of a session list as of `now`; values only ever travel as parameters. */
function filterOf(f: SessionFilter, now: Date): { clause: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (f.programCode) where.push(`program_code = ${add(f.programCode)}`);
  // A day means its start in the program's time zone (the connection's TimeZone).
  if (f.from) {
    where.push(
      isCalendarDate(f.from)
        ? `starts_at >= ${add(f.from)}::date::timestamptz`
        : `starts_at >= ${add(f.from)}::timestamptz`,
    );
  }
  if (f.to) {
    where.push(
      isCalendarDate(f.to)
        ? `starts_at < (${add(f.to)}::date + 1)::timestamptz`
        : `starts_at <= ${add(f.to)}::timestamptz`,
    );
  }
  if (f.on) {
    const day = add(f.on);
    where.push(
      `starts_at >= ${day}::date::timestamptz AND starts_at < (${day}::date + 1)::timestamptz`,
    );
  }
  if (f.facilitatorId) where.push(`facilitator_id = ${add(f.facilitatorId)}`);
  if (f.cancelled)
    where.push(f.cancelled === 'true' ? 'cancelled_at IS NOT NULL' : 'cancelled_at IS NULL');
  if (f.withoutAttendance) {
    const clause = withoutAttendance(add(now));
    where.push(f.withoutAttendance === 'true' ? clause : `NOT ${clause}`);
  }
  if (f.upcoming) {
    where.push(`starts_at ${f.upcoming === 'true' ? '>' : '<='} ${add(now)}::timestamptz`);
  }
  if (f.hasFreeSeats) where.push(f.hasFreeSeats === 'true' ? FREE_SEATS : `NOT ${FREE_SEATS}`);
  if (f.excludeEnrollmentId) {
    where.push(`NOT EXISTS (SELECT 1 FROM session_seats ss
                 WHERE ss.session_id = class_sessions.id
                   AND ss.enrollment_id = ${add(f.excludeEnrollmentId.toLowerCase())})`);
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** The SQL of `class_sessions`: scheduling, reassignment, cancellation and the session lists. */
@Injectable()
export class SessionRepository {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly clock: Clock,
  ) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /** A new session; undefined when the program code is unknown. */
  async insert(v: {
    programCode: string;
    startsAt: string;
    endsAt: string;
    location: string;
    capacity: number;
    facilitatorId: string | null;
    topic: string | null;
    createdBy: string;
  }): Promise<SessionDto | undefined> {
    const row = await one<SessionRow>(
      this.tx,
      `INSERT INTO class_sessions (program_id, program_code, starts_at, ends_at, location, capacity,
          facilitator_id, topic, created_by)
       SELECT p.id, p.code, $2::timestamptz, $3::timestamptz, $4, $5, $6, $7, $8
         FROM programs p WHERE p.code = $1
       RETURNING ${SESSION_COLUMNS}`,
      [
        v.programCode,
        v.startsAt,
        v.endsAt,
        v.location,
        v.capacity,
        v.facilitatorId,
        v.topic,
        v.createdBy,
      ],
    );
    return row && toSessionDto(row);
  }

  /** Whether a staff member may facilitate (read under FOR SHARE: no deactivation meanwhile). */
  facilitatorStatus(staffId: string): Promise<{ active: boolean; roles: string[] } | undefined> {
    return one<{ active: boolean; roles: string[] }>(
      this.tx,
      `SELECT active, roles FROM staff WHERE id = $1 FOR SHARE`,
      [staffId],
    );
  }

  /**
   * The program's shortest session, in minutes (undefined: no such program), read FOR SHARE so
   * that an ADMIN's change waits for the session being written with the old one.
   */
  async minSessionMinutes(programCode: string): Promise<number | undefined> {
    const row = await one<{ min_session_minutes: number }>(
      this.tx,
      `SELECT min_session_minutes FROM programs WHERE code = $1 FOR SHARE`,
      [programCode],
    );
    return row?.min_session_minutes;
  }

  /** New times; the database moves the seats with them (and refuses an overlap it would make). */
  async reschedule(id: string, startsAt: string, endsAt: string): Promise<SessionDto> {
    const row = await one<SessionRow>(
      this.tx,
      `UPDATE class_sessions SET starts_at = $2::timestamptz, ends_at = $3::timestamptz
        WHERE id = $1 RETURNING ${SESSION_COLUMNS}`,
      [id, startsAt, endsAt],
    );
    return toSessionDto(row!);
  }

  async setFacilitator(id: string, facilitatorId: string | null): Promise<SessionDto> {
    const row = await one<SessionRow>(
      this.tx,
      `UPDATE class_sessions SET facilitator_id = $2 WHERE id = $1 RETURNING ${SESSION_COLUMNS}`,
      [id, facilitatorId],
    );
    return toSessionDto(row!);
  }

  /** Cancels the session and releases every seat, in one statement. */
  async cancel(id: string, cancelledBy: string, reason: string | null): Promise<SessionDto> {
    const row = await one<SessionRow>(
      this.tx,
      `WITH released AS (
         DELETE FROM session_seats s WHERE s.session_id = $1 RETURNING 1
       )
       UPDATE class_sessions
          SET cancelled_at = now(), cancelled_by = $2, cancel_reason = $3,
              seats_taken = seats_taken - (SELECT count(*) FROM released)
        WHERE id = $1
       RETURNING ${SESSION_COLUMNS}`,
      [id, cancelledBy, reason],
    );
    return toSessionDto(row!);
  }

  async get(id: string): Promise<SessionDto> {
    const row = await one<SessionRow>(
      this.tx,
      `SELECT ${SESSION_COLUMNS} FROM class_sessions WHERE id = $1`,
      [id],
    );
    if (!row) throw notFound('Session', id);
    return toSessionDto(row);
  }

  /** Locks the session row: seat changes, cancellation and roster submissions take turns. */
  async lock(id: string): Promise<SessionDto> {
    const row = await one<SessionRow>(
      this.tx,
      `SELECT ${SESSION_COLUMNS} FROM class_sessions WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw notFound('Session', id);
    return toSessionDto(row);
  }

  /** Sessions by start time, and how many match. */
  async list(f: SessionFilter, limit: number, offset: number): Promise<[SessionDto[], number]> {
    const now = this.clock.now();
    const { clause, params } = filterOf(f, now);
    const items = await rows<SessionRow>(
      this.tx,
      `SELECT ${SESSION_COLUMNS} FROM class_sessions ${clause}
        ORDER BY starts_at, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return [items.map(toSessionDto), await this.countAsOf(f, now)];
  }

  /** How many sessions match, as the list with the same filter counts them. */
  count(f: SessionFilter): Promise<number> {
    return this.countAsOf(f, this.clock.now());
  }

  private async countAsOf(f: SessionFilter, now: Date): Promise<number> {
    const { clause, params } = filterOf(f, now);
    const total = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM class_sessions ${clause}`,
      params,
    );
    return countFromDb(total?.n);
  }
}
