import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { addDays } from '../common/dates';
import { DomainError, notFound } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { isUniqueViolation } from '../common/pg-errors';
import {
  CreatePaymentDto,
  CreateRefundDto,
  CreateReversalDto,
  LedgerDto,
  LedgerEntryDto,
  LedgerEntryListItemDto,
  LedgerEntryQuery,
} from './ledger.dto';
import { AuthenticatedStaff } from '../common/request-context';
import { ReminderPlanner } from '../reminders/reminder-planner';
import { EntryFilter, LedgerRepository, LockedEnrollment } from './ledger.repository';
import { assertReversible } from './reversibility';
import { Settled } from '../common/unit-of-work';
import { MoneyWork } from './money-work';
import { isReversedByRequest, ReversalRequestDto } from './reversal-request.dto';
import { ReversalRequestService } from './reversal-request.service';

/** How far back FINANCE alone may date a payment; further back needs a SUPERVISOR. */
export const BACKDATE_DAYS = 30;

export const requireActive = (enrollment: LockedEnrollment, what: string): void => {
  if (enrollment.status !== 'ACTIVE') {
    throw new DomainError(
      'ENROLLMENT_NOT_ACTIVE',
      `Enrollment ${enrollment.id} is ${enrollment.status}; ${what} needs an ACTIVE enrollment.`,
    );
  }
};

