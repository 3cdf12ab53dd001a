import { Link, getRouteApi } from '@tanstack/react-router';
import { useRef, useState, type ReactNode } from 'react';
import { formatDate, formatTimestamp } from '../api/dates';
import { formatCents } from '../api/money';
import { programName, useStaffName } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import { HistoryTab } from '../audit/parts';
import { DataTable, HeadedSection, PagedTable, QueryState, num, pageOf } from '../app/lists';
import { RequireRole } from '../app/shell';
import { Alert, SummaryList, usePageTitle } from '../app/ui';
import {
  BatchStatusTag,
  itemKindLabel,
  totalsBy,
  useBatch,
  type BatchDetail,
  type Total,
} from './common';
import { MarkAsSent, StatementButton, VoidBatch } from './batch-actions';

const ITEMS_PER_PAGE = 100;
const route = getRouteApi('/remittances/$remittanceId');

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
  const batch = useBatch(remittanceId);
  return (
    <QueryState query={batch} what="the batch">
      {(b) => <Batch batch={b} />}
    </QueryState>
  );
}

function Batch({ batch: b }: { batch: BatchDetail }) {
  const { page = 1 } = route.useSearch();
  const { user } = useSession();
  const staffName = useStaffName();
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
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
