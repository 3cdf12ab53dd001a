import { useState, type FormEvent } from 'react';
import { chicagoToday, formatDate, parseDateInput, toDateInput } from '../api/dates';
import { downloadFile } from '../api/files';
import { formatCents } from '../api/money';
import { ApiError, summarize, type SummaryItem } from '../api/problem';
import { ActionButton } from '../app/buttons';
import { DateField } from '../app/filters';
import { ReasonDialog } from '../app/reason-dialog';
import {
  Dialog,
  ErrorSummary,
  SummaryList,
  TextField,
  useAnnounce,
  useFormErrors,
} from '../app/ui';
import { useBatchWrites } from './api';
import type { BatchDetail } from './common';

/** Plain words for the refusals of send and void. */
function batchProblem(err: unknown, fieldIds: Record<string, string>): SummaryItem[] {
  if (err instanceof ApiError && err.code === 'BATCH_NOT_DRAFT')
    return [
      {
        message:
          'This batch is no longer a draft: someone else marked it as sent or voided it in the meantime. Close this and look at the batch again.',
      },
    ];
  return summarize(err, fieldIds);
}

export function StatementButton({ batch, format }: { batch: BatchDetail; format: 'csv' | 'pdf' }) {
  const label = format === 'csv' ? 'Statement (CSV)' : 'Statement (PDF)';
  return (
    <ActionButton
      label={label}
      busyLabel="Preparing the file…"
      failedHeading={`The ${label.toLowerCase()} could not be downloaded`}
      onAction={() =>
        downloadFile(
          `/api/v1/remittances/${batch.id}/statement.${format}`,
          `remittance-${batch.periodEnd}-${batch.id.slice(0, 8)}.${format}`,
        )
      }
    />
  );
}

export function MarkAsSent({
  batch: b,
  onDone,
}: {
  batch: BatchDetail;
  onDone: (m: string) => void;
}) {
  const writes = useBatchWrites();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState<'form' | 'confirm'>('form');
  const [reference, setReference] = useState('');
  const [sentOn, setSentOn] = useState(toDateInput(chicagoToday()));
  const [busy, setBusy] = useState(false);
  const fieldIds = { transferReference: 'transfer-reference', sentOn: 'sent-on' };

  function close() {
    setOpen(false);
    setStep('form');
    errors.clear();
  }

  function review(e: FormEvent) {
    e.preventDefault();
    const problems: SummaryItem[] = [];
    if (!reference.trim())
      problems.push({
        fieldId: 'transfer-reference',
        message: "Enter the bank's reference for the transfer",
      });
    else if (reference.trim().length > 100)
      problems.push({
        fieldId: 'transfer-reference',
        message: 'Enter a reference of at most 100 characters',
      });
    const day = parseDateInput(sentOn);
    if (!day)
      problems.push({
        fieldId: 'sent-on',
        message: 'Enter the day the transfer was made as month/day/year',
      });
    else if (day > chicagoToday())
      problems.push({ fieldId: 'sent-on', message: 'The transfer day cannot be in the future' });
    if (problems.length) return errors.show(problems);
    errors.clear();
    setStep('confirm');
    window.setTimeout(() => document.getElementById('confirm-send-heading')?.focus(), 0);
  }

  async function confirm() {
    setBusy(true);
    try {
      await writes.send(b.id, {
        transferReference: reference.trim(),
        sentOn: parseDateInput(sentOn)!,
      });
      const message = `Batch marked as sent, reference ${reference.trim()}.`;
      announce(message);
      close();
      onDone(message);
    } catch (err) {
      const items = batchProblem(err, fieldIds);
      errors.show(items, err instanceof ApiError ? err.problem.requestId : undefined);
      if (items.some((i) => i.fieldId)) setStep('form');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="usa-button" onClick={() => setOpen(true)}>
        Mark as sent
      </button>
      <Dialog open={open} title="Mark the batch as sent" onClose={busy ? undefined : close}>
        <ErrorSummary items={errors.items} requestId={errors.requestId} />
        {step === 'form' ? (
          <form className="usa-form" onSubmit={review} noValidate>
            <p className="margin-top-0">
              Record the transfer of {formatCents(b.totalCents)} to {b.beneficiary}. A sent batch is
              final.
            </p>
            <TextField
              id="transfer-reference"
              label="Transfer reference"
              hint="The bank's reference for the transfer, for example ACH-2026-11-0042"
              autoComplete="off"
              spellCheck={false}
              value={reference}
              error={errors.field('transfer-reference')}
              onChange={(e) => setReference(e.target.value)}
            />
            <DateField
              id="sent-on"
              label="Sent on"
              className="usa-input--md"
              errors={errors}
              value={sentOn}
              onValue={setSentOn}
            />
            <div className="usa-button-group margin-top-3">
              <button type="submit" className="usa-button">
                Continue
              </button>
              <button type="button" className="usa-button usa-button--outline" onClick={close}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <>
            <h3 id="confirm-send-heading" tabIndex={-1} className="margin-top-0">
              Check before you mark it sent
            </h3>
            <SummaryList
              rows={[
                ['To', b.beneficiary],
                ['Total', formatCents(b.totalCents)],
                ['Items', b.itemCount.toLocaleString('en-US')],
                ['Transfer reference', reference.trim()],
                ['Sent on', formatDate(parseDateInput(sentOn))],
              ]}
            />
            <p>Once it is marked as sent, the batch cannot be changed or voided.</p>
            <div className="usa-button-group">
              <button type="button" className="usa-button" onClick={confirm} disabled={busy}>
                {busy ? 'Marking as sent…' : 'Confirm: mark as sent'}
              </button>
              <button
                type="button"
                className="usa-button usa-button--outline"
                onClick={() => setStep('form')}
                disabled={busy}
              >
                Back
              </button>
            </div>
          </>
        )}
      </Dialog>
    </>
  );
}

export function VoidBatch({
  batch: b,
  onDone,
}: {
  batch: BatchDetail;
  onDone: (m: string) => void;
}) {
  const writes = useBatchWrites();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="usa-button usa-button--secondary"
        onClick={() => setOpen(true)}
      >
        Void
      </button>
      <ReasonDialog
        open={open}
        title="Void the batch"
        fieldId="void-reason"
        hint="For example: period end entered wrongly"
        missing="Enter why the batch is voided"
        confirmLabel="Void batch"
        busyLabel="Voiding…"
        problem={batchProblem}
        onClose={() => setOpen(false)}
        onConfirm={async (reason) => {
          await writes.void(b.id, reason);
          const message = 'Batch voided. Its payments are waiting for the next batch.';
          announce(message);
          setOpen(false);
          onDone(message);
        }}
      >
        <p className="margin-top-0">
          Voiding releases its {b.itemCount.toLocaleString('en-US')} item
          {b.itemCount === 1 ? '' : 's'} ({formatCents(b.totalCents)}) for the next batch. Nothing
          is sent. The voided batch stays on the list.
        </p>
      </ReasonDialog>
    </>
  );
}
