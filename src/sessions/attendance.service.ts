import { Injectable } from '@nestjs/common';
import { DomainError, FieldError } from '../common/domain-error';
import { AuthenticatedStaff } from '../common/request-context';
import { countFromDb } from '../common/money';
import { Page, pageOf, PageQuery } from '../common/pagination';
import { duplicateRows } from './attendance-rows';
import { one, rows, TransactionHost } from '../common/transactions';
import {
  AttendanceRevisionDto,
  RosterDto,
  RosterRowDto,
  SubmitAttendanceDto,
} from './attendance.dto';
import { sessionDto } from './session.dto';
import type { SessionRow } from './session.repository';
import { SessionRepository } from './session.repository';

@Injectable()
export class AttendanceService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly txHost: TransactionHost,
  ) {}

  private get tx() {
    return this.txHost;
  }

  async roster(sessionId: string, actor: AuthenticatedStaff): Promise<RosterDto> {
    const session = await this.sessions.get(sessionId);
    assertAssigned(session, actor, ['INTAKE', 'SUPERVISOR']);
    return this.rosterOf(session);
  }

  private async rosterOf(session: SessionRow): Promise<RosterDto> {
    const list = await rows<{
      enrollment_id: string;
      participant_id: string;
      first_name: string;
      last_name: string;
      date_of_birth: string;
      status: string | null;
      note: string | null;
    }>(
      this.tx,
      `SELECT s.enrollment_id, e.participant_id, p.first_name, p.last_name,
              p.date_of_birth::text AS date_of_birth, a.status, a.note
         FROM session_seats s
         JOIN enrollments e ON e.id = s.enrollment_id
         JOIN participants p ON p.id = e.participant_id
         LEFT JOIN attendance_records a
           ON a.session_id = s.session_id AND a.enrollment_id = s.enrollment_id
        WHERE s.session_id = $1
        ORDER BY lower(p.last_name), lower(p.first_name), s.enrollment_id`,
      [session.id],
    );
    return {
      session: sessionDto(session),
      rows: list.map((r): RosterRowDto => ({
        enrollmentId: r.enrollment_id,
        participantId: r.participant_id,
        firstName: r.first_name,
        lastName: r.last_name,
        participantName: `${r.first_name} ${r.last_name}`,
        dateOfBirth: r.date_of_birth,
        status: r.status,
        note: r.note,
      })),
    };
  }

  /**
   * All-or-nothing and idempotent. The session row lock makes concurrent submissions take
   * turns; one statement upserts every row and writes a revision only where the status or note
   * actually changed (the first record of a seat is a revision from nothing).
   */
  async submit(
    sessionId: string,
    dto: SubmitAttendanceDto,
    actor: AuthenticatedStaff,
  ): Promise<RosterDto> {
    const staffId = actor.id;
    const records = dto.records;
    const duplicates = duplicateRows(records.map((r) => r.enrollmentId.toLowerCase()));
    if (duplicates.length) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `Each enrollment may appear once: ${duplicates.map((d) => d.field).join(', ')}.`,
        duplicates,
      );
    }
    const session = await this.sessions.lock(sessionId);
    assertAssigned(session, actor, ['SUPERVISOR']);
    if (session.cancelled_at) {
      throw new DomainError('SESSION_CANCELLED', `Session ${sessionId} is cancelled.`);
    }
    if (!session.started) {
      throw new DomainError(
        'SESSION_NOT_STARTED',
        `Session ${sessionId} starts at ${session.starts_at.toISOString()}; attendance is taken once it has started.`,
      );
    }
    const ids = records.map((r) => r.enrollmentId.toLowerCase());
    const seated = new Set(
      (
        await rows<{ enrollment_id: string }>(
          this.tx,
          `SELECT enrollment_id FROM session_seats
            WHERE session_id = $1 AND enrollment_id = ANY($2::uuid[])`,
          [sessionId, ids],
        )
      ).map((r) => r.enrollment_id),
    );
    const unseated: FieldError[] = [];
    ids.forEach((id, i) => {
      if (!seated.has(id)) {
        unseated.push({
          field: `records[${i}].enrollmentId`,
          message: `enrollment ${id} has no seat in this session`,
        });
      }
    });
    if (unseated.length) {
      throw new DomainError(
        'NOT_SEATED',
        `${unseated.length} row(s) name enrollments without a seat in session ${sessionId}: ${unseated
          .map((u) => u.field)
          .join(', ')}. Nothing was recorded.`,
        unseated,
      );
    }
    // One statement; data-modifying CTEs run to completion whether or not the last SELECT reads them.
    await rows(
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
       ),
       revised AS (
         INSERT INTO attendance_revisions (session_id, enrollment_id, previous_status, previous_note,
             new_status, new_note, changed_by)
         SELECT $1, w.enrollment_id, p.status, p.note, w.status, w.note, $5
           FROM written w LEFT JOIN previous p USING (enrollment_id)
         RETURNING 1
       )
       SELECT 1 FROM revised LIMIT 0`,
      [sessionId, ids, records.map((r) => r.status), records.map((r) => r.note ?? null), staffId],
    );
    return this.rosterOf(session);
  }

  async history(sessionId: string, q: PageQuery): Promise<Page<AttendanceRevisionDto>> {
    await this.sessions.get(sessionId);
    const total = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM attendance_revisions WHERE session_id = $1`,
      [sessionId],
    );
    const list = await rows<{
      id: string;
      enrollment_id: string;
      previous_status: string | null;
      previous_note: string | null;
      new_status: string;
      new_note: string | null;
      changed_at: Date;
      changed_by: string;
      display_name: string;
    }>(
      this.tx,
      `SELECT r.id, r.enrollment_id, r.previous_status, r.previous_note, r.new_status, r.new_note,
              r.changed_at, r.changed_by, st.display_name
         FROM attendance_revisions r JOIN staff st ON st.id = r.changed_by
        WHERE r.session_id = $1
        ORDER BY r.changed_at, r.id
        LIMIT $2 OFFSET $3`,
      [sessionId, q.limit, q.offset],
    );
    return pageOf(
      list.map((r) => ({
        id: r.id,
        enrollmentId: r.enrollment_id,
        previousStatus: r.previous_status,
        previousNote: r.previous_note,
        newStatus: r.new_status,
        newNote: r.new_note,
        changedAt: r.changed_at.toISOString(),
        changedById: r.changed_by,
        changedByName: r.display_name,
      })),
      countFromDb(total?.n),
      q,
    );
  }
}

/**
 * A FACILITATOR reads and records only the sessions assigned to them; `unrestricted` roles
 * (those the route is also open to) see every session.
 */
function assertAssigned(session: SessionRow, actor: AuthenticatedStaff, unrestricted: string[]) {
  if (actor.roles.some((r) => unrestricted.includes(r))) return;
  if (session.facilitator_id !== actor.id) {
    throw new DomainError(
      'FORBIDDEN',
      `Session ${session.id} is not assigned to you; a SUPERVISOR can reassign it.`,
    );
  }
}
