import { Button } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import type { Schemas } from '../api/client';
import { chicagoToday, formatDate, formatTimestamp } from '../api/dates';
import { LIMITS } from '../api/limits';
import { useStaffName } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import { Form, SubmitButton, useForm } from '../app/form';
import {
  Alert,
  DateField,
  Dialog,
  ErrorSummary,
  LoadFailed,
  Loading,
  RadioGroup,
  SummaryList,
  TableRegion,
  TextField,
  useAnnounce,
} from '../app/ui';
import {
  useDispositions,
  useRecordChanged,
  useRecordDisposition,
  useRecordExpungement,
} from './api';
import {
  checkDecisionForm,
  checkExpungementForm,
  decisionFields,
  decisionProblem,
} from './decision-rules';
import {
  CLOSING_DISPOSITIONS,
  DISPOSITION_LABELS,
  RECORD_STATUS_LABELS,
  wordsFor,
  type Disposition,
} from './labels';

type Referral = Schemas['ReferralSummaryDto'];
type Enrollment = Schemas['EnrollmentDto'];

const REFERENCE_LIMIT = LIMITS.RecordDispositionDto.courtReference;

const DISPOSITION_OPTIONS = (Object.keys(DISPOSITION_LABELS) as Disposition[]).map((value) => ({
  value,
  label: DISPOSITION_LABELS[value],
}));

const DISPOSITION_HINT =
  'A dismissal, a nolle prosequi, an acquittal or a completed suspended imposition of sentence closes the record (RSMo 610.105). A correction is a newer decision: the latest one counts.';

const ENROLLMENT_WORDS: Record<Enrollment['status'], string> = {
  ACTIVE: 'Active',
  COMPLETED: 'Completed',
  WITHDRAWN: 'Withdrawn',
  TERMINATED: 'Terminated',
};

/**
 * After the class (CONSOLE.md screen 17), for one referral: where its record stands, the court's
 * decisions recorded (newest first: the latest counts), "Record the court's decision" once the
 * enrollment made from it has ended, and for a SUPERVISOR "Record an expungement order".
 * `onRecordClosed`: a decision or order that may have closed the participant's whole record
 * (the page then says so above "This record is closed").
 */
export function CourtDecision({
  referral,
  enrollment,
  enrollmentLoading,
  onRecordClosed,
}: {
  referral: Referral;
  /** The participant's enrollment (at most one ever), whichever referral it was made from. */
  enrollment: Enrollment | null;
  enrollmentLoading: boolean;
  onRecordClosed?: (message: string) => void;
}) {
  const { user } = useSession();
  const canRecord = hasRole(user, 'INTAKE', 'SUPERVISOR');
  const supervisor = hasRole(user, 'SUPERVISOR');
  const dispositions = useDispositions(referral.id);
  const [saved, setSaved] = useState<{ n: number; heading: string; message: string } | null>(null);
  const headingId = `court-${referral.id}`;

  const own = referral.enrollmentId
    ? enrollment?.id === referral.enrollmentId
      ? enrollment
      : null
    : null;
  const knowsEnrollment = !referral.enrollmentId || !!own || !enrollmentLoading;
  const active = own?.status === 'ACTIVE';
  // Most referrals never enrolled are decided by the court without the program, much later: the
  // form waits behind a button there, so the daily referrals tab stays short.
  const [asked, setAsked] = useState(false);
  const waits =
    !referral.enrollmentId && !asked && dispositions.isSuccess && dispositions.data.length === 0;
  const final = referral.recordStatus === 'EXPUNGED' || referral.recordStatus === 'PSEUDONYMIZED';

  const done = (heading: string, message: string, closes: boolean) => {
    setSaved((s) => ({ n: (s?.n ?? 0) + 1, heading, message }));
    if (closes) onRecordClosed?.(message);
  };

  return (
    <section aria-labelledby={headingId} className="court-decision margin-top-5">
      <h3 id={headingId}>After the class: case {referral.caseNumber}</h3>
      <SummaryList
        rows={[
          ['Record', wordsFor(RECORD_STATUS_LABELS, referral.recordStatus)],
          [
            'Enrollment',
            own
              ? `${ENROLLMENT_WORDS[own.status]}${own.closedOn ? ` on ${formatDate(own.closedOn)}` : ''}`
              : referral.enrollmentId
                ? '…'
                : 'Not enrolled from this referral',
          ],
        ]}
      />
      {saved && <Saved key={saved.n} heading={saved.heading} message={saved.message} />}

      <h4 className="margin-bottom-1">Decisions recorded</h4>
      {dispositions.isPending && <Loading what="the court’s decisions" />}
      {dispositions.isError && (
        <LoadFailed error={dispositions.error} what="the court’s decisions" />
      )}
      {dispositions.isSuccess && (
        <DecisionList caseNumber={referral.caseNumber} items={dispositions.data} />
      )}

      {canRecord && !knowsEnrollment && <Loading what="the enrollment" />}
      {canRecord && knowsEnrollment && active && (
        <p className="maxw-tablet" id={`decision-not-yet-${referral.id}`}>
          <strong>The court’s decision is recorded after the enrollment ends.</strong> The
          enrollment made from this referral is still active: the case goes back to the court when
          it is completed, withdrawn or terminated.
        </p>
      )}
      {canRecord && knowsEnrollment && !active && final && (
        <p className="maxw-tablet">
          This referral’s record is {referral.recordStatus === 'EXPUNGED' ? 'expunged' : 'erased'}:
          nothing more is recorded on it.
        </p>
      )}
      {canRecord && knowsEnrollment && !active && !final && waits && (
        <p>
          <button
            type="button"
            className="usa-button usa-button--outline"
            aria-label={`Record the court’s decision on case ${referral.caseNumber}`}
            onClick={() => setAsked(true)}
          >
            Record the court’s decision
          </button>
        </p>
      )}
      {canRecord && knowsEnrollment && !active && !final && !waits && (
        <>
          <DecisionForm
            referral={referral}
            focusFirst={asked}
            onSaved={(message, closes) => done('Decision saved', message, closes)}
          />
          {supervisor && (
            <ExpungementForm
              referral={referral}
              onSaved={(message) => done('Expungement order recorded', message, true)}
            />
          )}
        </>
      )}
    </section>
  );
}

