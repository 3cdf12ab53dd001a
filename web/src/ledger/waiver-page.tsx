import { getRouteApi } from '@tanstack/react-router';
import { LIMITS } from '../api/limits';
import { formatCents } from '../api/money';
import type { Enrollment } from '../enrollments/api';
import { Alert, ErrorSummary, RadioGroup, TextArea } from '../app/ui';
import { BackToLedger, ledgerFormPage, WhoseLedger } from './frame';
import {
  OVER_LIMIT,
  requestWaiver,
  WAIVER_REASON_LABELS,
  type WaiverBody,
  type WaiverRequest,
} from './api';
import { MoneyDone, MoneyForm, useMoneyForm } from './money-submission';
import type { Ledger } from './api';

const route = getRouteApi('/enrollments/$enrollmentId/waiver-requests/new');

const FIELDS = { amountCents: 'amount', reason: 'reason', note: 'note' };
const SUBMIT = 'Request waiver';
const REASONS = Object.entries(WAIVER_REASON_LABELS).map(([value, label]) => ({ value, label }));

export const RequestWaiverPage = ledgerFormPage(
  route,
  'Request a waiver',
  ['FINANCE', 'INTAKE'],
  WaiverForm,
);

/**
 * A waiver reaches the ledger only when a supervisor other than the requester approves it. The
 * request is sent as one submission per press (useMoneyForm), with an Idempotency-Key:
 * pressing again after a lost connection leaves one request for the supervisor.
 */
function WaiverForm({ enrollment, ledger }: { enrollment: Enrollment; ledger: Ledger }) {
  const balance = ledger.balanceCents;
  const form = useMoneyForm({
    initial: { amount: '', reason: '', note: '' },
    submit: SUBMIT,
    fields: FIELDS,
    amount: { maxCents: balance, overLimit: OVER_LIMIT.waiver(` of ${formatCents(balance)}`) },
    check(v, problems, amountCents): WaiverBody {
      problems.when(!v.reason, 'reason', 'Select the reason for the waiver');
      const note = problems.required(
        'note',
        v.note,
        'Enter a note for the supervisor: what was reviewed and why',
      );
      return { amountCents, reason: v.reason as WaiverBody['reason'], note };
    },
    post: (body, key) => requestWaiver(enrollment.id, body, key),
    announcement: (sent: WaiverRequest) =>
      `Waiver of ${formatCents(sent.amountCents)} requested. A supervisor will approve or reject it.`,
    figures: () => ({ balanceCents: balance }),
  });
  const { done: sent } = form;

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
      <ErrorSummary {...form.summary} />
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
          form={form}
          enrollment={enrollment}
          intro={
            <p>
              A supervisor other than you decides the request. Nothing changes on the ledger until
              then.
            </p>
          }
          amountHint={`In dollars and cents. At most the balance, ${formatCents(balance)}.`}
          submit={SUBMIT}
          busyLabel="Sending the request…"
        >
          <RadioGroup {...form.bind('reason')} legend="Reason" options={REASONS} />
          <TextArea
            {...form.bind('note')}
            label="Note"
            hint="What you reviewed, for example pay stubs or a benefits letter. The supervisor reads this."
            maxLength={LIMITS.CreateWaiverRequestDto.note.max}
          />
        </MoneyForm>
      )}
    </>
  );
}
