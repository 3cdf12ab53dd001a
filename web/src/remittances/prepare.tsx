import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { chicagoToday, formatDate, formatTimestamp, toDateInput } from '../api/dates';
import { formatCents } from '../api/money';
import { ApiError, summarize } from '../api/problem';
import { useStaffName } from '../api/queries';
import { useSession } from '../api/session';
import { BACK_LINK, Form, FormActions, useForm } from '../app/form';
import { rolePage } from '../app/shell';
import { DateField, PageHeading, useAnnounce } from '../app/ui';
import { getDrafts, useBatchWrites, type Batch } from './api';

/** What a refused "Prepare a batch" means, in plain words. */
type Outcome = { kind: 'nothing' | 'race'; theirs?: Batch };

/** A batch someone else prepared in the last few minutes, still a draft: the likely "winner". */
async function recentDraftByOther(me: string | undefined): Promise<Batch | undefined> {
  const page = await getDrafts(5).catch(() => undefined);
  const recent = Date.now() - 10 * 60_000;
  return page?.items.find((b) => b.createdBy !== me && Date.parse(b.createdAt) >= recent);
}

export const PrepareBatchPage = rolePage('Prepare a batch', ['FINANCE'], PrepareBatch);

function PrepareBatch() {
  const { user } = useSession();
  const navigate = useNavigate();
  const writes = useBatchWrites();
  const announce = useAnnounce();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const form = useForm({
    initial: () => ({ periodEnd: toDateInput(chicagoToday()) }),
    ids: { periodEnd: 'period-end' },
    check(v, problems) {
      // Each press starts afresh: what the last one was told goes.
      setOutcome(null);
      const day = problems.date('periodEnd', v.periodEnd, 'Enter the period end as month/day/year');
      problems.when(
        day && day > chicagoToday(),
        'periodEnd',
        'The period end cannot be in the future',
      );
      return day ?? undefined;
    },
    async send(day) {
      const batch = await writes.prepare(day);
      announce(
        `Batch prepared: ${batch.itemCount} item${batch.itemCount === 1 ? '' : 's'}, total ${formatCents(batch.totalCents)}. Check it before marking it sent.`,
      );
      void navigate({ to: '/remittances/$remittanceId', params: { remittanceId: batch.id } });
    },
    // Nothing to send, or a batch prepared at the same moment: said by the alert, not as an error.
    async refused(err, ids) {
      const kind = !(err instanceof ApiError)
        ? null
        : err.code === 'NOTHING_TO_REMIT'
          ? 'nothing'
          : err.status === 409
            ? 'race'
            : null;
      if (!kind) return summarize(err, ids);
      setOutcome({ kind, theirs: await recentDraftByOther(user?.id) });
      return null;
    },
  });

  return (
    <>
      <PageHeading>Prepare a batch</PageHeading>
      <p className="margin-top-0">
        A batch takes every payment, refund and reversal dated on or before the period end that is
        not in a batch yet. Nothing is sent now: you check the batch first.
      </p>
      {outcome && <OutcomeAlert outcome={outcome} />}
      <Form form={form}>
        <DateField
          {...form.bind('periodEnd')}
          label="Period end"
          hint="Month/day/year. Not in the future."
        />
        <FormActions
          form={form}
          submit="Prepare a batch"
          busy="Preparing…"
          back={
            <Link to="/remittances" className={BACK_LINK}>
              Back to the batches
            </Link>
          }
        />
      </Form>
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
