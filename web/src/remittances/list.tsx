import { Link, getRouteApi } from '@tanstack/react-router';
import { formatDate, formatTimestamp } from '../api/dates';
import { formatCents } from '../api/money';
import { hasRole, useSession } from '../api/session';
import { HeadedSection, PagedTable, QueryState, num } from '../app/lists';
import { RequireRole } from '../app/shell';
import { PageHeading, usePageTitle } from '../app/ui';
import { useBatches } from './api';
import { BatchStatusTag } from './common';

export const BATCHES_PER_PAGE = 20;
const route = getRouteApi('/remittances');

export function RemittancesPage() {
  usePageTitle('Remittances');
  return (
    <RequireRole roles={['FINANCE', 'SUPERVISOR', 'AUDITOR']}>
      <Remittances />
    </RequireRole>
  );
}

function Remittances() {
  const { user } = useSession();
  const { page = 1 } = route.useSearch();
  const batches = useBatches(page, BATCHES_PER_PAGE);
  return (
    <>
      <PageHeading>Remittances</PageHeading>
      <p className="margin-top-0">
        Every dollar collected goes to Veronica&apos;s Voice in batches: prepare a batch, check it,
        then mark it as sent when the transfer is made.
      </p>
      {hasRole(user, 'FINANCE') && (
        <p>
          <Link to="/remittances/new" className="usa-button">
            Prepare a batch
          </Link>
        </p>
      )}
      <QueryState query={batches} what="the batches">
        {(data) => (
          <HeadedSection id="batches-heading" heading="Batches">
            <PagedTable
              paging={{
                page,
                limit: BATCHES_PER_PAGE,
                total: data.total,
                to: '/remittances',
                label: 'Pages of batches',
              }}
              noun="batches, newest first"
              empty="No batch has been prepared yet."
              rows={data.items.length}
              label="Batches"
              caption="Remittance batches, newest first"
              id="batches-table"
              columns={['Period end', 'Status', num('Items'), num('Total'), 'Prepared', 'Transfer']}
            >
              {data.items.map((b) => (
                <tr key={b.id}>
                  <th scope="row" data-label="Period end">
                    <Link to="/remittances/$remittanceId" params={{ remittanceId: b.id }}>
                      Up to {formatDate(b.periodEnd)}
                    </Link>
                  </th>
                  <td data-label="Status">
                    <BatchStatusTag status={b.status} />
                  </td>
                  <td data-label="Items" className="text-right text-tabular">
                    {b.itemCount.toLocaleString('en-US')}
                  </td>
                  <td data-label="Total" className="text-right text-tabular">
                    {formatCents(b.totalCents)}
                  </td>
                  <td data-label="Prepared">{formatTimestamp(b.createdAt)}</td>
                  <td data-label="Transfer">
                    {b.status === 'SENT'
                      ? `${b.transferReference ?? ''}, ${formatDate(b.sentOn)}`
                      : '—'}
                  </td>
                </tr>
              ))}
            </PagedTable>
          </HeadedSection>
        )}
      </QueryState>
    </>
  );
}
