import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { CompletionNotice } from './completion-notice.pdf';
import { CompletionRepository } from './completion.repository';

@Injectable()
export class CompletionService {
  constructor(
    private readonly completion: CompletionRepository,
    private readonly clock: Clock,
  ) {}

  /** The notice exists only for COMPLETED enrollments: anything else answers 409 ENROLLMENT_NOT_COMPLETED. */
  async notice(enrollmentId: string): Promise<CompletionNotice> {
    const e = await this.completion.noticeFacts(enrollmentId);
    if (!e) throw notFound('Enrollment', enrollmentId);
    const { status, certificateNumber, completedOn, ...facts } = e;
    if (status !== 'COMPLETED' || !certificateNumber || !completedOn) {
      throw new DomainError(
        'ENROLLMENT_NOT_COMPLETED',
        `Enrollment ${enrollmentId} is ${status}; a completion notice exists only for COMPLETED enrollments.`,
        undefined,
        { enrollmentStatus: status },
      );
    }
    return { ...facts, certificateNumber, completedOn, issuedOn: this.clock.today() };
  }
}
