import { getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { chicagoToday, formatDate, toDateInput } from '../api/dates';
import { formatCents } from '../api/money';
import { ApiError, type SummaryItem } from '../api/problem';
import type { Enrollment } from '../enrollments/api';
import { RequireRole } from '../app/shell';
import {
  Alert,
  ErrorSummary,
  PageHeading,
  RadioGroup,
  SummaryList,
  TextField,
  useFocusOnMount,
  usePageTitle,
} from '../app/ui';
import { BackToLedger, WhoseLedger, WithLedger } from './frame';
import {
  checkAmount,
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
import { MoneyForm, useMoneySubmission } from './money-submission';
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

export function RecordPaymentPage() {
  usePageTitle('Record a payment');
  const { enrollmentId } = route.useParams();
  return (
    <RequireRole roles={['FINANCE']}>
      <PageHeading>Record a payment</PageHeading>
      <WithLedger enrollmentId={enrollmentId}>
        {(enrollment, ledger) => <PaymentForm enrollment={enrollment} ledger={ledger} />}
      </WithLedger>
    </RequireRole>
  );
}

interface Fields {
  amount: string;
  method: string;
  reference: string;
  receivedOn: string;
}

/** What the review step shows and what "Confirm payment" sends, fixed when the review began. */
interface Review {
  body: PaymentBody;
  balanceBefore: number;
}

/**
 * Amount, method, reference and date → a review step with the balance before and after →
 * "Confirm payment" → the receipt. The body is built once, at the review step, and the same
 * object is sent on every press of "Confirm payment": after a lost connection, pressing it again
 * is the same submission, sent with the same Idempotency-Key (useMoneySubmission), so the API
 * replays the first answer instead of recording the payment twice.
 */
function PaymentForm({ enrollment, ledger }: { enrollment: Enrollment; ledger: Ledger }) {
  const [fields, setFields] = useState<Fields>({
    amount: '',
    method: '',
    reference: '',
    receivedOn: toDateInput(chicagoToday()),
  });
  const [review, setReview] = useState<Review | null>(null);
  const [balanceAfter, setBalanceAfter] = useState(0);
  const {
    busy,
    done: entry,
    uncertain,
    errors,
    send,
    reset,
  } = useMoneySubmission<PaymentBody, LedgerEntry>({
    submit: SUBMIT,
    fields: FIELDS,
    post: (body, key) => recordPayment(enrollment.id, body, key),
  });
  const moneyMoved = useMoneyMoved();
  const receipt = entry && { entry, balanceAfter };
  const set = (k: keyof Fields) => (v: string) => setFields((f) => ({ ...f, [k]: v }));
  const active = enrollment.status === 'ACTIVE';

  function focusLater(id: string) {
    window.setTimeout(() => document.getElementById(id)?.focus(), 0);
  }

  function check(e: FormEvent) {
    e.preventDefault();
    const problems: SummaryItem[] = [];
    const amount = checkAmount(
      fields.amount,
      'amount',
      ledger.balanceCents,
      OVER_LIMIT.payment(` of ${formatCents(ledger.balanceCents)}`),
    );
    if ('problem' in amount) problems.push(amount.problem);
    if (!fields.method) problems.push({ fieldId: 'method', message: 'Select how it was paid' });
    const reference = fields.reference.trim();
    if (NEEDS_REFERENCE[fields.method] && !reference)
      problems.push({ fieldId: 'reference', message: NEEDS_REFERENCE[fields.method] });
    const received = checkReceivedOn(fields.receivedOn, 'receivedOn');
    if ('problem' in received) problems.push(received.problem);
    if (problems.length || 'problem' in amount || 'problem' in received)
      return errors.show(problems);
    errors.clear();
    setReview({
      body: {
        amountCents: amount.cents,
        method: fields.method as PaymentBody['method'],
        ...(reference ? { reference } : {}),
        receivedOn: received.date,
      },
      balanceBefore: ledger.balanceCents,
    });
    focusLater('review-heading');
  }

  async function confirm() {
    if (!review) return;
    await send(review.body, {
      announcement: (entry) =>
        `Payment of ${formatCents(entry.amountCents)} recorded. Receipt number ${entry.receiptNumber}.`,
      onDone: () => {
        setBalanceAfter(review.balanceBefore - review.body.amountCents);
        setReview(null);
      },
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
          setReview(null);
          void moneyMoved();
        }
      },
    });
  }

  function again() {
    reset();
    setFields({ amount: '', method: '', reference: '', receivedOn: toDateInput(chicagoToday()) });
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
        <ErrorSummary items={errors.items} requestId={errors.requestId} />
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
            <button type="button" className="usa-button usa-button--outline" onClick={again}>
              Record another payment
            </button>
          )}
          <BackToLedger enrollment={enrollment} />
        </div>
      </section>
    );

  if (review)
    return (
      <>
        <ErrorSummary items={errors.items} requestId={errors.requestId} />
        <h2 id="review-heading" tabIndex={-1}>
          Check the payment
        </h2>
        <SummaryList
          rows={[
            ['Participant', enrollment.participantName ?? '—'],
            ['Amount', formatCents(review.body.amountCents)],
            ['Method', methodText(review.body.method, review.body.reference)],
            ['Received on', formatDate(review.body.receivedOn)],
            ['Balance before', formatCents(review.balanceBefore)],
            ['Balance after', formatCents(review.balanceBefore - review.body.amountCents)],
          ]}
        />
        <div className="usa-button-group">
          <button type="button" className="usa-button" onClick={confirm} disabled={busy}>
            {busy ? 'Recording the payment…' : SUBMIT}
          </button>
          {!uncertain && (
            <button
              type="button"
              className="usa-button usa-button--outline"
              disabled={busy}
              onClick={() => {
                errors.clear();
                setReview(null);
                focusLater('amount');
              }}
            >
              Change the payment
            </button>
          )}
        </div>
      </>
    );

  return (
    <>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
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
          enrollment={enrollment}
          onSubmit={check}
          amountHint={`In dollars and cents. At most the balance, ${formatCents(ledger.balanceCents)}.`}
          amount={fields.amount}
          onAmount={set('amount')}
          amountError={errors.field('amount')}
          submit="Continue"
        >
          <RadioGroup
            id="method"
            legend="Method"
            options={METHOD_OPTIONS}
            value={fields.method}
            error={errors.field('method')}
            onChange={set('method')}
          />
          <TextField
            id="reference"
            label="Reference"
            optional={!NEEDS_REFERENCE[fields.method]}
            hint="The check or money order number (required for those), or the card authorization."
            autoComplete="off"
            maxLength={100}
            value={fields.reference}
            error={errors.field('reference')}
            onChange={(e) => set('reference')(e.target.value)}
          />
          <TextField
            id="receivedOn"
            label="Received on"
            hint="Month/day/year."
            inputMode="numeric"
            autoComplete="off"
            className="usa-input--md"
            value={fields.receivedOn}
            error={errors.field('receivedOn')}
            onChange={(e) => set('receivedOn')(e.target.value)}
          />
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
