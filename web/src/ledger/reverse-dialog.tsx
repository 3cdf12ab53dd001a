import { useState } from 'react';
import { api } from '../api/client';
import { formatDate, formatTimestamp } from '../api/dates';
import { formatCents } from '../api/money';
import { requestIdOf, type SummaryItem } from '../api/problem';
import { Dialog, ErrorSummary, RadioGroup, TextField, useAnnounce, useFormErrors } from '../app/ui';
import { moneyProblem, useMoneyMoved } from './ledger-api';
import { KIND_LABELS, type LedgerEntry } from './ledger-tab';

const OTHER = 'OTHER';

/** The reasons offered; a bounced check only for a payment made by check. */
function reasonsFor(entry: LedgerEntry): { value: string; label: string }[] {
  return [
    ...(entry.kind === 'PAYMENT' && entry.method === 'CHECK'
      ? [{ value: 'Bounced check', label: 'Bounced check' }]
      : []),
    { value: 'Entered in error', label: 'Entered in error' },
    { value: OTHER, label: 'Another reason' },
  ];
}

/**
 * SUPERVISOR: reverse one entry (a new REVERSAL entry negates it; the entry itself stays). The
 * reason is chosen from the common ones or typed.
 */
export function ReverseDialog({
  entry,
  number,
  balanceCents,
  onClose,
  onReversed,
}: {
  entry: LedgerEntry | null;
  number: number | undefined;
  balanceCents: number;
  onClose: () => void;
  onReversed: (message: string) => void;
}) {
  const [choice, setChoice] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const announce = useAnnounce();
  const moneyMoved = useMoneyMoved();

  function close() {
    errors.clear();
    setChoice('');
    setTyped('');
    onClose();
  }

  async function reverse() {
    if (!entry || busy) return;
    const problems: SummaryItem[] = [];
    if (!choice) problems.push({ fieldId: 'reversal-reason', message: 'Select the reason' });
    else if (choice === OTHER && !typed.trim())
      problems.push({ fieldId: 'reversal-other', message: 'Describe the reason' });
    if (problems.length) return errors.show(problems);
    const reason = choice === OTHER ? typed.trim() : choice;
    setBusy(true);
    try {
      await api.POST('/api/v1/ledger-entries/{id}/reversal', {
        params: { path: { id: entry.id } },
        body: { reason },
      });
      await moneyMoved(entry.enrollmentId);
      const m = `Entry ${number} reversed (${reason}). The balance is now ${formatCents(balanceCents - entry.signedAmountCents)}.`;
      announce(m);
      setChoice('');
      setTyped('');
      errors.clear();
      onReversed(m);
    } catch (err) {
      errors.show(moneyProblem(err, { reason: 'reversal-reason' }), requestIdOf(err));
    } finally {
      setBusy(false);
    }
  }

  const kind = entry ? (KIND_LABELS[entry.kind] ?? entry.kind).toLowerCase() : '';
  return (
    <Dialog open={!!entry} title="Reverse this entry?" onClose={close}>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      {entry && (
        <>
          <p>
            Entry {number}: {kind} of {formatCents(entry.amountCents)}
            {entry.receivedOn
              ? `, received ${formatDate(entry.receivedOn)}`
              : `, ${formatTimestamp(entry.createdAt)}`}
            {entry.receiptNumber ? `, receipt ${entry.receiptNumber}` : ''}.
          </p>
          <p>
            A reversal is a new entry that cancels this one; both stay on the ledger. The balance
            goes from {formatCents(balanceCents)} to{' '}
            <strong>{formatCents(balanceCents - entry.signedAmountCents)}</strong>. It cannot be
            undone.
          </p>
          <div className="usa-form maxw-none">
            <RadioGroup
              id="reversal-reason"
              legend="Reason"
              options={reasonsFor(entry)}
              value={choice}
              error={errors.field('reversal-reason')}
              onChange={setChoice}
            />
            {choice === OTHER && (
              <TextField
                id="reversal-other"
                label="Describe the reason"
                maxLength={500}
                autoComplete="off"
                value={typed}
                error={errors.field('reversal-other')}
                onChange={(e) => setTyped(e.target.value)}
              />
            )}
          </div>
          <div className="usa-button-group margin-top-3">
            <button
              type="button"
              className="usa-button usa-button--secondary"
              disabled={busy}
              onClick={reverse}
            >
              {busy ? 'Reversing…' : 'Reverse entry'}
            </button>
            <button type="button" className="usa-button usa-button--outline" onClick={close}>
              Keep the entry
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
