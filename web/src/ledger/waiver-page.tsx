import { getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { formatCents, parseDollars } from '../api/money';
import { NetworkError, requestIdOf, type SummaryItem } from '../api/problem';
import type { Enrollment } from '../participants/page';
import { RequireRole } from '../app/shell';
import {
  Alert,
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
import { moneyProblem, useMoneyMoved, WAIVER_REASON_LABELS } from './ledger-api';
import type { Ledger } from './ledger-tab';

const route = getRouteApi('/enrollments/$enrollmentId/waiver-requests/new');

type WaiverBody = Schemas['CreateWaiverRequestDto'];

const FIELDS = { amountCents: 'amount', reason: 'reason', note: 'note' };
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

/** A waiver reaches the ledger only when a supervisor other than the requester approves it. */
function WaiverForm({ enrollment, ledger }: { enrollment: Enrollment; ledger: Ledger }) {
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<Schemas['WaiverRequestDto'] | null>(null);
  const errors = useFormErrors();
  const announce = useAnnounce();
  const moneyMoved = useMoneyMoved();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const problems: SummaryItem[] = [];
    const cents = parseDollars(amount);
    if (!cents.ok) problems.push({ fieldId: 'amount', message: cents.message });
    else if (cents.cents > ledger.balanceCents)
      problems.push({
        fieldId: 'amount',
        message: `The amount is more than the balance of ${formatCents(ledger.balanceCents)}. A waiver can never be more than what is owed.`,
      });
    if (!reason) problems.push({ fieldId: 'reason', message: 'Select the reason for the waiver' });
    if (!note.trim())
      problems.push({
        fieldId: 'note',
        message: 'Enter a note for the supervisor: what was reviewed and why',
      });
    if (problems.length || !cents.ok) return errors.show(problems);
    const body: WaiverBody = {
      amountCents: cents.cents,
      reason: reason as WaiverBody['reason'],
      note: note.trim(),
    };
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/enrollments/{id}/waiver-requests', {
        params: { path: { id: enrollment.id } },
        body,
      });
      errors.clear();
      setSent(data as Schemas['WaiverRequestDto']);
      announce(
        `Waiver of ${formatCents(body.amountCents)} requested. A supervisor will approve or reject it.`,
      );
      window.setTimeout(() => document.getElementById('sent-heading')?.focus(), 0);
      void moneyMoved(enrollment.id);
    } catch (err) {
      // A waiver request has no idempotency key: after a lost answer it may exist already.
      if (err instanceof NetworkError)
        return errors.show([
          {
            message:
              'The connection was lost before the case manager answered, so the request may have been recorded. Check with a supervisor before sending it again: a duplicate can be rejected on Approvals.',
          },
        ]);
      errors.show(
        moneyProblem(err, FIELDS, { balanceCents: ledger.balanceCents }),
        requestIdOf(err),
      );
    } finally {
      setBusy(false);
    }
  }

  if (sent)
    return (
      <>
        <div className="usa-alert usa-alert--success margin-y-2">
          <div className="usa-alert__body">
            <h2 className="usa-alert__heading" id="sent-heading" tabIndex={-1}>
              Waiver requested
            </h2>
            <p className="usa-alert__text">
              A supervisor other than you will approve or reject it. It reaches the ledger only when
              it is approved.
            </p>
          </div>
        </div>
        <SummaryList
          rows={[
            ['Participant', enrollment.participantName ?? '—'],
            ['Amount', formatCents(sent.amountCents)],
            ['Reason', WAIVER_REASON_LABELS[sent.reason] ?? sent.reason],
            ['Note', sent.note],
          ]}
        />
        <BackToLedger enrollment={enrollment} />
      </>
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
        <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
          <p>
            A supervisor other than you decides the request. Nothing changes on the ledger until
            then.
          </p>
          <MoneyField
            id="amount"
            label="Amount"
            hint={`In dollars and cents. At most the balance, ${formatCents(ledger.balanceCents)}.`}
            value={amount}
            error={errors.field('amount')}
            onChange={(e) => setAmount(e.target.value)}
          />
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
          <div className="usa-button-group margin-top-3">
            <button type="submit" className="usa-button" disabled={busy}>
              {busy ? 'Sending the request…' : 'Request waiver'}
            </button>
            <BackToLedger enrollment={enrollment}>Cancel</BackToLedger>
          </div>
        </form>
      )}
    </>
  );
}
