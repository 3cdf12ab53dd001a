import { Button } from '@trussworks/react-uswds';
import { chicagoToday, formatDate } from '../api/dates';
import { formatCents } from '../api/money';
import { ApiError, summarize, type SummaryItem } from '../api/problem';
import { programName } from '../api/queries';
import { getEnrollment, useTransition, type Enrollment, type Transition } from './api';
import { downloadFile } from '../api/files';
import { useAction, useForm } from '../app/form';
import { Dialog, ErrorSummary, RadioGroup, TextArea, useAnnounce } from '../app/ui';

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
  const announce = useAnnounce();
  const { transition, changed: transitioned } = useTransition();
  const items = completionChecklist(e);
  const missing = items.filter((i) => i.met === false);
  const complete = useAction({
    async send() {
      const completed = await transition(e.id, { to: 'COMPLETED' });
      await transitioned();
      const m = `Enrollment completed. Certificate number ${completed.certificateNumber}.`;
      announce(m);
      onDone(m);
    },
    async refused(err) {
      // The numbers may have changed since the dialog opened: say what is missing now.
      const fresh = await getEnrollment(e.id).catch(() => e);
      await transitioned();
      return completionProblem(err, fresh);
    },
  });

  function close() {
    complete.errors.clear();
    onClose();
  }

  return (
    <Dialog open={open} title="Complete the enrollment?" onClose={close}>
      <ErrorSummary {...complete.summary} />
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
        <Button type="button" disabled={complete.busy} onClick={() => void complete.act()}>
          {complete.busy ? 'Completing…' : 'Complete enrollment'}
        </Button>
        <Button type="button" outline onClick={close}>
          Not now
        </Button>
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
  const announce = useAnnounce();
  const { transition, changed: transitioned } = useTransition();
  const verb = terminate ? 'Terminate' : 'Withdraw';
  const form = useForm({
    initial: { reason: '', note: '' },
    ids: { reason: `${to}-reason`, note: `${to}-note` },
    review: true,
    check(v, problems): Transition | undefined {
      const note = v.note.trim();
      if (terminate) {
        problems.when(!v.reason, 'reason', 'Select the reason for terminating');
        problems.when(v.reason === 'OTHER' && !note, 'note', 'Describe the reason');
      } else problems.required('reason', v.reason, 'Enter the reason for withdrawing');
      if (problems.any) return undefined;
      window.setTimeout(() => document.getElementById(`${to}-confirm`)?.focus(), 0);
      return { to, reason: v.reason.trim(), ...(note ? { note } : {}) };
    },
    async send(body) {
      await transition(e.id, body);
      await transitioned();
      const m = terminate
        ? 'Enrollment terminated. The case goes back to the prosecutor.'
        : 'Enrollment withdrawn.';
      announce(m);
      form.back();
      form.reset();
      onDone(m);
    },
    // A refusal is about the enrollment, not a field: it stays on the confirm step.
    refused: (err) => completionProblem(err, e).map((i) => ({ ...i, fieldId: undefined })),
  });
  const { reason, note } = form.values;

  function close() {
    form.back();
    form.reset();
    onClose();
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
      <ErrorSummary {...form.summary} />
      {!form.review ? (
        <div className="usa-form maxw-none">
          <p className="margin-top-0">
            {e.participantName}, {programName(e.programCode)}.{' '}
            {terminate
              ? 'Terminating sends the case back to the prosecutor.'
              : 'Withdrawing ends the enrollment at the participant’s request.'}
          </p>
          {terminate ? (
            <RadioGroup
              {...form.bind('reason')}
              legend="Reason for terminating"
              options={TERMINATION_REASONS}
            />
          ) : (
            <TextArea {...form.bind('reason')} label="Reason for withdrawing" maxLength={500} />
          )}
          <TextArea
            {...form.bind('note')}
            label={terminate ? 'Details' : 'Note'}
            optional={!(terminate && reason === 'OTHER')}
            maxLength={2000}
          />
          <div className="usa-button-group margin-top-3">
            <Button type="button" onClick={() => void form.submit()}>
              Continue
            </Button>
            <Button type="button" outline onClick={close}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <>
          <h3 id={`${to}-confirm`} tabIndex={-1} className="margin-top-0">
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
            <Button
              type="button"
              secondary
              disabled={form.busy}
              onClick={() => void form.confirm()}
            >
              {form.busy ? `${terminate ? 'Terminating' : 'Withdrawing'}…` : `${verb} enrollment`}
            </Button>
            <Button type="button" outline onClick={form.back}>
              Back
            </Button>
          </div>
        </>
      )}
    </Dialog>
  );
}

/** The API's completion notice for the prosecutor, fetched with the access token. */
export function downloadCompletionNotice(e: Enrollment): Promise<void> {
  return downloadFile(
    `/api/v1/enrollments/${e.id}/completion-notice.pdf`,
    `completion-notice-${e.certificateNumber ?? e.id}.pdf`,
  );
}
