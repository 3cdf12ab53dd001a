import { getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { formatCents } from '../api/money';
import type { SummaryItem } from '../api/problem';
import type { Enrollment } from '../enrollments/api';
import { RequireRole } from '../app/shell';
import { ErrorSummary, PageHeading, RadioGroup, TextArea, usePageTitle } from '../app/ui';
import { BackToLedger, WhoseLedger, WithLedger } from './frame';
import { checkAmount, METHOD_OPTIONS, OVER_LIMIT, recordRefund, type RefundBody } from './api';
import { MoneyDone, MoneyForm, useMoneySubmission } from './money-submission';
import type { Ledger, LedgerEntry } from './api';
import { methodText } from './payment-page';

const route = getRouteApi('/enrollments/$enrollmentId/refunds/new');

const FIELDS = { amountCents: 'amount', method: 'method', reason: 'reason' };
const SUBMIT = 'Record refund';

export function RecordRefundPage() {
  usePageTitle('Record a refund');
  const { enrollmentId } = route.useParams();
  return (
    <RequireRole roles={['FINANCE']}>
      <PageHeading>Record a refund</PageHeading>
      <WithLedger enrollmentId={enrollmentId}>
        {(enrollment, ledger) => <RefundForm enrollment={enrollment} ledger={ledger} />}
      </WithLedger>
    </RequireRole>
  );
}

/**
 * Money paid back to the participant: never more than what was received. Sent as one submission
 * per press (useMoneySubmission): pressing again after a lost connection records it once.
 */
function RefundForm({ enrollment, ledger }: { enrollment: Enrollment; ledger: Ledger }) {
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState('');
  const [reason, setReason] = useState('');
  const { busy, done, errors, send } = useMoneySubmission<RefundBody, LedgerEntry>({
    submit: SUBMIT,
    fields: FIELDS,
    post: (body, key) => recordRefund(enrollment.id, body, key),
  });
  const received = ledger.receivedCents;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: SummaryItem[] = [];
    const cents = checkAmount(
      amount,
      'amount',
      received,
      OVER_LIMIT.refund(`, ${formatCents(received)}`),
    );
    if ('problem' in cents) problems.push(cents.problem);
    if (!method) problems.push({ fieldId: 'method', message: 'Select how the money is paid back' });
    if (!reason.trim())
      problems.push({ fieldId: 'reason', message: 'Enter the reason for the refund' });
    if (problems.length || 'problem' in cents) return errors.show(problems);
    const body: RefundBody = {
      amountCents: cents.cents,
      method: method as RefundBody['method'],
      reason: reason.trim(),
    };
    await send(body, {
      announcement: () => `Refund of ${formatCents(body.amountCents)} recorded.`,
      figures: () => ({ receivedCents: received }),
    });
  }

  if (done)
    return (
      <MoneyDone
        headingId="done-heading"
        heading="Refund recorded"
        enrollment={enrollment}
        rows={[
          ['Amount', formatCents(done.amountCents)],
          ['Paid back by', methodText(done.method)],
          ['Reason', done.reason ?? '—'],
        ]}
      />
    );

  return (
    <>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      <WhoseLedger enrollment={enrollment} ledger={ledger} showReceived />
      {received <= 0 ? (
        <>
          <p>No money has been received, so nothing can be refunded.</p>
          <BackToLedger enrollment={enrollment} />
        </>
      ) : (
        <MoneyForm
          enrollment={enrollment}
          onSubmit={submit}
          intro={
            <p className="refund-limit">
              Up to <strong>{formatCents(received)}</strong> may be refunded: the money received,
              less earlier refunds and reversed payments.
            </p>
          }
          amountHint={`In dollars and cents. At most ${formatCents(received)}.`}
          amount={amount}
          onAmount={setAmount}
          amountError={errors.field('amount')}
          submit={SUBMIT}
          busy={busy}
          busyLabel="Recording the refund…"
        >
          <RadioGroup
            id="method"
            legend="Paid back by"
            options={METHOD_OPTIONS}
            value={method}
            error={errors.field('method')}
            onChange={setMethod}
          />
          <TextArea
            id="reason"
            label="Reason"
            maxLength={500}
            value={reason}
            error={errors.field('reason')}
            onChange={(e) => setReason(e.target.value)}
          />
        </MoneyForm>
      )}
    </>
  );
}
