import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AuthenticatedStaff } from '../common/request-context';
import { DomainError, validationFailed } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { isCheckViolation, isExclusionViolation } from '../common/pg-errors';
import {
  CancelSessionDto,
  CreateSessionDto,
  SessionDto,
  SessionQuery,
  UpdateSessionDto,
} from './session.dto';
import { AttendanceRepository } from './attendance.repository';
import { ReminderPlanner } from '../reminders/reminder-planner';
import { SessionFilter, SessionRepository } from './session.repository';

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
    await this.assertLength(dto.programCode, dto.startsAt, dto.endsAt);
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

  /**
   * A session lasts at least its program's minimum (PRODUCT.md: attendance that could have
   * happened); the database's trigger holds the same rule.
   */
  private async assertLength(programCode: string, startsAt: string, endsAt: string) {
    const minimum = await this.sessions.minSessionMinutes(programCode);
    if (minimum === undefined) throw validationFailed('programCode', 'is not a known program');
    if (Date.parse(endsAt) - Date.parse(startsAt) < minimum * 60_000) {
      throw validationFailed(
        'endsAt',
        `must be at least ${minimum} minutes after startsAt (the program's minimum session length)`,
      );
    }
  }

  /**
   * SUPERVISOR: give a session to another facilitator (or none), audited `session.reassign`, or
   * move it (`startsAt`, `endsAt`), audited `session.reschedule`; both with before → after. A
   * session whose attendance was taken keeps its times; its seats move with it, and a move onto
   * another seat of a seated enrollment is refused (SEAT_OVERLAPS).
   */
  async update(id: string, dto: UpdateSessionDto): Promise<SessionDto> {
    const moving = dto.startsAt !== undefined || dto.endsAt !== undefined;
    if (!moving && dto.facilitatorId === undefined) {
      throw validationFailed('facilitatorId', 'or startsAt or endsAt must be given');
    }
    const session = await this.sessions.lock(id);
    if (session.cancelledAt) {
      throw new DomainError('SESSION_CANCELLED', `Session ${id} is cancelled.`);
    }
    const details: Record<string, unknown> = { programCode: session.programCode };
    let result = session;
    if (dto.facilitatorId !== undefined) {
      const to = dto.facilitatorId?.toLowerCase() ?? null;
      if (to) await this.assertFacilitator(to);
      details.facilitatorId = { from: session.facilitatorId, to };
      result = await this.sessions.setFacilitator(id, to);
    }
    if (moving) {
      const startsAt = dto.startsAt ?? session.startsAt;
      const endsAt = dto.endsAt ?? session.endsAt;
      if (Date.parse(endsAt) <= Date.parse(startsAt)) {
        throw validationFailed('endsAt', 'must be after startsAt');
      }
      await this.assertLength(session.programCode, startsAt, endsAt);
      const recorded = await this.attendance.recordedCount(id);
      if (recorded > 0) {
        throw new DomainError(
          'ATTENDANCE_RECORDED',
          `Session ${id} has attendance recorded for ${recorded} participant(s): its times are a record and stay.`,
        );
      }
      try {
        result = await this.sessions.reschedule(id, startsAt, endsAt);
      } catch (err) {
        if (isExclusionViolation(err, 'session_seats_no_overlap')) {
          throw new DomainError(
            'SEAT_OVERLAPS',
            `At the new times, session ${id} would overlap another seat of one of its seated enrollments.`,
            [
              {
                field: 'startsAt',
                message: 'a seated enrollment has another session at that time',
              },
            ],
          );
        }
        if (isCheckViolation(err, 'session_seats_not_before_enrollment')) {
          throw new DomainError(
            'SEAT_BEFORE_ENROLLMENT',
            `At the new times, session ${id} would end before a seated enrollment began.`,
            [{ field: 'endsAt', message: 'a seated enrollment began after this end' }],
          );
        }
        throw err;
      }
      details.startsAt = { from: session.startsAt, to: result.startsAt };
      details.endsAt = { from: session.endsAt, to: result.endsAt };
      // Seated people hear of the new time at once, and their reminders follow it.
      if (result.startsAt !== session.startsAt) await this.reminders.sessionChanged(id);
    }
    this.audit.describe('class_session', id, moving ? 'session.reschedule' : 'session.reassign');
    this.audit.detail(details);
    return result;
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

  /** The number of sessions GET /sessions would list with this filter. */
  count(f: SessionFilter): Promise<number> {
    return this.sessions.count(f);
  }
}
