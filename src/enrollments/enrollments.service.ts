import { Injectable } from '@nestjs/common';
import { centsFromDb } from '../common/money';
import { chicagoDate } from '../common/dates';
import { DomainError, notFound, validationFailed } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { one, TransactionHost } from '../common/transactions';
import { LedgerRepository } from '../ledger/ledger.repository';
import { ReferralsRepository } from '../referrals/referrals.repository';
import { CompletionRequirementsService, Progress } from './completion-requirements.service';
import { CreateEnrollmentDto, EnrollmentDto, EnrollmentQuery } from './enrollment.dto';
import { EnrollmentRecord, EnrollmentsRepository } from './enrollments.repository';

const alreadyEnrolled = (existingId?: string) =>
  new DomainError(
    'ALREADY_ENROLLED',
    existingId
      ? `The participant is already enrolled (enrollment ${existingId}); one enrollment per participant, ever.`
      : 'The participant is already enrolled; one enrollment per participant, ever.',
    undefined,
    existingId ? { existingId } : undefined,
  );

export const toEnrollmentDto = (
  e: EnrollmentRecord,
  p: Progress,
  today = chicagoDate(),
): EnrollmentDto => ({
  id: e.id,
  participantId: e.participantId,
  participantName: e.participantName,
  referralId: e.referralId,
  programCode: e.programCode,
  status: e.status,
  agreementSignedOn: e.agreementSignedOn,
  enrolledOn: e.enrolledOn,
  deadline: e.deadline,
  overdue: e.status === 'ACTIVE' && e.deadline < today,
  feeCents: e.feeCents,
  balanceCents: p.balanceCents,
  attendedSessions: p.attendedSessions,
  requiredSessions: e.requiredSessions,
  certificateNumber: e.certificateNumber,
  closedOn: e.closedOn,
  closedReason: e.closedReason,
  createdAt: e.createdAt.toISOString(),
});

@Injectable()
export class EnrollmentsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly enrollments: EnrollmentsRepository,
    private readonly referrals: ReferralsRepository,
    private readonly requirements: CompletionRequirementsService,
    private readonly ledger: LedgerRepository,
  ) {}

  /**
   * Enrolls on the referral's latest check, which must be fresh and eligible. A referral that
   * was never checked answers ELIGIBILITY_STALE: the remedy is the same, run a check.
   */
  async create(dto: CreateEnrollmentDto, staffId: string): Promise<EnrollmentDto> {
    // Locked so no edit or check of the referral slips between the freshness test and the insert.
    const referral = await this.referrals.findById(dto.referralId, true);
    if (!referral) throw notFound('Referral', dto.referralId);
    const check = await one<{
      id: string;
      eligible: boolean;
      screeningVersion: number;
      reasons: { code: string; passed: boolean }[];
    }>(
      this.txHost,
      `SELECT id, eligible, screening_version AS "screeningVersion", reasons
         FROM eligibility_checks WHERE referral_id = $1
        ORDER BY checked_at DESC, id DESC LIMIT 1`,
      [referral.id],
    );
    if (!check)
      throw new DomainError(
        'ELIGIBILITY_STALE',
        'No eligibility check has been run on this referral; run one first.',
      );
    if (check.screeningVersion !== referral.screeningVersion)
      throw new DomainError(
        'ELIGIBILITY_STALE',
        'The referral changed after its latest eligibility check; run a fresh check.',
        undefined,
        { checkId: check.id },
      );
    if (!check.eligible) {
      const failing = check.reasons.filter((r) => !r.passed).map((r) => r.code);
      throw new DomainError(
        'NOT_ELIGIBLE',
        `The latest eligibility check failed: ${failing.join(', ')}.`,
        undefined,
        { reasons: failing, checkId: check.id },
      );
    }
    if (dto.agreementSignedOn < referral.offenseDate)
      throw validationFailed(
        'agreementSignedOn',
        `must not be before the offense date (${referral.offenseDate})`,
      );
    const existing = await this.enrollments.findByParticipant(referral.participantId);
    if (existing) throw alreadyEnrolled(existing.id);

    const program = await one<{
      id: string;
      feeCents: string;
      requiredSessions: number;
      completionWindowDays: number;
    }>(
      this.txHost,
      `SELECT id, fee_cents AS "feeCents", required_sessions AS "requiredSessions",
          completion_window_days AS "completionWindowDays"
         FROM programs WHERE code = $1 FOR SHARE`,
      [dto.programCode],
    );
    if (!program) throw notFound('Program', dto.programCode);
    const feeCents = centsFromDb(program.feeCents);
    const id = await this.enrollments.insert({
      participantId: referral.participantId,
      referralId: referral.id,
      eligibilityCheckId: check.id,
      programId: program.id,
      programCode: dto.programCode,
      agreementSignedOn: dto.agreementSignedOn,
      completionWindowDays: program.completionWindowDays,
      feeCents,
      requiredSessions: program.requiredSessions,
      createdBy: staffId,
    });
    if (!id)
      throw alreadyEnrolled((await this.enrollments.findByParticipant(referral.participantId))?.id);
    await this.ledger.assessFee(id, feeCents, staffId);
    return this.get(id);
  }

  async get(id: string): Promise<EnrollmentDto> {
    const e = await this.enrollments.findById(id);
    if (!e) throw notFound('Enrollment', id);
    return toEnrollmentDto(e, await this.requirements.progress(id));
  }

  async list(q: EnrollmentQuery): Promise<Page<EnrollmentDto>> {
    const today = chicagoDate();
    const [items, total] = await this.enrollments.list(
      {
        status: q.status,
        programCode: q.programCode,
        overdueOn: q.overdue === 'true' ? today : undefined,
        notOverdueOn: q.overdue === 'false' ? today : undefined,
        participantId: q.participantId,
        unseated: q.unseated === undefined ? undefined : q.unseated === 'true',
      },
      q.limit,
      q.offset,
    );
    const progress = await this.requirements.progressOf(items.map((e) => e.id));
    return pageOf(
      items.map((e) => toEnrollmentDto(e, progress.get(e.id)!, today)),
      total,
      q,
    );
  }
}
