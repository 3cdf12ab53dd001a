import { useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../api/client';
import { formatDate, formatTimestamp } from '../api/dates';
import { formatCents } from '../api/money';
import { data, useStaffName } from '../api/queries';
import type { Enrollment } from '../participants/page';
import { LoadFailed, Loading } from '../app/ui';

export type LedgerEntry = Schemas['LedgerEntryDto'];

export const KIND_LABELS: Record<string, string> = {
  FEE: 'Fee',
  PAYMENT: 'Payment',
  WAIVER: 'Waiver',
  REFUND: 'Refund',
  REVERSAL: 'Reversal',
};

export const METHOD_LABELS: Record<string, string> = {
  CASH: 'Cash',
  CHECK: 'Check',
  MONEY_ORDER: 'Money order',
  CARD: 'Card',
};

export function useLedger(enrollmentId: string) {
  return useQuery({
    queryKey: ['ledger', enrollmentId],
    queryFn: () =>
      data(api.GET('/api/v1/enrollments/{id}/ledger', { params: { path: { id: enrollmentId } } })),
  });
}

/** Entries oldest first, each with the balance after it. */
export function withRunningBalance(
  entries: LedgerEntry[],
): (LedgerEntry & { balanceAfter: number })[] {
  let balance = 0;
  return [...entries]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((e) => {
      balance += e.signedAmountCents;
      return { ...e, balanceAfter: balance };
    });
}

export function LedgerTab({ enrollment }: { enrollment: Enrollment }) {
  const ledger = useLedger(enrollment.id);
  const staffName = useStaffName();
  if (ledger.isPending) return <Loading what="the ledger" />;
  if (ledger.isError) return <LoadFailed error={ledger.error} what="the ledger" />;
  const rows = withRunningBalance(ledger.data.entries);
  const number = new Map(rows.map((r, n) => [r.id, n + 1]));
  return (
    <>
      <p>
        Balance owed: <strong>{formatCents(ledger.data.balanceCents)}</strong>. Money received:{' '}
        {formatCents(ledger.data.receivedCents)}.
      </p>
      <div className="usa-table-container--scrollable" tabIndex={0} aria-label="Ledger entries">
        <table className="usa-table usa-table--borderless usa-table--stacked width-full ledger-table">
          <caption className="usa-sr-only">
            Ledger entries, oldest first, with the balance after each
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Date</th>
              <th scope="col">Kind</th>
              <th scope="col" className="text-right">
                Amount
              </th>
              <th scope="col" className="text-right">
                Balance
              </th>
              <th scope="col">Method</th>
              <th scope="col">Receipt</th>
              <th scope="col">Recorded by</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} id={`entry-${e.id}`}>
                <td data-label="#">{number.get(e.id)}</td>
                <th scope="row" data-label="Date">
                  {e.receivedOn ? formatDate(e.receivedOn) : formatTimestamp(e.createdAt)}
                </th>
                <td data-label="Kind">
                  {KIND_LABELS[e.kind] ?? e.kind}
                  {e.reversesEntryId && (
                    <>
                      {' '}
                      of{' '}
                      <a href={`#entry-${e.reversesEntryId}`}>
                        entry {number.get(e.reversesEntryId)}
                      </a>
                    </>
                  )}
                  {e.reversedByEntryId && (
                    <>
                      {' '}
                      (reversed by{' '}
                      <a href={`#entry-${e.reversedByEntryId}`}>
                        entry {number.get(e.reversedByEntryId)}
                      </a>
                      )
                    </>
                  )}
                  {e.reason && <div className="font-body-3xs text-base-dark">{e.reason}</div>}
                </td>
                <td data-label="Amount" className="text-right text-tabular">
                  {formatCents(e.signedAmountCents)}
                </td>
                <td data-label="Balance" className="text-right text-tabular">
                  {formatCents(e.balanceAfter)}
                </td>
                <td data-label="Method">
                  {e.method ? (METHOD_LABELS[e.method] ?? e.method) : '—'}
                  {e.reference ? ` ${e.reference}` : ''}
                </td>
                <td data-label="Receipt">{e.receiptNumber ?? '—'}</td>
                <td data-label="Recorded by">{staffName(e.createdBy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
