import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, notFound, validationFailed } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { TransactionHost } from '../common/transactions';
import { FOLLOW_UP_MONTHS, followUpDueOn } from './follow-up-dates';
import { FollowUpListHook } from './follow-up-list.hook';
import { FollowUpDto, FollowUpQuery, FollowUpResultDto, RecordFollowUpDto } from './follow-up.dto';
import { FollowUpFilter, FollowUpsRepository } from './follow-ups.repository';

/**
 * Follow-up after exit: the checks due 12 and 24 months after an enrollment ends, and their
 * results. "Due" is decided by the program's clock, passed into SQL.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly listHook: FollowUpListHook,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly txHost: TransactionHost,
  ) {}

  async list(q: FollowUpQuery): Promise<Page<FollowUpDto>> {
    if (q.from && q.to && q.to < q.from) throw validationFailed('to', 'must not be before from');
    const filter: FollowUpFilter = {
      today: this.clock.today(),
      status: q.status ?? null,
      months: q.months ? [q.months] : FOLLOW_UP_MONTHS,
      dueFrom: q.from ?? null,
      dueTo: q.to ?? null,
    };
    // The page and the disclosures of the closed records it shows commit together.
    const { items, total } = await this.txHost.withTransaction(async () => {
      const page = await this.followUps.list(filter, q.limit, q.offset);
      await this.listHook.shown({ filter, ...page });
      return page;
    });
    return pageOf(items, total, q);
  }

  /** The work queue's "Follow-up checks due": exactly GET /follow-ups?status=DUE's total. */
  countDue(): Promise<number> {
    return this.followUps.count({
      today: this.clock.today(),
      status: 'DUE',
      months: FOLLOW_UP_MONTHS,
      dueFrom: null,
      dueTo: null,
    });
  }

  async record(
    enrollmentId: string,
    dto: RecordFollowUpDto,
    staffId: string,
  ): Promise<FollowUpResultDto> {
    const exit = await this.followUps.exitOf(enrollmentId);
    if (!exit) throw notFound('Enrollment', enrollmentId);
    if (exit.status === 'ACTIVE' || !exit.closedOn)
      throw new DomainError(
        'ENROLLMENT_ACTIVE',
        'The enrollment is still ACTIVE: a follow-up check is due 12 and 24 months after it ends.',
      );
    const dueOn = followUpDueOn(exit.closedOn, dto.months);
    const today = this.clock.today();
    if (today < dueOn)
      throw new DomainError(
        'FOLLOW_UP_NOT_DUE',
        `The ${dto.months}-month follow-up check is due on ${dueOn} (the enrollment ended on ${exit.closedOn}).`,
        undefined,
        { dueOn },
      );
    // A search made before the due day does not cover the whole period after the exit.
    if (dto.checkedOn < dueOn)
      throw new DomainError(
        'FOLLOW_UP_NOT_DUE',
        `checkedOn is before the day the ${dto.months}-month check fell due (${dueOn}): a check made earlier does not cover the ${dto.months} months.`,
        [{ field: 'checkedOn', message: `must not be before the due date (${dueOn})` }],
        { dueOn },
      );
    const saved = await this.followUps.insert({
      enrollmentId,
      months: dto.months,
      result: dto.result,
      source: dto.source,
      checkedOn: dto.checkedOn,
      recordedBy: staffId,
    });
    this.audit.describe('enrollment', enrollmentId);
    this.audit.detail({
      followUpResultId: saved.id,
      months: saved.months,
      result: saved.result,
      source: saved.source,
    });
    return {
      id: saved.id,
      enrollmentId: saved.enrollmentId,
      months: saved.months,
      result: saved.result,
      source: saved.source,
      checkedOn: saved.checkedOn,
      dueOn,
      recordedBy: saved.recordedBy,
      recordedAt: saved.recordedAt.toISOString(),
    };
  }
}
