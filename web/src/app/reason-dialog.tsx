import { Button } from '@trussworks/react-uswds';
import { useEffect, useState, type ReactNode } from 'react';
import { summarize, type SummaryItem } from '../api/problem';
import { Form, SubmitButton, useForm } from './form';
import { Dialog, TextArea } from './ui';

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
      <ReasonForm {...props} setBusy={setBusy} />
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
  setBusy,
}: ReasonFormProps & { setBusy: (busy: boolean) => void }) {
  const form = useForm({
    initial: { reason: '' },
    ids: { reason: fieldId, note: fieldId },
    check: (v, problems) => problems.required('reason', v.reason, missing) || undefined,
    send: onConfirm,
    refused: problem,
    clearSummary: 'when-sent',
  });
  // The dialog stays open while the step runs (Escape does nothing then).
  useEffect(() => {
    setBusy(form.busy);
    return () => setBusy(false);
  }, [form.busy, setBusy]);

  return (
    <Form form={form} large={false} className="maxw-none">
      {children}
      <TextArea {...form.bind('reason')} label={label} hint={hint} maxLength={maxLength} rows={3} />
      <div className="usa-button-group margin-top-3">
        <SubmitButton form={form} busy={busyLabel} secondary>
          {confirmLabel}
        </SubmitButton>
        <Button type="button" outline onClick={onClose} disabled={form.busy}>
          {cancelLabel}
        </Button>
      </div>
    </Form>
  );
}
