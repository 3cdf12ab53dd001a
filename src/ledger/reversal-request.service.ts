import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { isUniqueViolation } from '../common/pg-errors';
import { LedgerEntryDto } from './ledger.dto';
import { LedgerRepository } from './ledger.repository';
import {
  DecideReversalRequestDto,
  ReversalRequestDto,
  ReversalRequestQuery,
} from './reversal-request.dto';
import { ReversalRequestRepository } from './reversal-request.repository';
import { assertReversible } from './reversibility';
import { ReminderPlanner } from '../reminders/reminder-planner';

/**
 * Reversals of FEE and WAIVER entries (issue 29): they write money off, so, like a waiver, one
 * person asks (SUPERVISOR or FINANCE) and a second SUPERVISOR — neither the requester nor the
 * entry's author — approves; only then is the REVERSAL written. The enrollment's lock is taken
 * first, as for every money operation, so two deciders queue instead of deadlocking.
 */
@Injectable()
export class ReversalRequestService {
  constructor(
    private readonly requests: ReversalRequestRepository,
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditService,
    private readonly reminders: ReminderPlanner,
  ) {}

  /**
   * A new PENDING request for `target` (the caller holds its enrollment's lock and checked it is
   * neither a REVERSAL nor reversed). Nothing is written to the ledger. Audited
   * `ledger.reversal.request` (202) on the request.
   */
  async request(
    target: LedgerEntryDto,
    reason: string,
    staffId: string,
  ): Promise<ReversalRequestDto> {
    const pending = await this.requests.pendingOf(target.id);
    if (pending) throw alreadyRequested(target.id, pending);
    assertReversible(target, await this.ledger.totals(target.enrollmentId));
    let id: string;
    try {
      id = await this.requests.insert({ entryId: target.id, reason, requestedBy: staffId });
    } catch (err) {
      // reversal_requests_one_pending: a request committed since the check above.
      if (isUniqueViolation(err)) throw alreadyRequested(target.id);
      throw err;
    }
    await this.audit.recordSuccessNow('ledger.reversal.request', 'reversal_request', id, 202);
    return (await this.requests.get(id))!;
  }

  async list(q: ReversalRequestQuery): Promise<Page<ReversalRequestDto>> {
    const [items, total] = await this.requests.list({ status: q.status }, q.limit, q.offset);
    return pageOf(items, total, q);
  }

  /** Writes the REVERSAL (by the approver, with the request's reason) and names it. */
  async approve(
    id: string,
    dto: DecideReversalRequestDto,
    staffId: string,
  ): Promise<ReversalRequestDto> {
    const request = await this.lockPending(id, staffId);
    const target = (await this.ledger.entry(request.entryId))!;
    if (target.reversedByEntryId) {
      throw new DomainError(
        'ALREADY_REVERSED',
        `Entry ${target.id} has already been reversed.`,
        undefined,
        { reversedByEntryId: target.reversedByEntryId },
      );
    }
    // The balance may have changed since the request: checked again under the lock.
    const totals = await this.ledger.totals(target.enrollmentId);
    assertReversible(target, totals);
    await this.reminders.balanceChanged(
      target.enrollmentId,
      totals.balanceCents,
      totals.balanceCents - target.signedAmountCents,
    );
    const reversal = await this.ledger.insert({
      enrollmentId: target.enrollmentId,
      kind: 'REVERSAL',
      amountCents: target.amountCents,
      signedAmountCents: -target.signedAmountCents,
      reason: request.reason,
      reversesEntryId: target.id,
      createdBy: staffId,
    });
    return this.requests.decide(id, {
      status: 'APPROVED',
      decidedBy: staffId,
      note: dto.note ?? null,
      ledgerEntryId: reversal.id,
    });
  }

  async reject(
    id: string,
    dto: DecideReversalRequestDto,
    staffId: string,
  ): Promise<ReversalRequestDto> {
    await this.lockPending(id, staffId);
    return this.requests.decide(id, {
      status: 'REJECTED',
      decidedBy: staffId,
      note: dto.note ?? null,
      ledgerEntryId: null,
    });
  }

  /** Enrollment first, then the request; never the requester's or the entry author's decision. */
  private async lockPending(id: string, staffId: string) {
    const enrollmentId = await this.requests.enrollmentOf(id);
    if (!enrollmentId) throw notFound('Reversal request', id);
    await this.ledger.lockEnrollment(enrollmentId);
    const request = (await this.requests.lockById(id))!;
    if (request.requestedBy === staffId || request.entryCreatedBy === staffId) {
      throw new DomainError(
        'SELF_APPROVAL',
        request.requestedBy === staffId
          ? 'A reversal must be decided by a supervisor other than the one who requested it.'
          : 'A reversal must be decided by a supervisor other than the one who recorded the entry.',
      );
    }
    if (request.status !== 'PENDING') {
      throw new DomainError(
        'INVALID_TRANSITION',
        `Reversal request ${id} is already ${request.status}.`,
        undefined,
        { currentStatus: request.status },
      );
    }
    return request;
  }

  /** The number of requests GET /reversal-requests would list with this filter. */
  count(f: Parameters<ReversalRequestRepository['count']>[0]): Promise<number> {
    return this.requests.count(f);
  }
}

const alreadyRequested = (entryId: string, existingId?: string) =>
  new DomainError(
    'REVERSAL_ALREADY_REQUESTED',
    `The reversal of entry ${entryId} has already been requested and waits for a decision.`,
    undefined,
    existingId ? { existingId } : undefined,
  );
