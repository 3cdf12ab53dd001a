import { Button } from '@trussworks/react-uswds';
import { useChanged } from '../api/cache';
import { formatDate, formatTimestamp } from '../api/dates';
import { LIMITS } from '../api/limits';
import { formatCents } from '../api/money';
import { ApiError } from '../api/problem';
import { useForm } from '../app/form';
import { Dialog, ErrorSummary, RadioGroup, TextField, useAnnounce } from '../app/ui';
import { moneyProblem, reverseEntry, useMoneyMoved } from './api';
import { KIND_LABELS, type LedgerEntry } from './api';

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
 * Whether reversing this entry is a request a second supervisor approves (issue 29): a FEE or a
 * WAIVER writes money off. A PAYMENT or a REFUND is reversed at once.
 */
export const reversedByRequest = (entry: Pick<LedgerEntry, 'kind'>): boolean =>
  entry.kind === 'FEE' || entry.kind === 'WAIVER';

/**
 * Reverse one entry (a new REVERSAL entry negates it; the entry itself stays). A SUPERVISOR
 * reverses a payment or a refund at once. A FEE or a WAIVER (SUPERVISOR or FINANCE) becomes a
 * request: nothing changes on the ledger until a second supervisor, neither the one who asks nor
 * the one who recorded the entry, approves it on Approvals. The reason is chosen from the common
 * ones or typed.
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
  const announce = useAnnounce();
  const moneyMoved = useMoneyMoved();
  const changed = useChanged();
  const requestsChanged = () => changed('reversal-requests');
  const form = useForm({
    initial: { choice: '', typed: '' },
    ids: { choice: 'reversal-reason', typed: 'reversal-other' },
    clearSummary: 'when-sent',
    check(v, problems) {
      if (!v.choice) problems.add('choice', 'Select the reason');
      else if (v.choice === OTHER) problems.required('typed', v.typed, 'Describe the reason');
      return v.choice === OTHER ? v.typed.trim() : v.choice;
    },
    async send(reason) {
      if (!entry) return;
      const outcome = await reverseEntry(entry.id, reason);
      let m: string;
      if (outcome === 'requested') {
        // A request: nothing on the ledger yet.
        await requestsChanged();
        m = `Reversal requested; waits for a second supervisor. Entry ${number} (${kind} of ${formatCents(entry.amountCents)}) and the balance of ${formatCents(balanceCents)} stay as they are until a supervisor approves it on Approvals.`;
      } else {
        await moneyMoved();
        m = `Entry ${number} reversed (${reason}). The balance is now ${formatCents(balanceCents - entry.signedAmountCents)}.`;
      }
      announce(m);
      form.reset();
      onReversed(m);
    },
    refused(err) {
      if (err instanceof ApiError && err.code === 'REVERSAL_ALREADY_REQUESTED') {
        void requestsChanged();
        return [
          {
            message:
              'The reversal of this entry has already been requested and waits for a second supervisor. Nothing new was sent: the request on Approvals is the one that counts.',
          },
        ];
      }
      return moneyProblem(err, { reason: 'reversal-reason' });
    },
  });
  const { busy } = form;

  function close() {
    form.errors.clear();
    form.reset();
    onClose();
  }

  const kind = entry ? (KIND_LABELS[entry.kind] ?? entry.kind).toLowerCase() : '';
  const byRequest = !!entry && reversedByRequest(entry);
  return (
    <Dialog
      open={!!entry}
      title={byRequest ? 'Request the reversal of this entry?' : 'Reverse this entry?'}
      // No way out while the request is on its way: its answer (a refusal) shows here.
      onClose={busy ? undefined : close}
    >
      <ErrorSummary {...form.summary} />
      {entry && (
        <>
          <p>
            Entry {number}: {kind} of {formatCents(entry.amountCents)}
            {entry.receivedOn
              ? `, received ${formatDate(entry.receivedOn)}`
              : `, ${formatTimestamp(entry.createdAt)}`}
            {entry.receiptNumber ? `, receipt ${entry.receiptNumber}` : ''}.
          </p>
          {byRequest ? (
            <>
              <div className="usa-alert usa-alert--info usa-alert--slim margin-y-2">
                <div className="usa-alert__body">
                  <p className="usa-alert__text">
                    <strong>A second supervisor must approve this.</strong> This sends a request;
                    nothing changes on the ledger until a supervisor who neither asked for it nor
                    recorded the entry approves it on Approvals.
                  </p>
                </div>
              </div>
              <p>
                If it is approved, a reversal is a new entry that cancels this one; both stay on the
                ledger. The balance then goes from {formatCents(balanceCents)} to{' '}
                <strong>{formatCents(balanceCents - entry.signedAmountCents)}</strong>.
              </p>
            </>
          ) : (
            <p>
              A reversal is a new entry that cancels this one; both stay on the ledger. The balance
              goes from {formatCents(balanceCents)} to{' '}
              <strong>{formatCents(balanceCents - entry.signedAmountCents)}</strong>. It cannot be
              undone.
            </p>
          )}
          <div className="usa-form maxw-none">
            <RadioGroup {...form.bind('choice')} legend="Reason" options={reasonsFor(entry)} />
            {form.values.choice === OTHER && (
              <TextField
                {...form.bind('typed')}
                label="Describe the reason"
                maxLength={LIMITS.CreateReversalDto.reason.max}
                autoComplete="off"
              />
            )}
          </div>
          <div className="usa-button-group margin-top-3">
            <Button type="button" secondary disabled={busy} onClick={() => void form.submit()}>
              {byRequest
                ? busy
                  ? 'Requesting…'
                  : 'Request reversal'
                : busy
                  ? 'Reversing…'
                  : 'Reverse entry'}
            </Button>
            <Button type="button" outline disabled={busy} onClick={close}>
              Keep the entry
            </Button>
          </div>
        </>
      )}
    </Dialog>
  );
}
