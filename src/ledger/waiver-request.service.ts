import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { ReminderPlanner } from '../reminders/reminder-planner';
import { LedgerRepository } from './ledger.repository';
import { requireActive } from './ledger.service';
import {
  CreateWaiverRequestDto,
  DecideWaiverRequestDto,
  WaiverRequestDto,
  WaiverRequestQuery,
} from './waiver-request.dto';
import { WaiverRequestFilter, WaiverRequestRepository } from './waiver-request.repository';

/** 422 with the most that can be waived now (`maxCents`: the balance, never below zero). */
const waiverExceedsBalance = (amountCents: number, balanceCents: number) =>
  new DomainError(
    'WAIVER_EXCEEDS_BALANCE',
    `Waiver of ${amountCents} exceeds the balance of ${balanceCents}.`,
    [{ field: 'amountCents', message: `must not exceed the balance (${balanceCents})` }],
    { maxCents: Math.max(0, balanceCents) },
  );

/**
 * Waivers: requested by FINANCE or INTAKE, written to the ledger only when a different
 * SUPERVISOR approves, and never beyond the balance at that moment.
 */
@Injectable()
export class WaiverRequestService {
  constructor(
    private readonly requests: WaiverRequestRepository,
    private readonly ledger: LedgerRepository,
    private readonly reminders: ReminderPlanner,
  ) {}

  /**
   * Only for ACTIVE enrollments: a closed case's balance is not negotiated any more. More than
   * the balance is refused when asked, not only at approval, saying the most that can be waived.
   */
  async request(
    enrollmentId: string,
    dto: CreateWaiverRequestDto,
    staffId: string,
  ): Promise<WaiverRequestDto> {
    const enrollment = await this.ledger.lockEnrollment(enrollmentId);
    requireActive(enrollment, 'a waiver request');
    const { balanceCents } = await this.ledger.totals(enrollment.id);
    if (dto.amountCents > balanceCents) throw waiverExceedsBalance(dto.amountCents, balanceCents);
    return this.requests.insert({
      enrollmentId,
      amountCents: dto.amountCents,
      reason: dto.reason,
      note: dto.note,
      requestedBy: staffId,
    });
  }

  async list(q: WaiverRequestQuery): Promise<Page<WaiverRequestDto>> {
    const [items, total] = await this.requests.list({ status: q.status }, q.limit, q.offset);
    return pageOf(items, total, q);
  }

  async approve(
    id: string,
    dto: DecideWaiverRequestDto,
    staffId: string,
  ): Promise<WaiverRequestDto> {
    const request = await this.lockPending(id, staffId);
    const enrollment = await this.ledger.lockEnrollment(request.enrollmentId);
    requireActive(enrollment, 'a waiver');
    const { amountCents } = request;
    // The balance may have fallen since the request (a payment): approval checks again.
    const { balanceCents } = await this.ledger.totals(enrollment.id);
    if (amountCents > balanceCents) throw waiverExceedsBalance(amountCents, balanceCents);
    await this.reminders.balanceChanged(enrollment.id, balanceCents, balanceCents - amountCents);
    const entry = await this.ledger.insert({
      enrollmentId: enrollment.id,
      kind: 'WAIVER',
      amountCents,
      signedAmountCents: -amountCents,
      reason: request.reason,
      note: request.note,
      waiverRequestId: id,
      createdBy: staffId,
    });
    return this.requests.decide(id, {
      status: 'APPROVED',
      decidedBy: staffId,
      note: dto.note ?? null,
      ledgerEntryId: entry.id,
    });
  }

  async reject(
    id: string,
    dto: DecideWaiverRequestDto,
    staffId: string,
  ): Promise<WaiverRequestDto> {
    await this.lockPending(id, staffId);
    return this.requests.decide(id, {
      status: 'REJECTED',
      decidedBy: staffId,
      note: dto.note ?? null,
      ledgerEntryId: null,
    });
  }

  /**
   * Enrollment first, then the request: the same lock order as every other money operation,
   * so two supervisors deciding at once queue instead of deadlocking.
   */
  private async lockPending(id: string, staffId: string): Promise<WaiverRequestDto> {
    const enrollmentId = await this.requests.enrollmentOf(id);
    if (!enrollmentId) throw notFound('Waiver request', id);
    await this.ledger.lockEnrollment(enrollmentId);
    const request = (await this.requests.lockById(id))!;
    if (request.requestedBy === staffId) {
      throw new DomainError(
        'SELF_APPROVAL',
        'A waiver must be decided by a supervisor other than the one who requested it.',
      );
    }
    if (request.status !== 'PENDING') {
      throw new DomainError(
        'INVALID_TRANSITION',
        `Waiver request ${id} is already ${request.status}.`,
        undefined,
        { currentStatus: request.status },
      );
    }
    return request;
  }

  /** The number of requests GET /waiver-requests would list with this filter. */
  count(f: WaiverRequestFilter): Promise<number> {
    return this.requests.count(f);
  }
}