/**
 * What was just saved, focused once it is on the page: after a dialog that closed with it has
 * given focus back to where it was opened from (hence the next tick).
 */
function Saved({ heading, message }: { heading: string; message: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const t = window.setTimeout(() => ref.current?.focus(), 0);
    return () => window.clearTimeout(t);
  }, []);
  return (
    <div ref={ref} tabIndex={-1} className="court-decision__saved">
      <Alert type="success" heading={heading} headingLevel={3}>
        <p className="margin-0">{message}</p>
      </Alert>
    </div>
  );
}

function DecisionList({
  caseNumber,
  items,
}: {
  caseNumber: string;
  items: Schemas['DispositionDto'][];
}) {
  const staffName = useStaffName();
  if (!items.length) return <p>No decision of the court has been recorded yet.</p>;
  return (
    <TableRegion
      label={`The court’s decisions on case ${caseNumber}`}
      caption={`The court’s decisions on case ${caseNumber}, newest first: the latest one counts`}
    >
      <thead>
        <tr>
          <th scope="col">Decision</th>
          <th scope="col">Decided on</th>
          <th scope="col">Court reference</th>
          <th scope="col">Recorded</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d, n) => (
          <tr key={d.id}>
            <th scope="row" data-label="Decision">
              {wordsFor(DISPOSITION_LABELS, d.disposition)}
              {n === 0 ? (
                <span className="usa-tag bg-primary margin-left-1">Counts</span>
              ) : (
                <span className="display-block font-body-3xs text-base-dark">
                  Replaced by a later decision
                </span>
              )}
            </th>
            <td data-label="Decided on">{formatDate(d.decidedOn)}</td>
            <td data-label="Court reference">{d.courtReference ?? '—'}</td>
            <td data-label="Recorded">
              {formatTimestamp(d.recordedAt)}
              <span className="display-block font-body-3xs">by {staffName(d.recordedBy)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}

function DecisionForm({
  referral,
  focusFirst,
  onSaved,
}: {
  referral: Referral;
  /** Opened by its button: focus goes to the first decision. */
  focusFirst?: boolean;
  onSaved: (message: string, closes: boolean) => void;
}) {
  const fields = decisionFields(referral.id);
  const announce = useAnnounce();
  const record = useRecordDisposition(referral.id);
  const changed = useRecordChanged();
  const form = useForm({
    initial: { disposition: '', decidedOn: '', courtReference: '' },
    ids: fields,
    check: (v, problems) => problems.from(checkDecisionForm(v, courtContext(referral))),
    async send(body) {
      const saved = await record.mutateAsync(body);
      const closes = CLOSING_DISPOSITIONS.has(saved.disposition);
      const message =
        `${DISPOSITION_LABELS[saved.disposition]}, decided on ${formatDate(saved.decidedOn)}, ` +
        `case ${referral.caseNumber}.` +
        (closes
          ? ' This decision closes the record of this referral: it is kept, out of searches and lists.'
          : ' The record stays open.');
      form.reset();
      announce(`Decision saved. ${message}`);
      onSaved(message, closes);
      await changed();
    },
    refused: (err) => decisionProblem(err, fields),
  });
  const formHeading = `record-decision-${referral.id}`;
  useEffect(() => {
    if (focusFirst) document.getElementById(fields.disposition)?.focus();
  }, [focusFirst, fields.disposition]);

  return (
    <Form form={form} summary={false} aria-labelledby={formHeading}>
      <h4 id={formHeading} className="margin-bottom-0">
        Record the court’s decision
      </h4>
      <ErrorSummary {...form.summary} />
      <RadioGroup
        {...form.bind('disposition')}
        legend="Decision"
        hint={DISPOSITION_HINT}
        options={DISPOSITION_OPTIONS}
      />
      <DateField
        {...form.bind('decidedOn')}
        label="Decided on"
        hint={`Month/day/year. On or after the offense date, ${formatDate(referral.offenseDate)}.`}
      />
      <ReferenceField
        {...form.bind('courtReference')}
        label="Court reference"
        optional
        hint="As the court writes it, for example 2526-CR01234"
      />
      <SubmitButton form={form} busy="Saving…" className="margin-top-3">
        Save decision
      </SubmitButton>
    </Form>
  );
}

/** What the court's days are checked against: the offense, and today in Chicago. */
function courtContext(referral: Referral) {
  return {
    fields: decisionFields(referral.id),
    offenseDate: referral.offenseDate,
    today: chicagoToday(),
  };
}

/**
 * A reference as the court writes it. A few characters longer than the API takes: a pasted
 * reference too long is named by the check, not cut short unseen.
 */
function ReferenceField(props: Parameters<typeof TextField>[0]) {
  return (
    <TextField
      autoComplete="off"
      spellCheck={false}
      maxLength={REFERENCE_LIMIT.max + 10}
      {...props}
    />
  );
}

/**
 * "Record an expungement order" (SUPERVISOR): the order's day and reference, then a
 * confirmation, since it closes the record for good and is never replaced.
 */
function ExpungementForm({
  referral,
  onSaved,
}: {
  referral: Referral;
  onSaved: (message: string) => void;
}) {
  const fields = decisionFields(referral.id);
  const announce = useAnnounce();
  const record = useRecordExpungement(referral.id);
  const changed = useRecordChanged();
  const form = useForm({
    initial: { orderedOn: '', orderReference: '' },
    ids: fields,
    review: true,
    check: (v, problems) => problems.from(checkExpungementForm(v, courtContext(referral))),
    async send(body) {
      const saved = await record.mutateAsync(body);
      const message =
        `Ordered on ${formatDate(saved.orderedOn)}, order ${saved.orderReference}, case ` +
        `${referral.caseNumber}. The record of this referral is expunged: closed for good.`;
      form.back();
      form.reset();
      announce(`Expungement order recorded. ${message}`);
      onSaved(message);
      await changed();
    },
    // A refusal that names a field is shown on it: back to the form from the review.
    refused(err) {
      const items = decisionProblem(err, fields);
      if (items.some((i) => i.fieldId)) form.closeReview();
      return items;
    },
  });
  const { review, busy } = form;
  const formHeading = `record-expungement-${referral.id}`;

  return (
    <>
      <Form form={form} summary={false} className="margin-top-4" aria-labelledby={formHeading}>
        <h4 id={formHeading} className="margin-bottom-0">
          Record an expungement order
        </h4>
        <p className="margin-bottom-0">
          When the court orders this case expunged (RSMo 610.140), record the order here. It closes
          the record of this referral for good: it cannot be undone or replaced.
        </p>
        {!review && <ErrorSummary {...form.summary} />}
        <DateField {...form.bind('orderedOn')} label="Ordered on" hint="Month/day/year" />
        <ReferenceField
          {...form.bind('orderReference')}
          label="Order reference"
          hint="As the court writes it, for example 2616-CV00321"
        />
        <Button type="submit" secondary className="margin-top-3">
          Review the order
        </Button>
      </Form>
      <Dialog
        open={review !== null}
        title="Record the expungement order?"
        onClose={busy ? undefined : form.back}
        id={`expungement-dialog-${referral.id}`}
      >
        {review && (
          <>
            <ErrorSummary {...form.summary} />
            <SummaryList
              rows={[
                ['Case', referral.caseNumber],
                ['Ordered on', formatDate(review.orderedOn)],
                ['Order reference', review.orderReference],
              ]}
            />
            <p className="text-bold">
              This closes the record of this referral for good. It cannot be undone, and a recorded
              order is never replaced.
            </p>
            <div className="usa-button-group">
              <Button type="button" secondary disabled={busy} onClick={() => void form.confirm()}>
                {busy ? 'Recording…' : 'Record the order'}
              </Button>
              <Button type="button" outline disabled={busy} onClick={form.back}>
                Go back
              </Button>
            </div>
          </>
        )}
      </Dialog>
    </>
  );
}
