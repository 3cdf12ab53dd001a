import { Injectable } from '@nestjs/common';
import { chicagoDate } from '../common/dates';
import { DomainError, notFound } from '../common/domain-error';
import { centsFromDb, countFromDb } from '../common/money';
import { one, TransactionHost, Tx } from '../common/transactions';
import { CompletionNotice } from './completion-notice.pdf';

@Injectable()
export class CompletionService {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost as Tx;
  }

  /** The notice exists only for COMPLETED enrollments: anything else answers 422. */
  async notice(enrollmentId: string): Promise<CompletionNotice> {
    const e = await one<{
      status: string;
      certificate_number: string | null;
      enrolled_on: string;
      closed_on: string | null;
      required_sessions: number;
      fee_cents: string;
      first_name: string;
      last_name: string;
      case_number: string;
      jurisdiction: string;
      referring_agency: string;
      program_name: string;
      beneficiary: string;
    }>(
      this.tx,
      `SELECT e.status, e.certificate_number, e.enrolled_on::text, e.closed_on::text,
              e.required_sessions, e.fee_cents, p.first_name, p.last_name,
              r.case_number, r.jurisdiction, r.referring_agency,
              pr.name AS program_name, pr.beneficiary
         FROM enrollments e
         JOIN participants p ON p.id = e.participant_id
         JOIN referrals r ON r.id = e.referral_id
         JOIN programs pr ON pr.id = e.program_id
        WHERE e.id = $1`,
      [enrollmentId],
    );
    if (!e) throw notFound('Enrollment', enrollmentId);
    if (e.status !== 'COMPLETED' || !e.certificate_number || !e.closed_on) {
      throw new DomainError(
        'ENROLLMENT_NOT_COMPLETED',
        `Enrollment ${enrollmentId} is ${e.status}; a completion notice exists only for COMPLETED enrollments.`,
        undefined,
        { enrollmentStatus: e.status },
      );
    }
    // A reversal counts against the kind of the entry it reverses.
    const money = await one<{ fee: string; paid: string; waived: string; balance: string }>(
      this.tx,
      `SELECT coalesce(sum(l.signed_amount_cents) FILTER (WHERE k.kind = 'FEE'), 0) AS fee,
              coalesce(-sum(l.signed_amount_cents) FILTER (WHERE k.kind IN ('PAYMENT', 'REFUND')), 0) AS paid,
              coalesce(-sum(l.signed_amount_cents) FILTER (WHERE k.kind = 'WAIVER'), 0) AS waived,
              coalesce(sum(l.signed_amount_cents), 0) AS balance
         FROM ledger_entries l
         LEFT JOIN ledger_entries o ON o.id = l.reverses_entry_id
         CROSS JOIN LATERAL (SELECT coalesce(o.kind, l.kind) AS kind) k
        WHERE l.enrollment_id = $1`,
      [enrollmentId],
    );
    const attended = await one<{ n: string }>(
      this.tx,
      `SELECT count(DISTINCT a.session_id) AS n
         FROM attendance_records a
         JOIN class_sessions s ON s.id = a.session_id
        WHERE a.enrollment_id = $1 AND a.status IN ('PRESENT', 'LATE') AND s.cancelled_at IS NULL`,
      [enrollmentId],
    );
    return {
      certificateNumber: e.certificate_number,
      programName: e.program_name,
      participantName: `${e.first_name} ${e.last_name}`,
      caseNumber: e.case_number,
      jurisdiction: e.jurisdiction,
      referringAgency: e.referring_agency,
      enrolledOn: e.enrolled_on,
      completedOn: e.closed_on,
      sessionsAttended: countFromDb(attended?.n),
      sessionsRequired: e.required_sessions,
      feeCents: centsFromDb(money?.fee ?? e.fee_cents),
      paidCents: centsFromDb(money?.paid),
      waivedCents: centsFromDb(money?.waived),
      balanceCents: centsFromDb(money?.balance),
      beneficiary: e.beneficiary,
      issuedOn: chicagoDate(),
    };
  }
}
