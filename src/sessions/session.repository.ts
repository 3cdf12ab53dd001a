import { Injectable } from '@nestjs/common';
import { notFound } from '../common/domain-error';
import { one, rows, TransactionHost, Tx } from '../common/transactions';
import { EnrollmentSeatDto } from './attendance.dto';
import { isCalendarDate } from '../common/dates';
import { countFromDb } from '../common/money';
import { SESSION_COLUMNS, SessionQuery, SessionRow, WITHOUT_ATTENDANCE } from './session.dto';

export type SessionFilter = Pick<
  SessionQuery,
  'programCode' | 'from' | 'to' | 'on' | 'facilitatorId' | 'cancelled' | 'withoutAttendance'
>;

/** The WHERE clause of a session list; values only ever travel as parameters. */
function filterOf(f: SessionFilter): { clause: string; params: unknown[] } {
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
  if (f.withoutAttendance)
    where.push(f.withoutAttendance === 'true' ? WITHOUT_ATTENDANCE : `NOT ${WITHOUT_ATTENDANCE}`);
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Reads of class_sessions shared by the session, seat and attendance use cases. */
@Injectable()
export class SessionRepository {
  constructor(private readonly txHost: TransactionHost) {}

  get tx(): Tx {
    return this.txHost;
  }

  async get(id: string): Promise<SessionRow> {
    const row = await one<SessionRow>(
      this.tx,
      `SELECT ${SESSION_COLUMNS} FROM class_sessions WHERE id = $1`,
      [id],
    );
    if (!row) throw notFound('Session', id);
    return row;
  }

  /** Locks the session row: seat changes, cancellation and roster submissions take turns. */
  async lock(id: string): Promise<SessionRow> {
    const row = await one<SessionRow>(
      this.tx,
      `SELECT ${SESSION_COLUMNS} FROM class_sessions WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw notFound('Session', id);
    return row;
  }

  /** Sessions by start time, and how many match. */
  async list(f: SessionFilter, limit: number, offset: number): Promise<[SessionRow[], number]> {
    const { clause, params } = filterOf(f);
    const items = await rows<SessionRow>(
      this.tx,
      `SELECT ${SESSION_COLUMNS} FROM class_sessions ${clause}
        ORDER BY starts_at, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return [items, await this.count(f)];
  }

  async count(f: SessionFilter): Promise<number> {
    const { clause, params } = filterOf(f);
    const total = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM class_sessions ${clause}`,
      params,
    );
    return countFromDb(total?.n);
  }

  async enrollmentExists(enrollmentId: string): Promise<boolean> {
    return (
      (await one(this.tx, `SELECT 1 FROM enrollments WHERE id = $1`, [enrollmentId])) !== undefined
    );
  }

  /** The sessions an enrollment is seated in, by start time, with its attendance in each. */
  async seatsOf(enrollmentId: string): Promise<EnrollmentSeatDto[]> {
    const list = await rows<{
      id: string;
      program_code: string;
      starts_at: Date;
      ends_at: Date;
      location: string;
      cancelled: boolean;
      status: string | null;
    }>(
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
    return list.map((r) => ({
      id: r.id,
      programCode: r.program_code,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      location: r.location,
      cancelled: r.cancelled,
      attendanceStatus: r.status,
    }));
  }
}
