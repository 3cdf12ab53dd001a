import { useRef, useState } from 'react';
import { chicagoToday, formatDate } from '../api/dates';
import { formatCents } from '../api/money';
import { ApiError, requestIdOf, summarize, type SummaryItem } from '../api/problem';
import { programName } from '../api/queries';
import { getEnrollment, useTransition, type Enrollment, type Transition } from './api';
import { FileButton } from '../app/buttons';
import { Dialog, ErrorSummary, RadioGroup, TextArea, useAnnounce, useFormErrors } from '../app/ui';

/** The API's termination reasons (TransitionDto), in plain words. */
export const TERMINATION_REASONS = [
  { value: 'NON_COMPLIANCE', label: 'Did not follow the program’s rules' },
  { value: 'NEW_OFFENSE', label: 'Charged with a new offense' },
  { value: 'DEADLINE_MISSED', label: 'Did not finish by the deadline' },
  { value: 'OTHER', label: 'Another reason' },
];

export function closedReasonText(reason: string | null | undefined): string | undefined {
  if (!reason) return undefined;
  return TERMINATION_REASONS.find((r) => r.value === reason)?.label ?? reason;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface ChecklistItem {
  key: 'sessions' | 'balance' | 'deadline';
  label: string;
  value: string;
  /** Completion needs it (sessions, balance); the deadline is shown, not required. */
  met: boolean | null;
  missing?: string;
}

/** What completion needs (PRODUCT.md), from the enrollment's own fields. */
export function completionChecklist(e: Enrollment, today = chicagoToday()): ChecklistItem[] {
  const more = e.requiredSessions - e.attendedSessions;
  const left = daysBetween(today, e.deadline);
  return [
    {
      key: 'sessions',
      label: 'Sessions attended',
      value: `${e.attendedSessions} of ${e.requiredSessions} required`,
      met: more <= 0,
      missing: `${more} more session${more === 1 ? '' : 's'} to attend`,
    },
    {
      key: 'balance',
      label: 'Balance',
      value: formatCents(e.balanceCents),
      met: e.balanceCents === 0,
      missing:
        e.balanceCents > 0
          ? `${formatCents(e.balanceCents)} still owed`
          : `${formatCents(-e.balanceCents)} is owed back to the participant: record a refund`,
    },
    {
      key: 'deadline',
      label: 'Deadline',
      value:
        left >= 0
          ? `${formatDate(e.deadline)} (${left === 0 ? 'today' : `in ${left} day${left === 1 ? '' : 's'}`})`
          : `${formatDate(e.deadline)} (passed)`,
      met: null,
    },
  ];
}

export function Checklist({ items }: { items: ChecklistItem[] }) {
  return (
    <ul className="completion-checklist" aria-label="What completion needs">
      {items.map((i) => (
        <li
          key={i.key}
          className={i.met === false ? 'is-missing' : i.met === null ? 'is-info' : undefined}
        >
          <span className="completion-checklist__label">{i.label}</span>{' '}
          <span className="completion-checklist__value">{i.value}</span>{' '}
          {i.met === true && <span className="usa-tag completion-tag--done">Done</span>}
          {i.met === false && (
            <>
              <span className="usa-tag completion-tag--missing">Missing</span>{' '}
              <span className="completion-checklist__missing">{i.missing}</span>
            </>
          )}
          {i.met === null && (
            <span className="completion-checklist__note">
              Shown for information: completion does not depend on it
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** 422 COMPLETION_REQUIREMENTS_UNMET lists every unmet condition: each one in plain words. */
function completionProblem(err: unknown, e: Enrollment): SummaryItem[] {
  if (err instanceof ApiError && err.code === 'COMPLETION_REQUIREMENTS_UNMET') {
    const unmet = (err.problem.unmet as { code: string; message: string }[] | undefined) ?? [];
    const checklist = completionChecklist(e);
    const words: Record<string, string | undefined> = {
      SESSIONS_INCOMPLETE: checklist.find((c) => c.key === 'sessions')?.missing,
      BALANCE_DUE: checklist.find((c) => c.key === 'balance')?.missing,
    };
    return unmet.map((u) => ({
      message: `Cannot complete yet: ${words[u.code] ?? u.message}`,
    }));
  }
  if (err instanceof ApiError && err.code === 'INVALID_TRANSITION')
    return [{ message: 'This enrollment is already closed. Reload the page to see its status.' }];
  return summarize(err);
}

/**
 * "Complete enrollment": the checklist first (from the enrollment, read again when the dialog
 * opens), then the API decides; what it says is missing is listed in the error summary.
 */
export function CompleteDialog({
  open,
  enrollment: e,
  onClose,
  onDone,
}: {
  open: boolean;
  enrollment: Enrollment;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const errors = useFormErrors();
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();
  const { transition, changed: transitioned } = useTransition();
  const items = completionChecklist(e);
  const missing = items.filter((i) => i.met === false);

  function close() {
    errors.clear();
    onClose();
  }

  async function complete() {
    if (busy) return;
    setBusy(true);
    try {
      const completed = await transition(e.id, { to: 'COMPLETED' });
      await transitioned();
      errors.clear();
      const m = `Enrollment completed. Certificate number ${completed.certificateNumber}.`;
      announce(m);
      onDone(m);
    } catch (err) {
      // The numbers may have changed since the dialog opened: say what is missing now.
      const fresh = await getEnrollment(e.id).catch(() => e);
      await transitioned();
      errors.show(completionProblem(err, fresh), requestIdOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} title="Complete the enrollment?" onClose={close}>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      <p>
        {e.participantName}, {programName(e.programCode)}. Completing needs every required session
        attended and a balance of $0.00. It is final and issues the completion notice for the
        prosecutor.
      </p>
      <Checklist items={items} />
      {missing.length > 0 && (
        <p className="text-bold">
          {missing.length === 1 ? 'One thing is' : `${missing.length} things are`} missing: the case
          manager will refuse completion until {missing.length === 1 ? 'it is' : 'they are'} done.
        </p>
      )}
      <div className="usa-button-group margin-top-3">
        <button type="button" className="usa-button" disabled={busy} onClick={complete}>
          {busy ? 'Completing…' : 'Complete enrollment'}
        </button>
        <button type="button" className="usa-button usa-button--outline" onClick={close}>
          Not now
        </button>
      </div>
    </Dialog>
  );
}

/**
 * "Withdraw" and "Terminate": the reason first, then a confirm step that says what closing
 * means. Both are final.
 */
export function CloseDialog({
  to,
  open,
  enrollment: e,
  onClose,
  onDone,
}: {
  to: 'WITHDRAWN' | 'TERMINATED';
  open: boolean;
  enrollment: Enrollment;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const terminate = to === 'TERMINATED';
  const [step, setStep] = useState<'reason' | 'confirm'>('reason');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const announce = useAnnounce();
  const { transition, changed: transitioned } = useTransition();
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const verb = terminate ? 'Terminate' : 'Withdraw';

  function close() {
    errors.clear();
    setStep('reason');
    setReason('');
    setNote('');
    onClose();
  }

  function next() {
    const problems: SummaryItem[] = [];
    if (terminate && !reason)
      problems.push({ fieldId: `${to}-reason`, message: 'Select the reason for terminating' });
    if (terminate && reason === 'OTHER' && !note.trim())
      problems.push({ fieldId: `${to}-note`, message: 'Describe the reason' });
    if (!terminate && !reason.trim())
      problems.push({ fieldId: `${to}-reason`, message: 'Enter the reason for withdrawing' });
    if (problems.length) return errors.show(problems);
    errors.clear();
    setStep('confirm');
    window.setTimeout(() => confirmRef.current?.focus(), 0);
  }

  async function submit() {
    if (busy) return;
    const body: Transition = {
      to,
      reason: terminate ? reason : reason.trim(),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    setBusy(true);
    try {
      await transition(e.id, body);
      await transitioned();
      const m = terminate
        ? 'Enrollment terminated. The case goes back to the prosecutor.'
        : 'Enrollment withdrawn.';
      announce(m);
      setStep('reason');
      setReason('');
      setNote('');
      errors.clear();
      onDone(m);
    } catch (err) {
      errors.show(
        completionProblem(err, e).map((i) => ({ ...i, fieldId: undefined })),
        requestIdOf(err),
      );
    } finally {
      setBusy(false);
    }
  }

  const reasonText = terminate
    ? TERMINATION_REASONS.find((r) => r.value === reason)?.label
    : reason.trim();

  return (
    <Dialog
      open={open}
      title={terminate ? 'Terminate the enrollment' : 'Withdraw the enrollment'}
      onClose={close}
    >
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      {step === 'reason' ? (
        <div className="usa-form maxw-none">
          <p className="margin-top-0">
            {e.participantName}, {programName(e.programCode)}.{' '}
            {terminate
              ? 'Terminating sends the case back to the prosecutor.'
              : 'Withdrawing ends the enrollment at the participant’s request.'}
          </p>
          {terminate ? (
            <RadioGroup
              id={`${to}-reason`}
              legend="Reason for terminating"
              options={TERMINATION_REASONS}
              value={reason}
              error={errors.field(`${to}-reason`)}
              onChange={setReason}
            />
          ) : (
            <TextArea
              id={`${to}-reason`}
              label="Reason for withdrawing"
              maxLength={500}
              value={reason}
              error={errors.field(`${to}-reason`)}
              onChange={(ev) => setReason(ev.target.value)}
            />
          )}
          <TextArea
            id={`${to}-note`}
            label={terminate ? 'Details' : 'Note'}
            optional={!(terminate && reason === 'OTHER')}
            maxLength={2000}
            value={note}
            error={errors.field(`${to}-note`)}
            onChange={(ev) => setNote(ev.target.value)}
          />
          <div className="usa-button-group margin-top-3">
            <button type="button" className="usa-button" onClick={next}>
              Continue
            </button>
            <button type="button" className="usa-button usa-button--outline" onClick={close}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <>
          <h3 ref={confirmRef} tabIndex={-1} className="margin-top-0">
            {verb} {e.participantName}’s enrollment?
          </h3>
          <p>
            Reason: <strong>{reasonText}</strong>
            {note.trim() ? ` — ${note.trim()}` : ''}
          </p>
          <p>
            {terminate
              ? 'The case goes back to the prosecutor. This is final: the enrollment cannot be reopened.'
              : 'This is final: the enrollment cannot be reopened, and the participant cannot enroll again.'}
          </p>
          <div className="usa-button-group margin-top-3">
            <button
              type="button"
              className="usa-button usa-button--secondary"
              disabled={busy}
              onClick={submit}
            >
              {busy
                ? `${verb === 'Terminate' ? 'Terminating' : 'Withdrawing'}…`
                : `${verb} enrollment`}
            </button>
            <button
              type="button"
              className="usa-button usa-button--outline"
              onClick={() => {
                errors.clear();
                setStep('reason');
              }}
            >
              Back
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

/** The API's completion notice for the prosecutor, fetched with the access token. */
export function CompletionNoticeButton({
  enrollment: e,
  onError,
}: {
  enrollment: Enrollment;
  onError: (err: unknown) => void;
}) {
  return (
    <FileButton
      path={`/api/v1/enrollments/${e.id}/completion-notice.pdf`}
      filename={`completion-notice-${e.certificateNumber ?? e.id}.pdf`}
      onError={onError}
    >
      Completion notice (PDF)
    </FileButton>
  );
}
