import { useState, type FormEvent, type ReactNode } from 'react';
import { requestIdOf, summarize, type SummaryItem } from '../api/problem';
import { Dialog, ErrorSummary, TextArea, useFormErrors } from './ui';

/**
 * A dialog that asks why before a step that cannot be undone (reject a waiver request, void a
 * remittance batch, cancel a session): `children` say what will happen, then a required reason,
 * the step's button and a way out. `onConfirm` gets the trimmed reason; what it throws shows in
 * the dialog's error summary, in the words of `problem` (given the reason field's id). The
 * reason starts empty each time the dialog opens.
 */
export function ReasonDialog(props: ReasonFormProps & { open: boolean; title: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog open={props.open} title={props.title} onClose={busy ? undefined : props.onClose}>
      <ReasonForm {...props} busy={busy} setBusy={setBusy} />
    </Dialog>
  );
}

interface ReasonFormProps {
  /** The reason field's id (the error summary links to it). */
  fieldId: string;
  label?: string;
  hint?: string;
  maxLength?: number;
  /** The error when no reason is given: "Enter why …". */
  missing: string;
  confirmLabel: string;
  busyLabel: string;
  cancelLabel?: string;
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
  problem?: (err: unknown, fieldIds: Record<string, string>) => SummaryItem[];
  children: ReactNode;
}

function ReasonForm({
  fieldId,
  label = 'Reason',
  hint,
  maxLength = 500,
  missing,
  confirmLabel,
  busyLabel,
  cancelLabel = 'Cancel',
  onConfirm,
  onClose,
  problem = summarize,
  children,
  busy,
  setBusy,
}: ReasonFormProps & { busy: boolean; setBusy: (busy: boolean) => void }) {
  const errors = useFormErrors();
  const [reason, setReason] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!reason.trim()) return errors.show([{ fieldId, message: missing }]);
    setBusy(true);
    try {
      await onConfirm(reason.trim());
    } catch (err) {
      errors.show(problem(err, { reason: fieldId, note: fieldId }), requestIdOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="usa-form maxw-none" onSubmit={submit} noValidate>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      {children}
      <TextArea
        id={fieldId}
        label={label}
        hint={hint}
        maxLength={maxLength}
        rows={3}
        value={reason}
        error={errors.field(fieldId)}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="usa-button-group margin-top-3">
        <button type="submit" className="usa-button usa-button--secondary" disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
        <button
          type="button"
          className="usa-button usa-button--outline"
          onClick={onClose}
          disabled={busy}
        >
          {cancelLabel}
        </button>
      </div>
    </form>
  );
}
