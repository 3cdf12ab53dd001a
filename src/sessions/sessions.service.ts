import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AuthenticatedStaff } from '../common/request-context';
import { DomainError, validationFailed } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import {
  CancelSessionDto,
  CreateSessionDto,
  ReassignSessionDto,
  SessionDto,
  SessionQuery,
} from './session.dto';
import { AttendanceRepository } from './attendance.repository';
import { ReminderPlanner } from '../reminders/reminder-planner';
import { SessionRepository } from './session.repository';

@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly attendance: AttendanceRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly reminders: ReminderPlanner,
  ) {}

  async create(dto: CreateSessionDto, actor: AuthenticatedStaff): Promise<SessionDto> {
    if (Date.parse(dto.endsAt) <= Date.parse(dto.startsAt)) {
      throw validationFailed('endsAt', 'must be after startsAt');
    }
    // A session dated in the past is a record that a class took place: attendance entered
    // against it counts toward completion, so only a SUPERVISOR may create one.
    if (
      Date.parse(dto.startsAt) < this.clock.now().getTime() &&
      !actor.roles.includes('SUPERVISOR')
    ) {
      throw new DomainError(
        'FORBIDDEN',
        'Only a SUPERVISOR may schedule a session that has already started.',
      );
    }
    if (dto.facilitatorId) await this.assertFacilitator(dto.facilitatorId);
    const session = await this.sessions.insert({
      programCode: dto.programCode,
      startsAt: dto.startsAt,
      endsAt: dto.endsAt,
      location: dto.location,
      capacity: dto.capacity,
      facilitatorId: dto.facilitatorId ?? null,
      topic: dto.topic ?? null,
      createdBy: actor.id,
    });
    if (!session) throw validationFailed('programCode', 'is not a known program');
    return session;
  }

  private async assertFacilitator(staffId: string): Promise<void> {
    const staff = await this.sessions.facilitatorStatus(staffId);
    if (!staff || !staff.active || !staff.roles.includes('FACILITATOR')) {
      throw new DomainError(
        'FACILITATOR_NOT_ELIGIBLE',
        `Staff member ${staffId} is not an active facilitator.`,
        [
          {
            field: 'facilitatorId',
            message: 'must be an active staff member with the FACILITATOR role',
          },
        ],
      );
    }
  }

  /** SUPERVISOR: give a session to another facilitator (or none); audited with before → after. */
  async reassign(id: string, dto: ReassignSessionDto): Promise<SessionDto> {
    const session = await this.sessions.lock(id);
    if (session.cancelledAt) {
      throw new DomainError('SESSION_CANCELLED', `Session ${id} is cancelled.`);
    }
    const to = dto.facilitatorId?.toLowerCase() ?? null;
    if (to) await this.assertFacilitator(to);
    this.audit.describe('class_session', id, 'session.reassign');
    this.audit.detail({
      programCode: session.programCode,
      facilitatorId: { from: session.facilitatorId, to },
    });
    return this.sessions.setFacilitator(id, to);
  }

  async list(q: SessionQuery): Promise<Page<SessionDto>> {
    const [items, total] = await this.sessions.list(q, q.limit, q.offset);
    return pageOf(items, total, q);
  }

  async get(id: string): Promise<SessionDto> {
    return this.sessions.get(id);
  }

  /**
   * A class that did not take place is cancelled, even at the last minute; one whose attendance
   * was recorded took place, and cancelling it would silently take completion credit away
   * (422 ATTENDANCE_RECORDED). Cancelling releases every seat.
   */
  async cancel(id: string, dto: CancelSessionDto, staffId: string): Promise<SessionDto> {
    const session = await this.sessions.lock(id);
    if (session.cancelledAt) {
      throw new DomainError('SESSION_CANCELLED', `Session ${id} is already cancelled.`);
    }
    const recorded = await this.attendance.recordedCount(id);
    if (recorded > 0) {
      throw new DomainError(
        'ATTENDANCE_RECORDED',
        `Session ${id} has attendance recorded for ${recorded} participant(s): it took place and cannot be cancelled.`,
      );
    }
    // Before the seats are released: whoever was seated hears of it.
    await this.reminders.sessionCancelled(id);
    return this.sessions.cancel(id, staffId, dto.reason ?? null);
  }
}
