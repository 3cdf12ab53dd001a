import { Link } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { chicagoToday, formatDate, formatTimestamp } from '../api/dates';
import { formatCents } from '../api/money';
import { useStaffName } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import type { Enrollment } from '../enrollments/api';
import { usePendingReversals, usePendingWaivers, type ReversalRequest } from '../approvals/api';
import { Alert, ErrorSummary, LoadFailed, Loading, useFormErrors } from '../app/ui';
import {
  KIND_LABELS,
  METHOD_LABELS,
  useLedger,
  WAIVER_REASON_LABELS,
  type LedgerEntry,
} from './api';
import { ReceiptButton } from './receipt';
import { ReverseDialog, reversedByRequest } from './reverse-dialog';
import { DoneNotice } from '../app/notice';
import { DataTable, num } from '../app/lists';

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
  const { user } = useSession();
  const [reversing, setReversing] = useState<LedgerEntry | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const errors = useFormErrors();
  const readsRequests = hasRole(user, 'FINANCE', 'SUPERVISOR', 'AUDITOR');
  const reversals = usePendingReversals(readsRequests);
  // After a reversal (or its request) focus goes to what happened: the entry's button is gone.
  useEffect(() => {
    if (notice) document.getElementById('ledger-notice')?.focus();
  }, [notice]);
  if (ledger.isPending) return <Loading what="the ledger" />;
  if (ledger.isError) return <LoadFailed error={ledger.error} what="the ledger" />;
  const rows = withRunningBalance(ledger.data.entries);
  const number = new Map(rows.map((r, n) => [r.id, n + 1]));
  const { balanceCents, receivedCents } = ledger.data;
  const active = enrollment.status === 'ACTIVE';
  const supervisor = hasRole(user, 'SUPERVISOR');
  // FEE and WAIVER: a request (SUPERVISOR or FINANCE) a second supervisor approves.
  const mayRequest = hasRole(user, 'SUPERVISOR', 'FINANCE');
  const requested = new Map<string, ReversalRequest>(
    (reversals.data ?? [])
      .filter((r) => r.enrollmentId === enrollment.id)
      .map((r) => [r.entryId, r]),
  );
  const canPrint = hasRole(user, 'FINANCE', 'SUPERVISOR', 'AUDITOR');
  const actions = [
    hasRole(user, 'FINANCE') && active && balanceCents > 0 && (
      <Link
        key="pay"
        to="/enrollments/$enrollmentId/payments/new"
        params={{ enrollmentId: enrollment.id }}
        className="usa-button"
      >
        Record a payment
      </Link>
    ),
    hasRole(user, 'FINANCE', 'INTAKE') && active && balanceCents > 0 && (
      <Link
        key="waive"
        to="/enrollments/$enrollmentId/waiver-requests/new"
        params={{ enrollmentId: enrollment.id }}
        className="usa-button usa-button--outline"
      >
        Request a waiver
      </Link>
    ),
    hasRole(user, 'FINANCE') && receivedCents > 0 && (
      <Link
        key="refund"
        to="/enrollments/$enrollmentId/refunds/new"
        params={{ enrollmentId: enrollment.id }}
        className="usa-button usa-button--outline"
      >
        Record a refund
      </Link>
    ),
  ].filter(Boolean);

  return (
    <>
      {notice && <DoneNotice id="ledger-notice">{notice}</DoneNotice>}
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      <p>
        Balance owed: <strong>{formatCents(balanceCents)}</strong>. Money received:{' '}
        {formatCents(receivedCents)}.
      </p>
      {actions.length > 0 && <div className="usa-button-group ledger-actions">{actions}</div>}
      {readsRequests && (
        <WaitingRequests
          enrollmentId={enrollment.id}
          reversals={[...requested.values()]}
          number={number}
        />
      )}
      <DataTable
        label="Ledger entries"
        caption="Ledger entries, oldest first, with the balance after each"
        className="ledger-table"
        columns={[
          '#',
          'Date',
          'Kind',
          num('Amount'),
          num('Balance'),
          'Method',
          'Receipt',
          'Recorded by',
        ]}
      >
        {rows.map((e) => (
          <tr key={e.id} id={`entry-${e.id}`} tabIndex={-1}>
            <td data-label="#">{number.get(e.id)}</td>
            <th scope="row" data-label="Date">
              {formatDate(e.receivedOn ?? chicagoToday(new Date(e.createdAt)))}
            </th>
            <td data-label="Kind">
              {KIND_LABELS[e.kind] ?? e.kind}
              {e.reversesEntryId && (
                <>
                  {' '}
                  of{' '}
                  <EntryLink id={e.reversesEntryId}>
                    entry {number.get(e.reversesEntryId)}
                  </EntryLink>
                </>
              )}
              {e.reversedByEntryId && (
                <>
                  {' '}
                  (reversed by{' '}
                  <EntryLink id={e.reversedByEntryId}>
                    entry {number.get(e.reversedByEntryId)}
                  </EntryLink>
                  )
                </>
              )}
              {e.reason && (
                <div className="font-body-3xs text-base-dark">
                  {e.kind === 'WAIVER' ? (WAIVER_REASON_LABELS[e.reason] ?? e.reason) : e.reason}
                </div>
              )}
              <ReverseControl
                entry={e}
                number={number.get(e.id)}
                request={requested.get(e.id)}
                supervisor={supervisor}
                mayRequest={mayRequest}
                userId={user?.id}
                onReverse={() => {
                  setNotice(null);
                  setReversing(e);
                }}
              />
            </td>
            <td data-label="Amount" className="text-right text-tabular">
              {formatCents(e.signedAmountCents)}
            </td>
            <td data-label="Balance" className="text-right text-tabular">
              {formatCents(e.balanceAfter)}
            </td>
            <td data-label="Method">
              {e.method ? (METHOD_LABELS[e.method] ?? e.method) : '—'}
              {e.reference && <div className="ledger-reference">{e.reference}</div>}
            </td>
            <td data-label="Receipt">
              {e.receiptNumber && canPrint ? (
                <ReceiptButton
                  entry={e}
                  className="usa-button usa-button--unstyled ledger-receipt"
                  onError={(err) => errors.fromError(err)}
                >
                  {e.receiptNumber}
                  <span className="usa-sr-only"> (receipt PDF)</span>
                </ReceiptButton>
              ) : (
                (e.receiptNumber ?? '—')
              )}
            </td>
            <td data-label="Recorded by">{staffName(e.createdBy)}</td>
          </tr>
        ))}
      </DataTable>
      <ReverseDialog
        entry={reversing}
        number={reversing ? number.get(reversing.id) : undefined}
        balanceCents={balanceCents}
        onClose={() => setReversing(null)}
        onReversed={(m) => {
          setReversing(null);
          setNotice(m);
        }}
      />
    </>
  );
}

