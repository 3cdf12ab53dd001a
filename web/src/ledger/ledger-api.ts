import { useQuery, useQueryClient } from '@tanstack/react-query';
import { chicagoToday, parseDateInput } from '../api/dates';
import { formatCents } from '../api/money';
import { ApiError, NetworkError, summarize, type SummaryItem } from '../api/problem';
import { enrollmentQuery } from '../api/queries';

/** One enrollment by id (the forms of the ledger start from it: name, program, status). */
export function useEnrollment(enrollmentId: string) {
  return useQuery(enrollmentQuery(enrollmentId));
}

/** After money moved: everything that shows a balance, a ledger or a count is out of date. */
export function useMoneyMoved() {
  const queryClient = useQueryClient();
  return (enrollmentId: string) =>
    Promise.all(
      [
        ['ledger', enrollmentId],
        ['enrollment', enrollmentId],
        ['enrollment-of'],
        ['waiver-requests'],
        ['work-payments'],
        ['work-queue'],
      ].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
}

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
            message: `The amount is more than the balance${money(context.balanceCents)}. A payment can never be more than what is owed.`,
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
            message: `The amount is more than the money received${money(context.receivedCents)}. A refund can never be more than what was paid.`,
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
