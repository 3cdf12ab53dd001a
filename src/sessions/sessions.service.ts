import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedStaff } from '../common/request-context';
import { DomainError, validationFailed } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import {
  CancelSessionDto,
  CreateSessionDto,
  ReassignSessionDto,
  SessionDto,
  sessionDto,
  SessionQuery,
} from './session.dto';
import { SessionRepository } from './session.repository';

@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateSessionDto, actor: AuthenticatedStaff): Promise<SessionDto> {
    const staffId = actor.id;
    if (Date.parse(dto.endsAt) <= Date.parse(dto.startsAt)) {
      throw validationFailed('endsAt', 'must be after startsAt');
    }
    // A session dated in the past is a record that a class took place: attendance entered
    // against it counts toward completion, so only a SUPERVISOR may create one.
    if (Date.parse(dto.startsAt) < Date.now() && !actor.roles.includes('SUPERVISOR')) {
      throw new DomainError(
        'FORBIDDEN',
        'Only a SUPERVISOR may schedule a session that has already started.',
      );
    }
    if (dto.facilitatorId) await this.assertFacilitator(dto.facilitatorId);
    const row = await this.sessions.insert({
      programCode: dto.programCode,
      startsAt: dto.startsAt,
      endsAt: dto.endsAt,
      location: dto.location,
      capacity: dto.capacity,
      facilitatorId: dto.facilitatorId ?? null,
      topic: dto.topic ?? null,
      createdBy: staffId,
    });
    if (!row) throw validationFailed('programCode', 'is not a known program');
    return sessionDto(row);
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
    if (session.cancelled_at) {
      throw new DomainError('SESSION_CANCELLED', `Session ${id} is cancelled.`);
    }
    const to = dto.facilitatorId?.toLowerCase() ?? null;
    if (to) await this.assertFacilitator(to);
    this.audit.describe('class_session', id, 'session.reassign');
    this.audit.detail({
      programCode: session.program_code,
      facilitatorId: { from: session.facilitator_id, to },
    });
    return sessionDto(await this.sessions.setFacilitator(id, to));
  }

  async list(q: SessionQuery): Promise<Page<SessionDto>> {
    const [items, total] = await this.sessions.list(q, q.limit, q.offset);
    return pageOf(items.map(sessionDto), total, q);
  }

  async get(id: string): Promise<SessionDto> {
    return sessionDto(await this.sessions.get(id));
  }

  /**
   * A class that did not take place is cancelled, even at the last minute; one whose attendance
   * was recorded took place, and cancelling it would silently take completion credit away
   * (422 ATTENDANCE_RECORDED). Cancelling releases every seat.
   */
  async cancel(id: string, dto: CancelSessionDto, staffId: string): Promise<SessionDto> {
    const session = await this.sessions.lock(id);
    if (session.cancelled_at) {
      throw new DomainError('SESSION_CANCELLED', `Session ${id} is already cancelled.`);
    }
    const recorded = await this.sessions.attendanceCount(id);
    if (recorded > 0) {
      throw new DomainError(
        'ATTENDANCE_RECORDED',
        `Session ${id} has attendance recorded for ${recorded} participant(s): it took place and cannot be cancelled.`,
      );
    }
    return sessionDto(await this.sessions.cancel(id, staffId, dto.reason ?? null));
  }
}
