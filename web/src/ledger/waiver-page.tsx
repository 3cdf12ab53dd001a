import { getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { formatCents } from '../api/money';
import type { SummaryItem } from '../api/problem';
import type { Enrollment } from '../enrollments/api';
import { RequireRole } from '../app/shell';
import { Alert, ErrorSummary, PageHeading, RadioGroup, TextArea, usePageTitle } from '../app/ui';
import { BackToLedger, WhoseLedger, WithLedger } from './frame';
import {
  checkAmount,
  OVER_LIMIT,
  requestWaiver,
  WAIVER_REASON_LABELS,
  type WaiverBody,
  type WaiverRequest,
} from './api';
import { MoneyDone, MoneyForm, useMoneySubmission } from './money-submission';
import type { Ledger } from './api';

const route = getRouteApi('/enrollments/$enrollmentId/waiver-requests/new');

const FIELDS = { amountCents: 'amount', reason: 'reason', note: 'note' };
const SUBMIT = 'Request waiver';
const REASONS = Object.entries(WAIVER_REASON_LABELS).map(([value, label]) => ({ value, label }));

export function RequestWaiverPage() {
  usePageTitle('Request a waiver');
  const { enrollmentId } = route.useParams();
  return (
    <RequireRole roles={['FINANCE', 'INTAKE']}>
      <PageHeading>Request a waiver</PageHeading>
      <WithLedger enrollmentId={enrollmentId}>
        {(enrollment, ledger) => <WaiverForm enrollment={enrollment} ledger={ledger} />}
      </WithLedger>
    </RequireRole>
  );
}

/**
 * A waiver reaches the ledger only when a supervisor other than the requester approves it. The
 * request is sent as one submission per press (useMoneySubmission), with an Idempotency-Key:
 * pressing again after a lost connection leaves one request for the supervisor.
 */
function WaiverForm({ enrollment, ledger }: { enrollment: Enrollment; ledger: Ledger }) {
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const {
    busy,
    done: sent,
    errors,
    send,
  } = useMoneySubmission<WaiverBody, WaiverRequest>({
    submit: SUBMIT,
    fields: FIELDS,
    post: (body, key) => requestWaiver(enrollment.id, body, key),
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: SummaryItem[] = [];
    const cents = checkAmount(
      amount,
      'amount',
      ledger.balanceCents,
      OVER_LIMIT.waiver(` of ${formatCents(ledger.balanceCents)}`),
    );
    if ('problem' in cents) problems.push(cents.problem);
    if (!reason) problems.push({ fieldId: 'reason', message: 'Select the reason for the waiver' });
    if (!note.trim())
      problems.push({
        fieldId: 'note',
        message: 'Enter a note for the supervisor: what was reviewed and why',
      });
    if (problems.length || 'problem' in cents) return errors.show(problems);
    const body: WaiverBody = {
      amountCents: cents.cents,
      reason: reason as WaiverBody['reason'],
      note: note.trim(),
    };
    await send(body, {
      announcement: () =>
        `Waiver of ${formatCents(body.amountCents)} requested. A supervisor will approve or reject it.`,
      figures: () => ({ balanceCents: ledger.balanceCents }),
    });
  }

  if (sent)
    return (
      <MoneyDone
        headingId="sent-heading"
        heading="Waiver requested"
        text="A supervisor other than you will approve or reject it. It reaches the ledger only when it is approved."
        enrollment={enrollment}
        rows={[
          ['Amount', formatCents(sent.amountCents)],
          ['Reason', WAIVER_REASON_LABELS[sent.reason] ?? sent.reason],
          ['Note', sent.note],
        ]}
      />
    );

  return (
    <>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      <WhoseLedger enrollment={enrollment} ledger={ledger} />
      {enrollment.status !== 'ACTIVE' || ledger.balanceCents <= 0 ? (
        <>
          <Alert type="info" heading="Nothing can be waived" headingLevel={2}>
            <p className="margin-0">
              {enrollment.status !== 'ACTIVE'
                ? 'This enrollment is closed.'
                : `Nothing is owed: the balance is ${formatCents(ledger.balanceCents)}.`}
            </p>
          </Alert>
          <BackToLedger enrollment={enrollment} />
        </>
      ) : (
        <MoneyForm
          enrollment={enrollment}
          onSubmit={submit}
          intro={
            <p>
              A supervisor other than you decides the request. Nothing changes on the ledger until
              then.
            </p>
          }
          amountHint={`In dollars and cents. At most the balance, ${formatCents(ledger.balanceCents)}.`}
          amount={amount}
          onAmount={setAmount}
          amountError={errors.field('amount')}
          submit={SUBMIT}
          busy={busy}
          busyLabel="Sending the request…"
        >
          <RadioGroup
            id="reason"
            legend="Reason"
            options={REASONS}
            value={reason}
            error={errors.field('reason')}
            onChange={setReason}
          />
          <TextArea
            id="note"
            label="Note"
            hint="What you reviewed, for example pay stubs or a benefits letter. The supervisor reads this."
            maxLength={2000}
            value={note}
            error={errors.field('note')}
            onChange={(e) => setNote(e.target.value)}
          />
        </MoneyForm>
      )}
    </>
  );
}
