import { Link, getRouteApi } from '@tanstack/react-router';
import { formatDate, formatTimestamp } from '../api/dates';
import { formatCents } from '../api/money';
import { hasRole, useSession } from '../api/session';
import { ListStatus, Pager } from '../app/pager';
import { RequireRole } from '../app/shell';
import { LoadFailed, Loading, PageHeading, TableRegion, usePageTitle } from '../app/ui';
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
      {batches.isPending && <Loading what="the batches" />}
      {batches.isError && <LoadFailed error={batches.error} what="the batches" />}
      {batches.isSuccess && (
        <section aria-labelledby="batches-heading">
          <h2 id="batches-heading">Batches</h2>
          <ListStatus
            page={page}
            limit={BATCHES_PER_PAGE}
            total={batches.data.total}
            noun="batches, newest first"
            empty="No batch has been prepared yet."
          />
          {batches.data.items.length > 0 && (
            <TableRegion
              label="Batches"
              caption="Remittance batches, newest first"
              id="batches-table"
            >
              <thead>
                <tr>
                  <th scope="col">Period end</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="text-right">
                    Items
                  </th>
                  <th scope="col" className="text-right">
                    Total
                  </th>
                  <th scope="col">Prepared</th>
                  <th scope="col">Transfer</th>
                </tr>
              </thead>
              <tbody>
                {batches.data.items.map((b) => (
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
              </tbody>
            </TableRegion>
          )}
          <Pager
            page={page}
            total={batches.data.total}
            limit={BATCHES_PER_PAGE}
            to="/remittances"
            label="Pages of batches"
          />
        </section>
      )}
    </>
  );
}
