import { getRouteApi } from '@tanstack/react-router';
import { Button } from '@trussworks/react-uswds';
import { useState } from 'react';
import { chicagoToday, formatDate, toDateInput } from '../api/dates';
import { LIMITS } from '../api/limits';
import { formatCents } from '../api/money';
import { ApiError } from '../api/problem';
import type { Enrollment } from '../enrollments/api';
import {
  Alert,
  DateField,
  ErrorSummary,
  RadioGroup,
  SummaryList,
  TextField,
  useFocusOnMount,
} from '../app/ui';
import { BackToLedger, ledgerFormPage, WhoseLedger } from './frame';
import {
  checkReceivedOn,
  getLedger,
  METHOD_OPTIONS,
  NEEDS_REFERENCE,
  OVER_LIMIT,
  recordPayment,
  useMoneyMoved,
  type Ledger,
  type LedgerEntry,
  type PaymentBody,
} from './api';
import { MoneyForm, useMoneyForm } from './money-submission';
import { ReceiptButton } from './receipt';

const route = getRouteApi('/enrollments/$enrollmentId/payments/new');

/** API field → input id (the first radio of "Method" carries the group's id). */
const FIELDS = {
  amountCents: 'amount',
  method: 'method',
  reference: 'reference',
  receivedOn: 'receivedOn',
};

const SUBMIT = 'Confirm payment';

export const RecordPaymentPage = ledgerFormPage(
  route,
  'Record a payment',
  ['FINANCE'],
  PaymentForm,
);

/**
 * Amount, method, reference and date → a review step with the balance before and after →
 * "Confirm payment" → the receipt. The body is built once, at the review step, and the same
 * object is sent on every press of "Confirm payment": after a lost connection, pressing it again
 * is the same submission, sent with the same Idempotency-Key (useMoneyForm), so the API replays
 * the first answer instead of recording the payment twice.
 */