/**
 * Payments, refunds and reversals. Each one locks the enrollment row first, checks the rule
 * against totals computed in SQL under that lock, then appends its entry — all in the
 * request's transaction.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly reminders: ReminderPlanner,
    private readonly reversalRequests: ReversalRequestService,
  ) {}

  async view(enrollmentId: string): Promise<LedgerDto> {
    if (!(await this.ledger.enrollmentExists(enrollmentId))) {
      throw notFound('Enrollment', enrollmentId);
    }
    return { enrollmentId, ...(await this.ledger.ledger(enrollmentId)) };
  }

  async list(q: LedgerEntryQuery): Promise<Page<LedgerEntryListItemDto>> {
    const [items, total] = await this.ledger.list(
      { kind: q.kind, receivedOn: q.receivedOn, enrollmentId: q.enrollmentId },
      q.limit,
      q.offset,
    );
    return pageOf(items, total, q);
  }

  /**
   * Lock last: the key claim (IdempotencyInterceptor), the enrollment lock, the balance check and
   * the audit event come first; then one statement takes the year's next receipt number, writes
   * the entry and completes the key; then the request commits. So the receipt counter, which
   * every payment of the year queues on, is held for one statement and the commit only. The
   * request's unit of work (`work`: its key, then its audit event) goes down to that statement.
   */
  async recordPayment(
    enrollmentId: string,
    dto: CreatePaymentDto,
    actor: AuthenticatedStaff,
    work: MoneyWork,
  ): Promise<Settled<LedgerEntryDto>> {
    const staffId = actor.id;
    const enrollment = await this.ledger.lockEnrollment(enrollmentId);
    requireActive(enrollment, 'a payment');
    this.assertReceivedOn(dto.receivedOn, enrollment, actor);
    const { balanceCents } = await this.ledger.totals(enrollmentId);
    if (dto.amountCents > balanceCents) {
      throw new DomainError(
        'OVERPAYMENT',
        `Payment of ${dto.amountCents} exceeds the balance of ${balanceCents}.`,
        [{ field: 'amountCents', message: `must not exceed the balance (${balanceCents})` }],
      );
    }
    await this.reminders.balanceChanged(enrollmentId, balanceCents, balanceCents - dto.amountCents);
    const id = randomUUID();
    const audited = await this.audit.recordSuccess(
      'ledger.payment.record',
      'ledger_entry',
      id,
      work.key.status,
    );
    return this.ledger.insertPayment(
      {
        id,
        enrollmentId,
        kind: 'PAYMENT',
        amountCents: dto.amountCents,
        signedAmountCents: -dto.amountCents,
        method: dto.method,
        reference: dto.reference,
        receivedOn: dto.receivedOn,
        createdBy: staffId,
      },
      // Receipts are numbered per calendar year of the day the money was received.
      this.clock.year(dto.receivedOn),
      work.audited(audited),
    );
  }

  /**
   * A payment's received date (issue 29): not before the enrollment began, not in the future
   * (422 RECEIVED_ON_OUT_OF_RANGE), and more than BACKDATE_DAYS back only for a staff member who
   * is also a SUPERVISOR (403 FORBIDDEN for a FINANCE clerk: the date may fall in a period
   * already remitted or reported, which a supervisor answers for).
   */
  private assertReceivedOn(
    receivedOn: string,
    enrollment: LockedEnrollment,
    actor: AuthenticatedStaff,
  ): void {
    const today = this.clock.today();
    const outOfRange = (message: string) =>
      new DomainError(
        'RECEIVED_ON_OUT_OF_RANGE',
        `receivedOn ${receivedOn} ${message}.`,
        [{ field: 'receivedOn', message }],
        { enrolledOn: enrollment.enrolledOn, today },
      );
    if (receivedOn > today) throw outOfRange(`must not be in the future (today is ${today})`);
    if (receivedOn < enrollment.enrolledOn) {
      throw outOfRange(`must not be before the enrollment began (${enrollment.enrolledOn})`);
    }
    if (receivedOn < addDays(today, -BACKDATE_DAYS) && !actor.roles.includes('SUPERVISOR')) {
      const message = `more than ${BACKDATE_DAYS} days back needs a SUPERVISOR`;
      throw new DomainError('FORBIDDEN', `receivedOn ${receivedOn}: ${message}.`, [
        { field: 'receivedOn', message },
      ]);
    }
  }

  /**
   * Refunds do not need an ACTIVE enrollment: paying money back to a participant who withdrew
   * or was terminated is the usual case.
   */
  async recordRefund(
    enrollmentId: string,
    dto: CreateRefundDto,
    staffId: string,
    work: MoneyWork,
  ): Promise<Settled<LedgerEntryDto>> {
    await this.ledger.lockEnrollment(enrollmentId);
    const { receivedCents, balanceCents } = await this.ledger.totals(enrollmentId);
    if (dto.amountCents > receivedCents) {
      throw new DomainError(
        'REFUND_EXCEEDS_RECEIVED',
        `Refund of ${dto.amountCents} exceeds the ${receivedCents} received.`,
        [
          {
            field: 'amountCents',
            message: `must not exceed the money received (${receivedCents})`,
          },
        ],
      );
    }
    await this.reminders.balanceChanged(enrollmentId, balanceCents, balanceCents + dto.amountCents);
    const id = randomUUID();
    const audited = await this.audit.recordSuccess(
      'ledger.refund.record',
      'ledger_entry',
      id,
      work.key.status,
    );
    return this.ledger.insertSettled(
      {
        id,
        enrollmentId,
        kind: 'REFUND',
        amountCents: dto.amountCents,
        signedAmountCents: dto.amountCents,
        method: dto.method,
        reason: dto.reason,
        receivedOn: this.clock.today(),
        createdBy: staffId,
      },
      work.audited(audited),
    );
  }

  /**
   * Negates one entry, once. A FEE or a WAIVER writes money off: its reversal is a request a
   * second SUPERVISOR approves (ReversalRequestService; SUPERVISOR or FINANCE may ask). A
   * PAYMENT or REFUND is reversed at once by a SUPERVISOR who did not record it. Refused when
   * the result would be a negative balance or negative money received (assertReversible). The
   * enrollment's state does not matter: a check can bounce after a case closed.
   */
  async reverse(
    entryId: string,
    dto: CreateReversalDto,
    actor: AuthenticatedStaff,
  ): Promise<{ entry: LedgerEntryDto } | { request: ReversalRequestDto }> {
    if (!(await this.ledger.lockEnrollmentOfEntry(entryId)))
      throw notFound('Ledger entry', entryId);
    // Read under the lock: a concurrent reversal may have committed meanwhile.
    const target = (await this.ledger.entry(entryId))!;
    if (!isReversedByRequest(target.kind) && !actor.roles.includes('SUPERVISOR')) {
      throw new DomainError(
        'FORBIDDEN',
        `A SUPERVISOR reverses a ${target.kind}; FINANCE may ask for the reversal of a FEE or a WAIVER only.`,
      );
    }
    if (target.kind === 'REVERSAL') {
      throw new DomainError(
        'NOT_REVERSIBLE',
        `Entry ${entryId} is a REVERSAL; reversals are final.`,
      );
    }
    if (target.reversedByEntryId) throw alreadyReversed(entryId, target.reversedByEntryId);
    if (isReversedByRequest(target.kind)) {
      return { request: await this.reversalRequests.request(target, dto.reason, actor.id) };
    }
    // Supervisors approve reversals, never of their own entries (PRODUCT.md: roles).
    if (target.createdBy === actor.id) {
      throw new DomainError(
        'SELF_APPROVAL',
        `Entry ${entryId} was recorded by you; another SUPERVISOR must reverse it.`,
      );
    }
    const totals = await this.ledger.totals(target.enrollmentId);
    assertReversible(target, totals);
    await this.reminders.balanceChanged(
      target.enrollmentId,
      totals.balanceCents,
      totals.balanceCents - target.signedAmountCents,
    );
    try {
      return {
        entry: await this.ledger.insert({
          enrollmentId: target.enrollmentId,
          kind: 'REVERSAL',
          amountCents: target.amountCents,
          signedAmountCents: -target.signedAmountCents,
          reason: dto.reason,
          reversesEntryId: target.id,
          createdBy: actor.id,
        }),
      };
    } catch (err) {
      // ledger_entries_one_reversal decides if anything slipped past the lock.
      if (isUniqueViolation(err)) throw alreadyReversed(entryId);
      throw err;
    }
  }

  /** The program fee, the first entry of every enrollment (written when it is enrolled). */
  assessFee(enrollmentId: string, feeCents: number, createdBy: string): Promise<void> {
    return this.ledger.assessFee(enrollmentId, feeCents, createdBy);
  }

  /** The number of entries GET /ledger-entries would list with this filter. */
  count(f: EntryFilter): Promise<number> {
    return this.ledger.count(f);
  }
}

const alreadyReversed = (entryId: string, by?: string) =>
  new DomainError(
    'ALREADY_REVERSED',
    `Entry ${entryId} has already been reversed.`,
    undefined,
    by ? { reversedByEntryId: by } : undefined,
  );
