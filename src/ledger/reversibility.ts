import { DomainError } from '../common/domain-error';
import { LedgerEntryDto } from './ledger.dto';
import { Totals } from './ledger.repository';

/**
 * Whether negating `target` keeps the ledger possible: not a negative balance (reversing a FEE
 * or REFUND the participant has already paid down), not negative money received (reversing a
 * payment that was already refunded: reverse the refund first).
 */
export function assertReversible(target: LedgerEntryDto, totals: Totals): void {
  const balanceAfter = totals.balanceCents - target.signedAmountCents;
  if (balanceAfter < 0) {
    throw new DomainError(
      'NOT_REVERSIBLE',
      `Reversing this ${target.kind} of ${target.amountCents} would leave a negative balance ` +
        `(${balanceAfter}); refund the money instead.`,
    );
  }
  if (target.kind === 'PAYMENT' && totals.receivedCents < target.amountCents) {
    throw new DomainError(
      'NOT_REVERSIBLE',
      `Reversing this payment of ${target.amountCents} would leave less than nothing received ` +
        `(${totals.receivedCents} received); reverse the refund first.`,
    );
  }
}