function PaymentForm({ enrollment, ledger }: { enrollment: Enrollment; ledger: Ledger }) {
  // The balance the review step shows, fixed when it began.
  const [balanceBefore, setBalanceBefore] = useState(0);
  const moneyMoved = useMoneyMoved();
  const form = useMoneyForm({
    initial: () => ({
      amount: '',
      method: '',
      reference: '',
      receivedOn: toDateInput(chicagoToday()),
    }),
    submit: SUBMIT,
    fields: FIELDS,
    review: true,
    amount: {
      maxCents: ledger.balanceCents,
      overLimit: OVER_LIMIT.payment(` of ${formatCents(ledger.balanceCents)}`),
    },
    check(v, problems, amountCents): PaymentBody | undefined {
      problems.when(!v.method, 'method', 'Select how it was paid');
      const reference = v.reference.trim();
      problems.when(
        NEEDS_REFERENCE[v.method] && !reference,
        'reference',
        NEEDS_REFERENCE[v.method],
      );
      const received = problems.of(checkReceivedOn(v.receivedOn, 'receivedOn'));
      if (problems.any || !received) return undefined;
      setBalanceBefore(ledger.balanceCents);
      focusLater('review-heading');
      return {
        amountCents,
        method: v.method as PaymentBody['method'],
        ...(reference ? { reference } : {}),
        receivedOn: received.date,
      };
    },
    post: (body, key) => recordPayment(enrollment.id, body, key),
    announcement: (entry: LedgerEntry) =>
      `Payment of ${formatCents(entry.amountCents)} recorded. Receipt number ${entry.receiptNumber}.`,
    // Refused as more than the balance: the balance changed since the form read it.
    figures: async (err) => ({
      balanceCents:
        err instanceof ApiError && err.code === 'OVERPAYMENT'
          ? await getLedger(enrollment.id)
              .then((l) => l.balanceCents)
              .catch(() => undefined)
          : ledger.balanceCents,
    }),
    // A refusal about a field goes back to the form, where that field is.
    onRefused: (items) => {
      if (items.some((i) => i.fieldId)) {
        form.closeReview();
        void moneyMoved();
      }
    },
  });
  const { done: entry, review, busy, uncertain, errors } = form;
  const receipt = entry && { entry, balanceAfter: balanceBefore - entry.amountCents };
  const active = enrollment.status === 'ACTIVE';

  function focusLater(id: string) {
    window.setTimeout(() => document.getElementById(id)?.focus(), 0);
  }

  function again() {
    form.again();
    focusLater('amount');
  }

  if (receipt)
    return (
      <section aria-labelledby="receipt-heading">
        <div className="usa-alert usa-alert--success margin-y-2">
          <div className="usa-alert__body">
            <ReceiptHeading />
            <p className="usa-alert__text">
              Receipt number{' '}
              <strong className="receipt-number">{receipt.entry.receiptNumber}</strong>
            </p>
          </div>
        </div>
        <ErrorSummary {...form.summary} />
        <SummaryList
          rows={[
            ['Participant', enrollment.participantName ?? '—'],
            ['Amount', formatCents(receipt.entry.amountCents)],
            ['Method', methodText(receipt.entry.method, receipt.entry.reference)],
            ['Received on', formatDate(receipt.entry.receivedOn)],
            ['Balance now', formatCents(receipt.balanceAfter)],
          ]}
        />
        <div className="usa-button-group">
          <ReceiptButton
            entry={receipt.entry}
            className="usa-button"
            onError={(err) => errors.fromError(err)}
          >
            Print receipt
          </ReceiptButton>
          {receipt.balanceAfter > 0 && (
            <Button type="button" outline onClick={again}>
              Record another payment
            </Button>
          )}
          <BackToLedger enrollment={enrollment} />
        </div>
      </section>
    );

  if (review)
    return (
      <>
        <ErrorSummary {...form.summary} />
        <h2 id="review-heading" tabIndex={-1}>
          Check the payment
        </h2>
        <SummaryList
          rows={[
            ['Participant', enrollment.participantName ?? '—'],
            ['Amount', formatCents(review.amountCents)],
            ['Method', methodText(review.method, review.reference)],
            ['Received on', formatDate(review.receivedOn)],
            ['Balance before', formatCents(balanceBefore)],
            ['Balance after', formatCents(balanceBefore - review.amountCents)],
          ]}
        />
        <div className="usa-button-group">
          <Button type="button" onClick={() => void form.confirm()} disabled={busy}>
            {busy ? 'Recording the payment…' : SUBMIT}
          </Button>
          {!uncertain && (
            <Button
              type="button"
              outline
              disabled={busy}
              onClick={() => {
                form.back();
                focusLater('amount');
              }}
            >
              Change the payment
            </Button>
          )}
        </div>
      </>
    );

  return (
    <>
      <ErrorSummary {...form.summary} />
      <WhoseLedger enrollment={enrollment} ledger={ledger} />
      {!active ? (
        <>
          <Alert type="warning" heading="This enrollment is closed" headingLevel={2}>
            <p className="margin-0">A payment can be recorded only on an active enrollment.</p>
          </Alert>
          <BackToLedger enrollment={enrollment} />
        </>
      ) : ledger.balanceCents <= 0 ? (
        <>
          <p>Nothing is owed: the balance is {formatCents(ledger.balanceCents)}.</p>
          <BackToLedger enrollment={enrollment} />
        </>
      ) : (
        <MoneyForm
          form={form}
          enrollment={enrollment}
          amountHint={`In dollars and cents. At most the balance, ${formatCents(ledger.balanceCents)}.`}
          submit="Continue"
        >
          <RadioGroup {...form.bind('method')} legend="Method" options={METHOD_OPTIONS} />
          <TextField
            {...form.bind('reference')}
            label="Reference"
            optional={!NEEDS_REFERENCE[form.values.method]}
            hint="The check or money order number (required for those), or the card authorization."
            autoComplete="off"
            maxLength={LIMITS.CreatePaymentDto.reference.max}
          />
          <DateField {...form.bind('receivedOn')} label="Received on" hint="Month/day/year." />
        </MoneyForm>
      )}
    </>
  );
}

export function methodText(method?: string | null, reference?: string | null): string {
  const label = METHOD_OPTIONS.find((m) => m.value === method)?.label ?? method ?? '—';
  return reference ? `${label}, ${reference}` : label;
}

/** "Payment recorded": focused when it replaces the form (WCAG 2.4.3). */
function ReceiptHeading() {
  const focused = useFocusOnMount<HTMLHeadingElement>();
  return (
    <h2 className="usa-alert__heading" id="receipt-heading" tabIndex={-1} ref={focused}>
      Payment recorded
    </h2>
  );
}
