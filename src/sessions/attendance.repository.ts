import { Injectable } from '@nestjs/common';
import { countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { recordOpen } from '../records/record-sight';
import {
  AttendanceRevisionDto,
  AttendanceSavedDto,
  AttendanceStatus,
  RosterRowDto,
} from './attendance.dto';

interface RosterRow {
  enrollment_id: string;
  participant_id: string;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  status: string | null;
  note: string | null;
}

interface RevisionRow {
  id: string;
  enrollment_id: string;
  previous_status: string | null;
  previous_note: string | null;
  new_status: string;
  new_note: string | null;
  changed_at: Date;
  changed_by: string;
  display_name: string;
}

/** One row of a roster submission, its enrollment id already lower-cased. */
export interface AttendanceRecord {
  enrollmentId: string;
  status: AttendanceStatus;
  note: string | null;
}

const toRosterRowDto = (r: RosterRow): RosterRowDto => ({
  enrollmentId: r.enrollment_id,
  participantId: r.participant_id,
  firstName: r.first_name,
  lastName: r.last_name,
  participantName: `${r.first_name} ${r.last_name}`,
  dateOfBirth: r.date_of_birth,
  status: r.status,
  note: r.note,
});

const toRevisionDto = (r: RevisionRow): AttendanceRevisionDto => ({
  id: r.id,
  enrollmentId: r.enrollment_id,
  previousStatus: r.previous_status,
  previousNote: r.previous_note,
  newStatus: r.new_status,
  newNote: r.new_note,
  changedAt: r.changed_at.toISOString(),
  changedById: r.changed_by,
  changedByName: r.display_name,
});

/** The SQL of `attendance_records` and their append-only history, `attendance_revisions`. */
@Injectable()
export class AttendanceRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /** How many seats of the session have attendance recorded. */
  async recordedCount(sessionId: string): Promise<number> {
    const row = await one<{ n: number }>(
      this.tx,
      `SELECT count(*)::int AS n FROM attendance_records WHERE session_id = $1`,
      [sessionId],
    );
    return row?.n ?? 0;
  }

  /**
   * Seated enrollments by last then first name, with their current attendance. Seats of closed
   * records are out of sight (a closed record has no ACTIVE enrollment: its seats are past).
   */
  async roster(sessionId: string): Promise<RosterRowDto[]> {
    const list = await rows<RosterRow>(
      this.tx,
      `SELECT s.enrollment_id, e.participant_id, p.first_name, p.last_name,
              p.date_of_birth::text AS date_of_birth, a.status, a.note
         FROM session_seats s
         JOIN enrollments e ON e.id = s.enrollment_id
         JOIN participants p ON p.id = e.participant_id
         LEFT JOIN attendance_records a
           ON a.session_id = s.session_id AND a.enrollment_id = s.enrollment_id
        WHERE s.session_id = $1 AND ${recordOpen('p')}
        ORDER BY lower(p.last_name), lower(p.first_name), s.enrollment_id`,
      [sessionId],
    );
    return list.map(toRosterRowDto);
  }

  /** When the session's attendance was last changed, by whom, and how many seats have it. */
  async lastSaved(sessionId: string): Promise<AttendanceSavedDto | null> {
    const row = await one<{ at: Date; people: number; by_id: string; by_name: string }>(
      this.tx,
      `SELECT last.recorded_at AS at, n.people, last.recorded_by AS by_id, st.display_name AS by_name
         FROM (SELECT count(*)::int AS people FROM attendance_records WHERE session_id = $1) n
         JOIN LATERAL (SELECT a.recorded_at, a.recorded_by FROM attendance_records a
                        WHERE a.session_id = $1
                        ORDER BY a.recorded_at DESC, a.enrollment_id DESC LIMIT 1) last ON true
         JOIN staff st ON st.id = last.recorded_by`,
      [sessionId],
    );
    return row
      ? { at: row.at.toISOString(), people: row.people, byId: row.by_id, byName: row.by_name }
      : null;
  }

  /**
   * One statement upserts every row and writes a revision only where the status or note
   * actually changed (the first record of a seat is a revision from nothing); a row sent as it
   * is stays untouched. Answers how many rows changed.
   */
  async record(sessionId: string, records: AttendanceRecord[], staffId: string): Promise<number> {
    const changed = await rows<{ id: string }>(
      this.tx,
      `WITH input AS (
         SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[]) AS i(enrollment_id, status, note)
       ),
       previous AS (
         SELECT a.enrollment_id, a.status, a.note
           FROM attendance_records a JOIN input i USING (enrollment_id)
          WHERE a.session_id = $1
       ),
       written AS (
         INSERT INTO attendance_records AS a (session_id, enrollment_id, status, note, recorded_by)
         SELECT $1, enrollment_id, status, note, $5 FROM input
         ON CONFLICT (session_id, enrollment_id) DO UPDATE
            SET status = EXCLUDED.status, note = EXCLUDED.note,
                recorded_at = clock_timestamp(), recorded_by = EXCLUDED.recorded_by
          WHERE a.status IS DISTINCT FROM EXCLUDED.status OR a.note IS DISTINCT FROM EXCLUDED.note
         RETURNING a.enrollment_id, a.status, a.note
       )
       INSERT INTO attendance_revisions (session_id, enrollment_id, previous_status, previous_note,
           new_status, new_note, changed_by)
       SELECT $1, w.enrollment_id, p.status, p.note, w.status, w.note, $5
         FROM written w LEFT JOIN previous p USING (enrollment_id)
       RETURNING id`,
      [
        sessionId,
        records.map((r) => r.enrollmentId),
        records.map((r) => r.status),
        records.map((r) => r.note),
        staffId,
      ],
    );
    return changed.length;
  }

  /** The session's revisions, oldest first, and how many there are. */
  async revisions(
    sessionId: string,
    limit: number,
    offset: number,
  ): Promise<[AttendanceRevisionDto[], number]> {
    const total = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM attendance_revisions WHERE session_id = $1`,
      [sessionId],
    );
    const list = await rows<RevisionRow>(
      this.tx,
      `SELECT r.id, r.enrollment_id, r.previous_status, r.previous_note, r.new_status, r.new_note,
              r.changed_at, r.changed_by, st.display_name
         FROM attendance_revisions r JOIN staff st ON st.id = r.changed_by
        WHERE r.session_id = $1
        ORDER BY r.changed_at, r.id
        LIMIT $2 OFFSET $3`,
      [sessionId, limit, offset],
    );
    return [list.map(toRevisionDto), countFromDb(total?.n)];
  }
}
