import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, FieldError } from '../common/domain-error';
import { Page, pageOf, PageQuery } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { duplicateRows } from './attendance-rows';
import {
  AttendanceRevisionDto,
  AttendanceSubmissionDto,
  RosterDto,
  SubmitAttendanceDto,
} from './attendance.dto';
import { AttendanceRepository } from './attendance.repository';
import { SeatRepository } from './seat.repository';
import { hasStarted, SessionDto } from './session.dto';
import { ReminderPlanner } from '../reminders/reminder-planner';
import { SessionRepository } from './session.repository';

@Injectable()
export class AttendanceService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly seats: SeatRepository,
    private readonly attendance: AttendanceRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly reminders: ReminderPlanner,
  ) {}

  async roster(sessionId: string, actor: AuthenticatedStaff): Promise<RosterDto> {
    const session = await this.sessions.get(sessionId);
    assertAssigned(session, actor, ['INTAKE', 'SUPERVISOR']);
    return this.rosterOf(session);
  }

  private async rosterOf(session: SessionDto): Promise<RosterDto> {
    return {
      session,
      rows: await this.attendance.roster(session.id),
      lastSaved: await this.attendance.lastSaved(session.id),
    };
  }

  /**
   * All-or-nothing and idempotent. The session row lock makes concurrent submissions take
   * turns; the repository writes every changed row and its revision in one statement. A roster
   * sent again as it was saved writes nothing at all: no revision, no audit event.
   */
  async submit(
    sessionId: string,
    dto: SubmitAttendanceDto,
    actor: AuthenticatedStaff,
  ): Promise<AttendanceSubmissionDto> {
    const records = dto.records.map((r) => ({
      enrollmentId: r.enrollmentId.toLowerCase(),
      status: r.status,
      note: r.note ?? null,
    }));
    const duplicates = duplicateRows(records.map((r) => r.enrollmentId));
    if (duplicates.length) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `Each enrollment may appear once: ${duplicates.map((d) => d.field).join(', ')}.`,
        duplicates,
      );
    }
    const session = await this.sessions.lock(sessionId);
    assertAssigned(session, actor, ['SUPERVISOR']);
    if (session.cancelledAt) {
      throw new DomainError('SESSION_CANCELLED', `Session ${sessionId} is cancelled.`);
    }
    if (!hasStarted(session, this.clock.now())) {
      throw new DomainError(
        'SESSION_NOT_STARTED',
        `Session ${sessionId} starts at ${session.startsAt}; attendance is taken once it has started.`,
      );
    }
    const seated = await this.seats.seatedAmong(
      sessionId,
      records.map((r) => r.enrollmentId),
    );
    const unseated: FieldError[] = [];
    records.forEach(({ enrollmentId }, i) => {
      if (!seated.has(enrollmentId)) {
        unseated.push({
          field: `records[${i}].enrollmentId`,
          message: `enrollment ${enrollmentId} has no seat in this session`,
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
    const changed = await this.attendance.record(sessionId, records, actor.id);
    if (changed === 0) this.audit.nothingChanged();
    else await this.reminders.attendanceRecorded(sessionId, records);
    // The session as it is now (its attendance fields follow the rows just written).
    const roster = await this.rosterOf(await this.sessions.get(sessionId));
    return { ...roster, changed, unchanged: changed === 0 };
  }

  async history(sessionId: string, q: PageQuery): Promise<Page<AttendanceRevisionDto>> {
    await this.sessions.get(sessionId);
    const [items, total] = await this.attendance.revisions(sessionId, q.limit, q.offset);
    return pageOf(items, total, q);
  }
}

/**
 * A FACILITATOR reads and records only the sessions assigned to them; `unrestricted` roles
 * (those the route is also open to) see every session.
 */
function assertAssigned(session: SessionDto, actor: AuthenticatedStaff, unrestricted: string[]) {
  if (actor.roles.some((r) => unrestricted.includes(r))) return;
  if (session.facilitatorId !== actor.id) {
    throw new DomainError(
      'FORBIDDEN',
      `Session ${session.id} is not assigned to you; a SUPERVISOR can reassign it.`,
    );
  }
}
