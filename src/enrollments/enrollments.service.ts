import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError, notFound, validationFailed } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { LedgerService } from '../ledger/ledger.service';
import { ReminderPlanner } from '../reminders/reminder-planner';
import { ReferralsService } from '../referrals/referrals.service';
import { CompletionRequirementsService, Progress } from './completion-requirements.service';
import { CreateEnrollmentDto, EnrollmentDto, EnrollmentQuery } from './enrollment.dto';
import {
  EnrollmentFilter,
  EnrollmentRecord,
  EnrollmentsRepository,
  SeatFilter,
} from './enrollments.repository';

const alreadyEnrolled = (existingId?: string) =>
  new DomainError(
    'ALREADY_ENROLLED',
    existingId
      ? `The participant is already enrolled (enrollment ${existingId}); one enrollment per participant, ever.`
      : 'The participant is already enrolled; one enrollment per participant, ever.',
    undefined,
    existingId ? { existingId } : undefined,
  );

/** `today` (America/Chicago, the clock's) decides whether it is overdue. */
export const toEnrollmentDto = (
  e: EnrollmentRecord,
  p: Progress,
  today: string,
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
  recordStatus: e.recordStatus,
  createdAt: e.createdAt.toISOString(),
});

@Injectable()
export class EnrollmentsService {
  constructor(
    private readonly enrollments: EnrollmentsRepository,
    private readonly referrals: ReferralsService,
    private readonly requirements: CompletionRequirementsService,
    private readonly ledger: LedgerService,
    private readonly clock: Clock,
    private readonly reminders: ReminderPlanner,
  ) {}

  /**
   * Enrolls on the referral's latest check, which must be fresh and eligible. A referral that
   * was never checked answers ELIGIBILITY_STALE: the remedy is the same, run a check.
   */
  async create(dto: CreateEnrollmentDto, staffId: string): Promise<EnrollmentDto> {
    // Locked so no edit or check of the referral slips between the freshness test and the insert.
    const referral = await this.referrals.record(dto.referralId, true);
    if (!referral) throw notFound('Referral', dto.referralId);
    const check = await this.enrollments.latestCheck(referral.id);
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

    const program = await this.enrollments.shareProgramTerms(dto.programCode);
    if (!program) throw notFound('Program', dto.programCode);
    const id = await this.enrollments.insert({
      participantId: referral.participantId,
      referralId: referral.id,
      eligibilityCheckId: check.id,
      programId: program.id,
      programCode: dto.programCode,
      agreementSignedOn: dto.agreementSignedOn,
      completionWindowDays: program.completionWindowDays,
      feeCents: program.feeCents,
      requiredSessions: program.requiredSessions,
      createdBy: staffId,
    });
    if (!id)
      throw alreadyEnrolled((await this.enrollments.findByParticipant(referral.participantId))?.id);
    await this.ledger.assessFee(id, program.feeCents, staffId);
    await this.reminders.enrollmentCreated(id);
    return this.get(id);
  }

  async get(id: string): Promise<EnrollmentDto> {
    const e = await this.enrollments.findById(id);
    if (!e) throw notFound('Enrollment', id);
    return toEnrollmentDto(e, await this.requirements.progress(id), this.clock.today());
  }

  async list(q: EnrollmentQuery): Promise<Page<EnrollmentDto>> {
    const today = this.clock.today();
    const seats: SeatFilter =
      q.unseated === undefined ? {} : { unseated: q.unseated === 'true', now: this.clock.now() };
    const [items, total] = await this.enrollments.list(
      {
        status: q.status,
        programCode: q.programCode,
        overdueOn: q.overdue === 'true' ? today : undefined,
        notOverdueOn: q.overdue === 'false' ? today : undefined,
        participantId: q.participantId,
        ...seats,
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

  /** The number of enrollments GET /enrollments would list with this filter. */
  count(f: EnrollmentFilter): Promise<number> {
    return this.enrollments.count(f);
  }
}
