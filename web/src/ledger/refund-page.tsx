import { getRouteApi } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { formatCents, parseDollars } from '../api/money';
import { requestIdOf, type SummaryItem } from '../api/problem';
import type { Enrollment } from '../participants/page';
import { RequireRole } from '../app/shell';
import {
  ErrorSummary,
  MoneyField,
  PageHeading,
  RadioGroup,
  SummaryList,
  TextArea,
  useAnnounce,
  useFormErrors,
  usePageTitle,
} from '../app/ui';
import { BackToLedger, WhoseLedger, WithLedger } from './frame';
import { METHOD_OPTIONS, moneyProblem, useMoneyMoved } from './ledger-api';
import type { Ledger, LedgerEntry } from './ledger-tab';
import { methodText } from './payment-page';

const route = getRouteApi('/enrollments/$enrollmentId/refunds/new');

type RefundBody = Schemas['CreateRefundDto'];

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
 * Money paid back to the participant: never more than what was received. The body is built from
 * the fields on each press, so pressing again after a lost connection with nothing changed sends
 * the same request (and the middleware the same Idempotency-Key).
 */
function RefundForm({ enrollment, ledger }: { enrollment: Enrollment; ledger: Ledger }) {
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const [done, setDone] = useState<LedgerEntry | null>(null);
  const errors = useFormErrors();
  const announce = useAnnounce();
  const moneyMoved = useMoneyMoved();
  const received = ledger.receivedCents;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (sending.current) return;
    const problems: SummaryItem[] = [];
    const cents = parseDollars(amount);
    if (!cents.ok) problems.push({ fieldId: 'amount', message: cents.message });
    else if (cents.cents > received)
      problems.push({
        fieldId: 'amount',
        message: `The amount is more than the money received, ${formatCents(received)}. A refund can never be more than what was paid.`,
      });
    if (!method) problems.push({ fieldId: 'method', message: 'Select how the money is paid back' });
    if (!reason.trim())
      problems.push({ fieldId: 'reason', message: 'Enter the reason for the refund' });
    if (problems.length || !cents.ok) return errors.show(problems);
    const body: RefundBody = {
      amountCents: cents.cents,
      method: method as RefundBody['method'],
      reason: reason.trim(),
    };
    sending.current = true;
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/enrollments/{id}/refunds', {
        // The required Idempotency-Key header is the middleware's: one key per submission.
        params: { path: { id: enrollment.id } } as never,
        body,
      });
      errors.clear();
      setDone(data as LedgerEntry);
      announce(`Refund of ${formatCents(body.amountCents)} recorded.`);
      window.setTimeout(() => document.getElementById('done-heading')?.focus(), 0);
      void moneyMoved(enrollment.id);
    } catch (err) {
      errors.show(
        moneyProblem(err, FIELDS, { receivedCents: received, submit: SUBMIT }),
        requestIdOf(err),
      );
    } finally {
      sending.current = false;
      setBusy(false);
    }
  }

  if (done)
    return (
      <>
        <div className="usa-alert usa-alert--success margin-y-2">
          <div className="usa-alert__body">
            <h2 className="usa-alert__heading" id="done-heading" tabIndex={-1}>
              Refund recorded
            </h2>
          </div>
        </div>
        <SummaryList
          rows={[
            ['Participant', enrollment.participantName ?? '—'],
            ['Amount', formatCents(done.amountCents)],
            ['Paid back by', methodText(done.method)],
            ['Reason', done.reason ?? '—'],
          ]}
        />
        <BackToLedger enrollment={enrollment} />
      </>
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
        <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
          <p className="refund-limit">
            Up to <strong>{formatCents(received)}</strong> may be refunded: the money received, less
            earlier refunds and reversed payments.
          </p>
          <MoneyField
            id="amount"
            label="Amount"
            hint={`In dollars and cents. At most ${formatCents(received)}.`}
            value={amount}
            error={errors.field('amount')}
            onChange={(e) => setAmount(e.target.value)}
          />
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
          <div className="usa-button-group margin-top-3">
            <button type="submit" className="usa-button" disabled={busy}>
              {busy ? 'Recording the refund…' : SUBMIT}
            </button>
            <BackToLedger enrollment={enrollment}>Cancel</BackToLedger>
          </div>
        </form>
      )}
    </>
  );
}
