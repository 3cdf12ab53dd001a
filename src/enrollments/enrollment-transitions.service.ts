import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError, notFound, validationFailed } from '../common/domain-error';
import { ReminderPlanner } from '../reminders/reminder-planner';
import { certificateNumber } from './certificate-number';
import { CompletionRequirementsService } from './completion-requirements.service';
import { EnrollmentDto, TERMINATION_REASONS, TransitionDto } from './enrollment.dto';
import { EnrollmentsRepository } from './enrollments.repository';
import { toEnrollmentDto } from './enrollments.service';

/** ACTIVE → COMPLETED | TERMINATED | WITHDRAWN; the last three are final. */
@Injectable()
export class EnrollmentTransitionsService {
  constructor(
    private readonly enrollments: EnrollmentsRepository,
    private readonly requirements: CompletionRequirementsService,
    private readonly clock: Clock,
    private readonly reminders: ReminderPlanner,
  ) {}

  async transition(id: string, dto: TransitionDto, staffId: string): Promise<EnrollmentDto> {
    const e = await this.enrollments.findById(id, true);
    if (!e) throw notFound('Enrollment', id);
    if (e.status !== 'ACTIVE')
      throw new DomainError(
        'INVALID_TRANSITION',
        `The enrollment is ${e.status}, a final state; it cannot become ${dto.to}.`,
        undefined,
        { currentStatus: e.status },
      );
    const reason = dto.reason ?? null;
    if (
      dto.to === 'TERMINATED' &&
      !(TERMINATION_REASONS as readonly string[]).includes(reason ?? '')
    )
      throw validationFailed('reason', `must be one of ${TERMINATION_REASONS.join(', ')}`);
    if (dto.to === 'COMPLETED' && reason !== null)
      throw validationFailed('reason', 'must be absent when completing (use note)');

    const closedOn = this.clock.today();
    let certificate: string | null = null;
    if (dto.to === 'COMPLETED') {
      const unmet = await this.requirements.unmet(id);
      if (unmet.length > 0)
        throw new DomainError(
          'COMPLETION_REQUIREMENTS_UNMET',
          unmet.map((u) => u.message).join(' '),
          undefined,
          { unmet },
        );
      certificate = certificateNumber(id, closedOn);
    }
    await this.enrollments.close(id, {
      from: e.status,
      to: dto.to,
      closedOn,
      reason,
      note: dto.note ?? null,
      certificateNumber: certificate,
      by: staffId,
    });
    await this.reminders.enrollmentEnded(id);
    const updated = (await this.enrollments.findById(id))!;
    return toEnrollmentDto(updated, await this.requirements.progress(id), closedOn);
  }
}