/**
 * Under an entry's kind: "Reverse" where the signed-in roles may reverse it (or ask for its
 * reversal), "Reversal requested" while a request waits, or why not.
 */
function ReverseControl({
  entry,
  number,
  request,
  supervisor,
  mayRequest,
  userId,
  onReverse,
}: {
  entry: LedgerEntry;
  number: number | undefined;
  request: ReversalRequest | undefined;
  supervisor: boolean;
  mayRequest: boolean;
  userId: string | undefined;
  onReverse: () => void;
}) {
  if (entry.kind === 'REVERSAL' || entry.reversedByEntryId) return null;
  if (request)
    return (
      <div className="font-body-3xs">
        <strong>Reversal requested</strong>: waits for a second supervisor
      </div>
    );
  const byRequest = reversedByRequest(entry);
  if (!(byRequest ? mayRequest : supervisor)) return null;
  if (!byRequest && entry.createdBy === userId)
    return <div className="font-body-3xs">Your entry: another supervisor reverses it</div>;
  return (
    <div>
      <button
        type="button"
        className="usa-button usa-button--unstyled ledger-reverse"
        onClick={onReverse}
      >
        Reverse<span className="usa-sr-only"> entry {number}</span>
      </button>
    </div>
  );
}

/** Requests for this enrollment that wait for a supervisor: not on the ledger yet. */
function WaitingRequests({
  enrollmentId,
  reversals,
  number,
}: {
  enrollmentId: string;
  reversals: ReversalRequest[];
  number: Map<string, number>;
}) {
  const pending = usePendingWaivers();
  const staffName = useStaffName();
  const mine = (pending.data ?? []).filter((w) => w.enrollmentId === enrollmentId);
  if (!mine.length && !reversals.length) return null;
  return (
    <Alert type="info" heading="Waiting for a supervisor" headingLevel={3} slim={false}>
      <ul className="margin-0 padding-left-2">
        {mine.map((w) => (
          <li key={w.id}>
            A waiver of {formatCents(w.amountCents)} ({WAIVER_REASON_LABELS[w.reason] ?? w.reason}
            ), asked by {staffName(w.requestedBy)} on {formatTimestamp(w.requestedAt)}. It is not on
            the ledger until a supervisor approves it.
          </li>
        ))}
        {reversals.map((r) => (
          <li key={r.id}>
            The reversal of entry {number.get(r.entryId)} (
            {(KIND_LABELS[r.entryKind] ?? r.entryKind).toLowerCase()} of{' '}
            {formatCents(r.amountCents)}; reason: {r.reason}), asked by {staffName(r.requestedBy)}{' '}
            on {formatTimestamp(r.requestedAt)}. The entry and the balance stay as they are until a
            second supervisor approves it.
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/**
 * A link to another entry's row of the ledger ("entry 2", "reversed by entry 3"). Following it
 * moves focus to that row (rows take focus from script only, tabIndex -1), which scrolls it into
 * view: a keyboard or screen reader user goes on from there, not from the link. The URL keeps no
 * fragment, so Back leaves the ledger as before.
 */
function EntryLink({ id, children }: { id: string; children: ReactNode }) {
  return (
    <a
      href={`#entry-${id}`}
      onClick={(event) => {
        const row = document.getElementById(`entry-${id}`);
        if (!row) return;
        event.preventDefault();
        row.focus({ preventScroll: true });
        row.scrollIntoView({ block: 'center' });
      }}
    >
      {children}
    </a>
  );
}
