import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import {
  ACCESS_REASONS,
  closedRecordAccess,
  useOpenedRecord,
  type AccessReason,
} from '../api/access-reason';
import { ApiError } from '../api/problem';
import { hasRole, useSession } from '../api/session';
import {
  Alert,
  ErrorSummary,
  PageHeading,
  RadioGroup,
  useAnnounce,
  useFocusOnMount,
  useFormErrors,
} from '../app/ui';
import { ACCESS_REASON_LABELS } from './labels';

/** The API refused to show a record because the court closed it (403 RECORD_CLOSED). */
export function isRecordClosed(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'RECORD_CLOSED';
}

/** Whether a query's key names one of the record's ids (a participant's, a referral's, …). */
function mentions(queryKey: QueryKey, ids: readonly string[]): boolean {
  const key = JSON.stringify(queryKey).toLowerCase();
  return ids.some((id) => key.includes(id.toLowerCase()));
}

/** Drops everything cached of the record: nothing of it stays in memory after leaving it. */
export function removeRecordQueries(client: QueryClient, ids: readonly string[]): void {
  if (ids.length) client.removeQueries({ predicate: (q) => mentions(q.queryKey, ids) });
}

/**
 * A record seen before it closed (the decision that closed it was just saved here): its ids as
 * far as they are cached (its referrals', its enrollment's), and then nothing of it kept. The
 * query the page still watches keeps its refusal but loses its data; the others go.
 */
function forgetWhatWasSeen(client: QueryClient, participantId: string): void {
  const ids = new Set([participantId]);
  const referrals = client.getQueryData<{ id: string; enrollmentId: string | null }[]>([
    'referrals-of',
    participantId,
  ]);
  for (const r of referrals ?? []) {
    ids.add(r.id);
    if (r.enrollmentId) ids.add(r.enrollmentId);
  }
  const all = [...ids];
  for (const q of client.getQueryCache().findAll({ predicate: (q) => mentions(q.queryKey, all) }))
    if (q.getObserversCount() > 0) {
      if (q.state.data !== undefined) q.setState({ data: undefined, dataUpdatedAt: 0 });
    } else client.removeQueries({ queryKey: q.queryKey, exact: true });
}

const REASON_OPTIONS = ACCESS_REASONS.map((value) => ({
  value,
  label: ACCESS_REASON_LABELS[value],
}));

const REASON_FIELD = 'access-reason';

/**
 * In place of a record the API refused as closed: "This record is closed". A SUPERVISOR or an
 * AUDITOR says why they open it ("Why are you opening it?") and opens it; the reason then goes
 * with every request for the record until they leave it (ClosedRecordScope). Anyone else is told
 * who can open it. `notice`: what was just saved that closed the record (the court's decision).
 */
export function ClosedRecordGate({
  recordId,
  notice,
  onOpened,
}: {
  /** The record's id as the page has it (the participant's). */
  recordId: string;
  notice?: string | null;
  onOpened?: () => void;
}) {
  const { user } = useSession();
  const mayOpen = hasRole(user, 'SUPERVISOR', 'AUDITOR');
  const errors = useFormErrors();
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<string>('');
  useEffect(() => forgetWhatWasSeen(queryClient, recordId), [queryClient, recordId]);

  function open(e: FormEvent) {
    e.preventDefault();
    if (!(ACCESS_REASONS as readonly string[]).includes(reason))
      return errors.show([
        { fieldId: REASON_FIELD, message: 'Select why you are opening this record' },
      ]);
    errors.clear();
    closedRecordAccess.open(recordId, reason as AccessReason);
    // What was refused is asked again, now with the reason.
    void queryClient.resetQueries({ predicate: (q) => mentions(q.queryKey, [recordId]) });
    announce(`Closed record opened for ${ACCESS_REASON_LABELS[reason as AccessReason]}.`);
    onOpened?.();
  }

  return (
    <>
      <PageHeading>This record is closed</PageHeading>
      {notice && <SavedNotice message={notice} />}
      <div className="maxw-tablet">
        <p>
          The court closed this case. The record is kept, but it is left out of searches and lists,
          and it may be opened only for a purpose the law allows (RSMo 610.120).
        </p>
        {mayOpen ? (
          <form className="usa-form usa-form--large" onSubmit={open} noValidate>
            <ErrorSummary items={errors.items} requestId={errors.requestId} />
            <RadioGroup
              id={REASON_FIELD}
              legend="Why are you opening it?"
              hint="Your name, the time and the reason are logged for each page of the record you open."
              options={REASON_OPTIONS}
              value={reason}
              error={errors.field(REASON_FIELD)}
              onChange={setReason}
            />
            <button type="submit" className="usa-button margin-top-3">
              Open record
            </button>
          </form>
        ) : (
          <>
            <p>Only a supervisor or an auditor can open it, stating why.</p>
            <p>
              <Link to="/">Go to the home page</Link>
            </p>
          </>
        )}
      </div>
    </>
  );
}

/** What was just saved, above the gate: it takes focus when it appears. */
function SavedNotice({ message }: { message: string }) {
  const ref = useFocusOnMount<HTMLDivElement>();
  return (
    <div ref={ref} id="record-closed-notice" tabIndex={-1}>
      <Alert type="success" heading="Decision saved" slim={false}>
        <p className="margin-0">{message}</p>
      </Alert>
    </div>
  );
}

/**
 * "Closed record" on every tab of a closed record opened with a reason: what it is, why it was
 * opened, and that leaving it forgets the reason.
 */
export function ClosedRecordBanner({ focus }: { focus?: boolean }) {
  const opened = useOpenedRecord();
  const ref = useFocusOnMount<HTMLDivElement>();
  return (
    <div
      ref={focus ? ref : undefined}
      id="closed-record-banner"
      tabIndex={-1}
      className="closed-record-banner"
    >
      <Alert type="warning" heading="Closed record" headingLevel={2}>
        <p className="margin-0">
          The court closed this case.{' '}
          {opened
            ? `You opened it for: ${ACCESS_REASON_LABELS[opened.reason].toLowerCase()}. `
            : ''}
          Each page of it you open is logged as a disclosure. Leaving the record forgets the reason.
        </p>
      </Alert>
    </div>
  );
}
