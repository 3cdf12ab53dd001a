import { queryOptions, useQuery } from '@tanstack/react-query';
import { useChanged } from '../api/cache';
import { api, type Schemas } from '../api/client';
import { chicagoToday, parseDateInput } from '../api/dates';
import { formatCents, parseDollars } from '../api/money';
import { ApiError, NetworkError, summarize, type SummaryItem } from '../api/problem';
import { data } from '../api/queries';

export type Ledger = Schemas['LedgerDto'];
export type LedgerEntry = Schemas['LedgerEntryDto'];
export type PaymentBody = Schemas['CreatePaymentDto'];
export type RefundBody = Schemas['CreateRefundDto'];
export type WaiverBody = Schemas['CreateWaiverRequestDto'];
export type WaiverRequest = Schemas['WaiverRequestDto'];

export const ledgerKeys = {
  of: (enrollmentId: string) => ['ledger', enrollmentId] as const,
};

/** One enrollment's ledger: its entries, balance and what was received. */
export function ledgerQuery(enrollmentId: string) {
  return queryOptions({
    queryKey: ledgerKeys.of(enrollmentId),
    queryFn: () => getLedger(enrollmentId),
    meta: { shows: ['money'] },
  });
}

export function getLedger(enrollmentId: string): Promise<Ledger> {
  return data(
    api.GET('/api/v1/enrollments/{id}/ledger', { params: { path: { id: enrollmentId } } }),
  );
}

export function useLedger(enrollmentId: string) {
  return useQuery(ledgerQuery(enrollmentId));
}

/*
 * The posts that move money. Each carries the Idempotency-Key of its submission (one key per
 * submission, the same on a retry of it: Submissions in api/submission.ts).
 */

export function recordPayment(enrollmentId: string, body: PaymentBody, idempotencyKey: string) {
  return data(
    api.POST('/api/v1/enrollments/{id}/payments', {
      params: { path: { id: enrollmentId }, header: { 'Idempotency-Key': idempotencyKey } },
      body,
    }),
  );
}

export function recordRefund(enrollmentId: string, body: RefundBody, idempotencyKey: string) {
  return data(
    api.POST('/api/v1/enrollments/{id}/refunds', {
      params: { path: { id: enrollmentId }, header: { 'Idempotency-Key': idempotencyKey } },
      body,
    }),
  );
}

/** A waiver leads to money: sent again after a lost answer, it makes no second request. */
export function requestWaiver(enrollmentId: string, body: WaiverBody, idempotencyKey: string) {
  return data(
    api.POST('/api/v1/enrollments/{id}/waiver-requests', {
      params: { path: { id: enrollmentId }, header: { 'Idempotency-Key': idempotencyKey } },
      body,
    }),
  );
}

/**
 * Reverses an entry: done at once (201) for a payment or a refund; a request a second supervisor
 * decides (202) for a fee or a waiver.
 */
export async function reverseEntry(
  entryId: string,
  reason: string,
): Promise<'reversed' | 'requested'> {
  const { response } = await api.POST('/api/v1/ledger-entries/{id}/reversal', {
    params: { path: { id: entryId } },
    body: { reason },
  });
  return response.status === 202 ? 'requested' : 'reversed';
}

/** After money moved: everything that shows a balance, a ledger or a count is out of date. */
export function useMoneyMoved(): () => Promise<void> {
  const changed = useChanged();
  return () => changed('money');
}

export const KIND_LABELS: Record<string, string> = {
  FEE: 'Fee',
  PAYMENT: 'Payment',
  WAIVER: 'Waiver',
  REFUND: 'Refund',
  REVERSAL: 'Reversal',
};

export const METHOD_LABELS: Record<string, string> = {
  CASH: 'Cash',
  CHECK: 'Check',
  MONEY_ORDER: 'Money order',
  CARD: 'Card',
};

export const METHOD_OPTIONS = [
  { value: 'CASH', label: 'Cash' },
  { value: 'CHECK', label: 'Check' },
  { value: 'MONEY_ORDER', label: 'Money order' },
  { value: 'CARD', label: 'Card' },
];

export const WAIVER_REASON_LABELS: Record<string, string> = {
  ABILITY_TO_PAY: 'Ability to pay',
  OTHER: 'Other',
};

/** The paper of these methods carries a number the office must record. */
export const NEEDS_REFERENCE: Record<string, string> = {
  CHECK: 'Enter the check number',
  MONEY_ORDER: 'Enter the money order number',
};

