import { Link, getRouteApi } from '@tanstack/react-router';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  chicagoToday,
  formatDate,
  formatTimestamp,
  parseDateInput,
  toDateInput,
} from '../api/dates';
import { downloadFile } from '../api/files';
import { formatCents } from '../api/money';
import { ApiError, summarize, type SummaryItem } from '../api/problem';
import { programName, useStaffName } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import { HistoryTab } from '../audit/parts';
import { DateField } from '../app/filters';
import { DataTable, HeadedSection, PagedTable, pageOf, num } from '../app/lists';
import { ActionButton } from '../app/buttons';
import { ReasonDialog } from '../app/reason-dialog';
import { RequireRole } from '../app/shell';
import {
  Alert,
  Dialog,
  ErrorSummary,
  LoadFailed,
  Loading,
  SummaryList,
  TextField,
  useAnnounce,
  useFormErrors,
  usePageTitle,
} from '../app/ui';
import {
  BatchStatusTag,
  itemKindLabel,
  totalsBy,
  useBatch,
  type BatchDetail,
  type Total,
} from './common';
import { useBatchWrites } from './api';

const ITEMS_PER_PAGE = 100;
const route = getRouteApi('/remittances/$remittanceId');

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

export function BatchPage() {
  usePageTitle('Remittance batch');
  return (
    <RequireRole roles={['FINANCE', 'SUPERVISOR', 'AUDITOR']}>
      <BatchScreen />
    </RequireRole>
  );
}

function BatchScreen() {
  const { remittanceId } = route.useParams();
  const { page = 1 } = route.useSearch();
  const { user } = useSession();
  const batch = useBatch(remittanceId);
  const staffName = useStaffName();
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  if (batch.isPending) return <Loading what="the batch" />;
  if (batch.isError) return <LoadFailed error={batch.error} what="the batch" />;
  const b = batch.data;
  const draft = b.status === 'DRAFT';

  function finished(message: string) {
    setDone(message);
    window.setTimeout(() => doneRef.current?.focus(), 0);
  }

  return (
    <>
      <h1 id="page-heading" tabIndex={-1} className="margin-top-0 margin-bottom-1">
        Remittance batch up to {formatDate(b.periodEnd)}
      </h1>
      <p className="margin-top-0">
        <BatchStatusTag status={b.status} />
        <span className="margin-left-1">To {b.beneficiary}</span>
      </p>
      {done && (
        <div ref={doneRef} tabIndex={-1} className="batch-done">
          <Alert type="success" heading={done} />
        </div>
      )}
      {draft && !done && (
        <Alert type="info" heading="This batch is a draft" headingLevel={2}>
          <p className="margin-0">
            Check the items and totals below. When the transfer to {b.beneficiary} is made, mark the
            batch as sent with the bank&apos;s reference. If it is wrong, void it: its payments go
            back to waiting for the next batch.
          </p>
        </Alert>
      )}
      <SummaryList
        rows={[
          ['Status', <BatchStatusTag key="s" status={b.status} />],
          ['Money movements up to', formatDate(b.periodEnd)],
          ['Items', b.itemCount.toLocaleString('en-US')],
          ['Total', <strong key="t">{formatCents(b.totalCents)}</strong>],
          ['Prepared', `${formatTimestamp(b.createdAt)} by ${staffName(b.createdBy)}`],
          ...(b.status === 'SENT'
            ? ([
                ['Transfer reference', b.transferReference ?? '—'],
                ['Sent on', formatDate(b.sentOn)],
                ['Marked as sent', `${formatTimestamp(b.sentAt)} by ${staffName(b.sentBy)}`],
              ] as [string, ReactNode][])
            : []),
          ...(b.status === 'VOIDED'
            ? ([
                ['Voided', `${formatTimestamp(b.voidedAt)} by ${staffName(b.voidedBy)}`],
                ['Reason', b.voidReason ?? '—'],
              ] as [string, ReactNode][])
            : []),
        ]}
      />
      {b.negativeTotal && (
        <Alert type="warning" heading="Refunds outweigh payments in this batch" headingLevel={2}>
          <p className="margin-0">
            The total is negative: nothing is owed to {b.beneficiary} for this period.
          </p>
        </Alert>
      )}
      <div className="usa-button-group margin-y-3 batch-actions">
        {draft && hasRole(user, 'FINANCE') && <MarkAsSent batch={b} onDone={(m) => finished(m)} />}
        {draft && hasRole(user, 'FINANCE', 'SUPERVISOR') && (
          <VoidBatch batch={b} onDone={(m) => finished(m)} />
        )}
        <StatementButton batch={b} format="csv" />
        <StatementButton batch={b} format="pdf" />
      </div>

      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading">Totals</h2>
        <div className="batch-totals">
          <TotalsTable
            id="totals-by-program"
            caption="Totals by program"
            first="Program"
            totals={totalsBy(b.items, (i) => [i.programCode, programName(i.programCode)])}
            all={b.totalCents}
          />
          <TotalsTable
            id="totals-by-kind"
            caption="Totals by kind"
            first="Kind"
            totals={totalsBy(b.items, (i) => [
              `${i.kind}${i.reversedKind ?? ''}`,
              itemKindLabel(i),
            ])}
            all={b.totalCents}
          />
        </div>
      </section>

      <ItemsTable batch={b} page={page} />

      {hasRole(user, 'AUDITOR', 'ADMIN') && (
        <section aria-labelledby="batch-history" className="margin-top-4">
          <h2 id="batch-history">History</h2>
          <HistoryTab entityType="remittance_batch" entityId={b.id} />
        </section>
      )}
      <p className="margin-top-4">
        <Link to="/remittances">Back to the batches</Link>
      </p>
    </>
  );
}

