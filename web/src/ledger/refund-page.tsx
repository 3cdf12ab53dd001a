import { getRouteApi } from '@tanstack/react-router';
import { LIMITS } from '../api/limits';
import { formatCents } from '../api/money';
import type { Enrollment } from '../enrollments/api';
import { ErrorSummary, RadioGroup, TextArea } from '../app/ui';
import { BackToLedger, ledgerFormPage, WhoseLedger } from './frame';
import { METHOD_OPTIONS, OVER_LIMIT, recordRefund, type RefundBody } from './api';
import { MoneyDone, MoneyForm, useMoneyForm } from './money-submission';
import type { Ledger, LedgerEntry } from './api';
import { methodText } from './payment-page';

const route = getRouteApi('/enrollments/$enrollmentId/refunds/new');

const FIELDS = { amountCents: 'amount', method: 'method', reason: 'reason' };
const SUBMIT = 'Record refund';

export const RecordRefundPage = ledgerFormPage(route, 'Record a refund', ['FINANCE'], RefundForm);

/**
 * Money paid back to the participant: never more than what was received. Sent as one submission
 * per press (useMoneyForm): pressing again after a lost connection records it once.
 */
function RefundForm({ enrollment, ledger }: { enrollment: Enrollment; ledger: Ledger }) {
  const received = ledger.receivedCents;
  const form = useMoneyForm({
    initial: { amount: '', method: '', reason: '' },
    submit: SUBMIT,
    fields: FIELDS,
    amount: { maxCents: received, overLimit: OVER_LIMIT.refund(`, ${formatCents(received)}`) },
    check(v, problems, amountCents): RefundBody {
      problems.when(!v.method, 'method', 'Select how the money is paid back');
      const reason = problems.required('reason', v.reason, 'Enter the reason for the refund');
      return { amountCents, method: v.method as RefundBody['method'], reason };
    },
    post: (body, key) => recordRefund(enrollment.id, body, key),
    announcement: (entry: LedgerEntry) => `Refund of ${formatCents(entry.amountCents)} recorded.`,
    figures: () => ({ receivedCents: received }),
  });
  const { done } = form;

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
      <ErrorSummary {...form.summary} />
      <WhoseLedger enrollment={enrollment} ledger={ledger} showReceived />
      {received <= 0 ? (
        <>
          <p>No money has been received, so nothing can be refunded.</p>
          <BackToLedger enrollment={enrollment} />
        </>
      ) : (
        <MoneyForm
          form={form}
          enrollment={enrollment}
          intro={
            <p className="refund-limit">
              Up to <strong>{formatCents(received)}</strong> may be refunded: the money received,
              less earlier refunds and reversed payments.
            </p>
          }
          amountHint={`In dollars and cents. At most ${formatCents(received)}.`}
          submit={SUBMIT}
          busyLabel="Recording the refund…"
        >
          <RadioGroup {...form.bind('method')} legend="Paid back by" options={METHOD_OPTIONS} />
          <TextArea
            {...form.bind('reason')}
            label="Reason"
            maxLength={LIMITS.CreateRefundDto.reason.max}
          />
        </MoneyForm>
      )}
    </>
  );
}
