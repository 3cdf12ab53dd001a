import { Injectable } from '@nestjs/common';
import { EnrollmentsRepository, Progress } from './enrollments.repository';

export type { Progress } from './enrollments.repository';

export interface UnmetRequirement {
  code: 'SESSIONS_INCOMPLETE' | 'BALANCE_DUE';
  message: string;
}

/**
 * What completion needs (PRODUCT.md): attended sessions ≥ required and a zero balance, as the
 * database functions enrollment_attended_sessions and enrollment_ledger_totals define them (the
 * ledger, the completion notice and the reports use the same definitions).
 */
@Injectable()
export class CompletionRequirementsService {
  constructor(private readonly enrollments: EnrollmentsRepository) {}

  async progress(enrollmentId: string): Promise<Progress> {
    const found = (await this.progressOf([enrollmentId])).get(enrollmentId);
    if (!found) throw new Error(`Enrollment ${enrollmentId} does not exist.`);
    return found;
  }

  /** Every unmet condition, not just the first. Empty: the enrollment may be completed. */
  async unmet(enrollmentId: string): Promise<UnmetRequirement[]> {
    const p = await this.progress(enrollmentId);
    const unmet: UnmetRequirement[] = [];
    if (p.attendedSessions < p.requiredSessions)
      unmet.push({
        code: 'SESSIONS_INCOMPLETE',
        message: `Attended ${p.attendedSessions} of ${p.requiredSessions} required sessions.`,
      });
    if (p.balanceCents !== 0)
      unmet.push({
        code: 'BALANCE_DUE',
        message:
          p.balanceCents > 0
            ? `A balance of ${p.balanceCents} cents is due.`
            : `The ledger owes the participant ${-p.balanceCents} cents; the balance must be 0.`,
      });
    return unmet;
  }

  /** Progress of many enrollments in one round trip (lists). */
  progressOf(enrollmentIds: string[]): Promise<Map<string, Progress>> {
    return this.enrollments.progressOf(enrollmentIds);
  }
}
