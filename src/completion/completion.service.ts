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
    return this.txHost;
  }

  /** The notice exists only for COMPLETED enrollments: anything else answers 409 ENROLLMENT_NOT_COMPLETED. */
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
      assessed_cents: string | null;
      received_cents: string | null;
      waived_cents: string | null;
      balance_cents: string | null;
      attended_sessions: number | null;
    }>(
      this.tx,
      `SELECT e.status, e.certificate_number, e.enrolled_on::text, e.closed_on::text,
              e.required_sessions, e.fee_cents, p.first_name, p.last_name,
              r.case_number, r.jurisdiction, r.referring_agency,
              pr.name AS program_name, pr.beneficiary,
              t.assessed_cents, t.received_cents, t.waived_cents, t.balance_cents,
              a.attended_sessions
         FROM enrollments e
         JOIN participants p ON p.id = e.participant_id
         JOIN referrals r ON r.id = e.referral_id
         JOIN programs pr ON pr.id = e.program_id
         LEFT JOIN enrollment_ledger_totals(ARRAY[$1::uuid]) t ON true
         LEFT JOIN enrollment_attended_sessions(ARRAY[$1::uuid]) a ON true
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
    return {
      certificateNumber: e.certificate_number,
      programName: e.program_name,
      participantName: `${e.first_name} ${e.last_name}`,
      caseNumber: e.case_number,
      jurisdiction: e.jurisdiction,
      referringAgency: e.referring_agency,
      enrolledOn: e.enrolled_on,
      completedOn: e.closed_on,
      // The same definitions as the completion check and the ledger (enrollment_attended_sessions,
      // enrollment_ledger_totals): a reversal counts against the kind of the entry it reverses.
      sessionsAttended: countFromDb(e.attended_sessions),
      sessionsRequired: e.required_sessions,
      feeCents: centsFromDb(e.assessed_cents ?? e.fee_cents),
      paidCents: centsFromDb(e.received_cents),
      waivedCents: centsFromDb(e.waived_cents),
      balanceCents: centsFromDb(e.balance_cents),
      beneficiary: e.beneficiary,
      issuedOn: chicagoDate(),
    };
  }
}
