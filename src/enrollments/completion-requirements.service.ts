import { Injectable } from '@nestjs/common';
import { countFromDb, centsFromDb } from '../common/money';
import { rows, TransactionHost } from '../common/transactions';

export interface Progress {
  attendedSessions: number;
  requiredSessions: number;
  balanceCents: number;
}

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
  constructor(private readonly txHost: TransactionHost) {}

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
  async progressOf(enrollmentIds: string[]): Promise<Map<string, Progress>> {
    if (enrollmentIds.length === 0) return new Map();
    const found = await rows<{
      id: string;
      requiredSessions: number;
      attended: string | number | null;
      balance: string | null;
    }>(
      this.txHost,
      `SELECT e.id, e.required_sessions AS "requiredSessions",
              a.attended_sessions AS attended, t.balance_cents AS balance
         FROM enrollments e
         LEFT JOIN enrollment_attended_sessions($1::uuid[]) a ON a.enrollment_id = e.id
         LEFT JOIN enrollment_ledger_totals($1::uuid[]) t ON t.enrollment_id = e.id
        WHERE e.id = ANY($1::uuid[])`,
      [enrollmentIds],
    );
    return new Map(
      found.map((r) => [
        r.id,
        {
          attendedSessions: countFromDb(r.attended),
          requiredSessions: r.requiredSessions,
          balanceCents: centsFromDb(r.balance),
        },
      ]),
    );
  }
}