/**
 * The ledger's limits on an amount, which the API enforces too (OVERPAYMENT,
 * REFUND_EXCEEDS_RECEIVED, WAIVER_EXCEEDS_BALANCE): the words are written here once, for the
 * form's own check and for the API's refusal alike.
 */
export const OVER_LIMIT = {
  payment: (ofBalance: string) =>
    `The amount is more than the balance${ofBalance}. A payment can never be more than what is owed.`,
  refund: (received: string) =>
    `The amount is more than the money received${received}. A refund can never be more than what was paid.`,
  waiver: (ofBalance: string) =>
    `The amount is more than the balance${ofBalance}. A waiver can never be more than what is owed.`,
};

/** A typed amount in dollars, at most `maxCents`: its cents, or the problem on its field. */
export function checkAmount(
  input: string,
  fieldId: string,
  maxCents: number,
  overLimit: string,
): { cents: number } | { problem: SummaryItem } {
  const amount = parseDollars(input);
  if (!amount.ok) return { problem: { fieldId, message: amount.message } };
  if (amount.cents > maxCents) return { problem: { fieldId, message: overLimit } };
  return { cents: amount.cents };
}

/** A typed "received on" date: a real calendar date, not in the future (Chicago). */
export function checkReceivedOn(
  input: string,
  fieldId: string,
): { date: string } | { problem: SummaryItem } {
  const date = parseDateInput(input);
  if (!date)
    return {
      problem: { fieldId, message: 'Enter the date as month/day/year, for example 03/14/2026' },
    };
  if (date > chicagoToday())
    return { problem: { fieldId, message: 'The date cannot be in the future' } };
  return { date };
}

/**
 * The error summary of a money form: the ledger's codes in plain words (the API's own field
 * messages speak in cents), each on the field it is about.
 */
export function moneyProblem(
  err: unknown,
  fields: Record<string, string>,
  context: { balanceCents?: number; receivedCents?: number; submit?: string } = {},
): SummaryItem[] {
  const amount = fields.amountCents;
  if (err instanceof ApiError && err.status >= 500 && context.submit)
    return [
      {
        message: `The case manager could not finish this. Press “${context.submit}” again: it is sent as the same submission and can never be recorded twice. If it happens again, call support.`,
      },
    ];
  if (err instanceof NetworkError && context.submit)
    return [
      {
        message: `The connection was lost before the case manager answered, so this may or may not have been recorded. Press “${context.submit}” again: it is sent as the same submission and can never be recorded twice.`,
      },
    ];
  if (err instanceof ApiError) {
    const money = (cents: number | undefined) =>
      cents === undefined ? '' : ` of ${formatCents(cents)}`;
    switch (err.code) {
      case 'OVERPAYMENT':
        return [
          {
            fieldId: amount,
            message: OVER_LIMIT.payment(money(context.balanceCents)),
          },
        ];
      case 'WAIVER_EXCEEDS_BALANCE':
        // Asked for more than is owed now (a payment came in since the page opened): the most
        // that can be waived, from the answer.
        if (context.submit === 'Request waiver' && typeof err.problem.maxCents === 'number')
          return [
            {
              fieldId: amount,
              message: `The waiver is more than the balance now. The most that can be waived is ${formatCents(err.problem.maxCents)}.`,
            },
          ];
        return [
          {
            fieldId: amount,
            message: `The waiver is more than the balance${money(context.balanceCents)} now. Reject it, and ask for a new request if part of the fee should still be waived.`,
          },
        ];
      case 'REFUND_EXCEEDS_RECEIVED':
        return [
          {
            fieldId: amount,
            message: OVER_LIMIT.refund(money(context.receivedCents)),
          },
        ];
      case 'ENROLLMENT_NOT_ACTIVE':
        return [
          {
            message:
              'This enrollment is closed (completed, withdrawn or terminated), so no payment or waiver can be recorded on it.',
          },
        ];
      case 'IDEMPOTENCY_IN_PROGRESS':
        return [
          {
            message: `The first attempt is still being recorded. Wait a moment, then press “${context.submit ?? 'the button'}” again: it cannot be recorded twice.`,
          },
        ];
      case 'ALREADY_REVERSED':
        return [{ message: 'This entry has already been reversed. Reload the ledger to see it.' }];
      case 'NOT_REVERSIBLE':
        return [
          {
            message:
              'This entry cannot be reversed: the balance would drop below $0.00 or less than nothing would have been received. Record a refund instead, or reverse the refund first.',
          },
        ];
      case 'SELF_APPROVAL':
        return [
          {
            message: 'You recorded or asked for this yourself: another supervisor must decide it.',
          },
        ];
    }
  }
  return summarize(err, fields);
}