function TotalsTable({
  id,
  caption,
  first,
  totals,
  all,
}: {
  id: string;
  caption: string;
  first: string;
  totals: Total[];
  all: number;
}) {
  return (
    <DataTable
      label={caption}
      caption={caption}
      showCaption
      id={id}
      stacked={false}
      columns={[first, num('Items'), num('Amount')]}
      foot={
        <tr className="report-total">
          <th scope="row">Total</th>
          <td className="text-right text-tabular">
            {totals.reduce((n, t) => n + t.count, 0).toLocaleString('en-US')}
          </td>
          <td className="text-right text-tabular">{formatCents(all)}</td>
        </tr>
      }
    >
      {totals.map((t) => (
        <tr key={t.key}>
          <th scope="row">{t.label}</th>
          <td className="text-right text-tabular">{t.count.toLocaleString('en-US')}</td>
          <td className="text-right text-tabular">{formatCents(t.cents)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function ItemsTable({ batch: b, page }: { batch: BatchDetail; page: number }) {
  const { current, shown } = pageOf(b.items, page, ITEMS_PER_PAGE);
  return (
    <HeadedSection id="items-heading" heading="Items" className="margin-top-4">
      <p>
        Each money movement in the batch. Like the statement {b.beneficiary} receives, it shows no
        participant&apos;s name or personal data.
      </p>
      <PagedTable
        paging={{
          page: current,
          limit: ITEMS_PER_PAGE,
          total: b.items.length,
          to: '/remittances/$remittanceId',
          params: { remittanceId: b.id },
          label: 'Pages of items',
        }}
        noun="items"
        rows={shown.length}
        label="Items"
        caption="Items of the batch, by date"
        id="batch-items"
        columns={['Date', 'Receipt number', 'Program', 'Kind', num('Amount')]}
      >
        {shown.map((i) => (
          <tr key={i.ledgerEntryId}>
            <th scope="row" data-label="Date">
              {formatDate(i.receivedOn)}
            </th>
            <td data-label="Receipt number">{i.receiptNumber ?? '—'}</td>
            <td data-label="Program">{programName(i.programCode)}</td>
            <td data-label="Kind">{itemKindLabel(i)}</td>
            <td data-label="Amount" className="text-right text-tabular">
              {formatCents(i.amountCents)}
            </td>
          </tr>
        ))}
      </PagedTable>
    </HeadedSection>
  );
}

function StatementButton({ batch, format }: { batch: BatchDetail; format: 'csv' | 'pdf' }) {
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

function MarkAsSent({ batch: b, onDone }: { batch: BatchDetail; onDone: (m: string) => void }) {
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

function VoidBatch({ batch: b, onDone }: { batch: BatchDetail; onDone: (m: string) => void }) {
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
