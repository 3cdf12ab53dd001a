import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  chicagoToday,
  formatDate,
  formatTimestamp,
  parseDateInput,
  toDateInput,
} from '../api/dates';
import { formatCents } from '../api/money';
import { ApiError } from '../api/problem';
import { useStaffName } from '../api/queries';
import { useSession } from '../api/session';
import { RequireRole } from '../app/shell';
import {
  ErrorSummary,
  PageHeading,
  TextField,
  useAnnounce,
  useFormErrors,
  usePageTitle,
} from '../app/ui';
import { getDrafts, useBatchWrites, type Batch } from './api';

/** What a refused "Prepare a batch" means, in plain words. */
type Outcome =
  { kind: 'nothing'; periodEnd: string; theirs?: Batch } | { kind: 'race'; theirs?: Batch };

/** A batch someone else prepared in the last few minutes, still a draft: the likely "winner". */
async function recentDraftByOther(me: string | undefined): Promise<Batch | undefined> {
  const page = await getDrafts(5).catch(() => undefined);
  const recent = Date.now() - 10 * 60_000;
  return page?.items.find((b) => b.createdBy !== me && Date.parse(b.createdAt) >= recent);
}

export function PrepareBatchPage() {
  usePageTitle('Prepare a batch');
  return (
    <RequireRole roles={['FINANCE']}>
      <PrepareBatch />
    </RequireRole>
  );
}

function PrepareBatch() {
  const { user } = useSession();
  const navigate = useNavigate();
  const writes = useBatchWrites();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const [periodEnd, setPeriodEnd] = useState(toDateInput(chicagoToday()));
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setOutcome(null);
    const day = parseDateInput(periodEnd);
    if (!day)
      return errors.show([
        { fieldId: 'period-end', message: 'Enter the period end as month/day/year' },
      ]);
    if (day > chicagoToday())
      return errors.show([
        { fieldId: 'period-end', message: 'The period end cannot be in the future' },
      ]);
    errors.clear();
    setBusy(true);
    try {
      const batch = await writes.prepare(day);
      announce(
        `Batch prepared: ${batch.itemCount} item${batch.itemCount === 1 ? '' : 's'}, total ${formatCents(batch.totalCents)}. Check it before marking it sent.`,
      );
      void navigate({ to: '/remittances/$remittanceId', params: { remittanceId: batch.id } });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NOTHING_TO_REMIT') {
        setOutcome({ kind: 'nothing', periodEnd: day, theirs: await recentDraftByOther(user?.id) });
      } else if (err instanceof ApiError && err.status === 409) {
        setOutcome({ kind: 'race', theirs: await recentDraftByOther(user?.id) });
      } else errors.fromError(err, { periodEnd: 'period-end' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>Prepare a batch</PageHeading>
      <p className="margin-top-0">
        A batch takes every payment, refund and reversal dated on or before the period end that is
        not in a batch yet. Nothing is sent now: you check the batch first.
      </p>
      {outcome && <OutcomeAlert outcome={outcome} />}
      <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
        <ErrorSummary items={errors.items} requestId={errors.requestId} />
        <TextField
          id="period-end"
          label="Period end"
          hint="Month/day/year. Not in the future."
          inputMode="numeric"
          autoComplete="off"
          className="usa-input--md"
          value={periodEnd}
          error={errors.field('period-end')}
          onChange={(e) => setPeriodEnd(e.target.value)}
        />
        <div className="usa-button-group margin-top-3">
          <button type="submit" className="usa-button" disabled={busy}>
            {busy ? 'Preparing…' : 'Prepare a batch'}
          </button>
          <Link to="/remittances" className="usa-button usa-button--outline">
            Back to the batches
          </Link>
        </div>
      </form>
    </>
  );
}

function OutcomeAlert({ outcome }: { outcome: Outcome }) {
  const ref = useRef<HTMLDivElement>(null);
  const staffName = useStaffName();
  useEffect(() => ref.current?.focus(), [outcome]);
  const theirs = outcome.theirs;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      className="usa-alert usa-alert--warning margin-y-2 prepare-outcome"
      aria-labelledby="prepare-outcome-heading"
    >
      <div className="usa-alert__body">
        <h2 className="usa-alert__heading" id="prepare-outcome-heading">
          {outcome.kind === 'nothing' ? 'Nothing to send' : 'Someone else prepared a batch'}
        </h2>
        <p className="usa-alert__text">
          {outcome.kind === 'nothing'
            ? 'Nothing is waiting to be sent: every payment up to that date is already in a batch.'
            : 'Another batch was being prepared at the same moment, so yours was not made: the same payments cannot go into two batches.'}
        </p>
        {theirs && (
          <p className="usa-alert__text margin-top-1">
            {staffName(theirs.createdBy)} prepared a batch at {formatTimestamp(theirs.createdAt)}{' '}
            with {theirs.itemCount} item{theirs.itemCount === 1 ? '' : 's'} up to{' '}
            {formatDate(theirs.periodEnd)}, still a draft: it probably took the payments you
            expected.{' '}
            <Link to="/remittances/$remittanceId" params={{ remittanceId: theirs.id }}>
              Check that batch
            </Link>
          </p>
        )}
        <p className="usa-alert__text margin-top-1">
          <Link to="/remittances">See every batch</Link>
        </p>
      </div>
    </div>
  );
}
