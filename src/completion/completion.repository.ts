import { Injectable } from '@nestjs/common';
import { centsFromDb, countFromDb } from '../common/money';
import { one, Tx, TransactionHost } from '../common/transactions';
import type { CompletionNotice } from './completion-notice.pdf';

interface NoticeRow {
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
  received_cents: string;
  waived_cents: string;
  balance_cents: string;
  attended_sessions: number;
}

/**
 * What a completion notice states about an enrollment, whatever its status: the notice's facts
 * before the enrollment is known to be COMPLETED (so no certificate or date yet) and issued.
 */
export interface NoticeFacts extends Omit<
  CompletionNotice,
  'certificateNumber' | 'completedOn' | 'issuedOn'
> {
  status: string;
  certificateNumber: string | null;
  completedOn: string | null;
}

// The same definitions as the completion check and the ledger (enrollment_attended_sessions,
// enrollment_ledger_totals): a reversal counts against the kind of the entry it reverses.
const toFacts = (r: NoticeRow): NoticeFacts => ({
  status: r.status,
  certificateNumber: r.certificate_number,
  programName: r.program_name,
  participantName: `${r.first_name} ${r.last_name}`,
  caseNumber: r.case_number,
  jurisdiction: r.jurisdiction,
  referringAgency: r.referring_agency,
  enrolledOn: r.enrolled_on,
  completedOn: r.closed_on,
  sessionsAttended: countFromDb(r.attended_sessions),
  sessionsRequired: r.required_sessions,
  feeCents: centsFromDb(r.assessed_cents ?? r.fee_cents),
  paidCents: centsFromDb(r.received_cents),
  waivedCents: centsFromDb(r.waived_cents),
  balanceCents: centsFromDb(r.balance_cents),
  beneficiary: r.beneficiary,
});

/** Reads for the completion notice (completion writes nothing: the enrollments module closes). */
@Injectable()
export class CompletionRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  async noticeFacts(enrollmentId: string): Promise<NoticeFacts | undefined> {
    const row = await one<NoticeRow>(
      this.tx,
      `SELECT e.status, e.certificate_number, e.enrolled_on::text, e.closed_on::text,
              e.required_sessions, e.fee_cents, p.first_name, p.last_name,
              r.case_number, c.name AS jurisdiction, r.referring_agency,
              pr.name AS program_name, pr.beneficiary,
              t.assessed_cents, coalesce(t.received_cents, 0) AS received_cents,
              coalesce(t.waived_cents, 0) AS waived_cents,
              coalesce(t.balance_cents, 0) AS balance_cents,
              coalesce(a.attended_sessions, 0) AS attended_sessions
         FROM enrollments e
         JOIN participants p ON p.id = e.participant_id
         JOIN referrals r ON r.id = e.referral_id
         JOIN courts c ON c.code = r.jurisdiction
         JOIN programs pr ON pr.id = e.program_id
         LEFT JOIN enrollment_ledger_totals(ARRAY[$1::uuid]) t ON true
         LEFT JOIN enrollment_attended_sessions(ARRAY[$1::uuid]) a ON true
        WHERE e.id = $1`,
      [enrollmentId],
    );
    return row && toFacts(row);
  }
}
