import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedStaff } from '../common/request-context';
import { DomainError, validationFailed } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { one } from '../common/transactions';
import {
  CancelSessionDto,
  CreateSessionDto,
  ReassignSessionDto,
  SESSION_COLUMNS,
  SessionDto,
  sessionDto,
  SessionQuery,
  SessionRow,
} from './session.dto';
import { SessionRepository } from './session.repository';

@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
  ) {}

  private get tx() {
    return this.sessions.tx;
  }

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
    const row = await one<SessionRow>(
      this.tx,
      `INSERT INTO class_sessions (program_id, program_code, starts_at, ends_at, location, capacity,
          facilitator_id, topic, created_by)
       SELECT p.id, p.code, $2::timestamptz, $3::timestamptz, $4, $5, $6, $7, $8
         FROM programs p WHERE p.code = $1
       RETURNING ${SESSION_COLUMNS}`,
      [
        dto.programCode,
        dto.startsAt,
        dto.endsAt,
        dto.location,
        dto.capacity,
        dto.facilitatorId ?? null,
        dto.topic ?? null,
        staffId,
      ],
    );
    if (!row) throw validationFailed('programCode', 'is not a known program');
    return sessionDto(row);
  }

  private async assertFacilitator(staffId: string): Promise<void> {
    const staff = await one<{ active: boolean; roles: string[] }>(
      this.tx,
      `SELECT active, roles FROM staff WHERE id = $1 FOR SHARE`,
      [staffId],
    );
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
    const row = await one<SessionRow>(
      this.tx,
      `UPDATE class_sessions SET facilitator_id = $2 WHERE id = $1 RETURNING ${SESSION_COLUMNS}`,
      [id, to],
    );
    return sessionDto(row!);
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
    const recorded = await one<{ n: number }>(
      this.tx,
      `SELECT count(*)::int AS n FROM attendance_records WHERE session_id = $1`,
      [id],
    );
    if (recorded && recorded.n > 0) {
      throw new DomainError(
        'ATTENDANCE_RECORDED',
        `Session ${id} has attendance recorded for ${recorded.n} participant(s): it took place and cannot be cancelled.`,
      );
    }
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
      [id, staffId, dto.reason ?? null],
    );
    return sessionDto(row!);
  }
}
