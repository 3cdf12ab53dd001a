import { useState } from 'react';
import { chicagoToday, formatDate, formatTimestamp } from '../api/dates';
import { formatCents } from '../api/money';
import { useStaffName } from '../api/queries';
import { useSession } from '../api/session';
import type { Notice } from './decision';
import { DecisionCell, ParticipantCell, PendingRequests, RejectDialog } from './request-cells';
import { ownReversal } from './decidable';
import {
  useDecisions,
  useEnrollmentsById,
  useEntriesOf,
  usePendingReversals,
  type ReversalRequest,
} from './api';

const KIND_WORDS: Record<string, string> = { FEE: 'fee', WAIVER: 'waiver' };
const kindOf = (r: ReversalRequest) => KIND_WORDS[r.entryKind] ?? r.entryKind;

/**
 * The Approvals screen's second list: requests to reverse a FEE or a WAIVER entry. Approving
 * writes the REVERSAL; rejecting leaves the ledger as it is. A supervisor never decides a request
 * they made, nor the reversal of an entry they recorded: those rows show why, buttons disabled.
 */
export function ReversalRequests({
  heldBack,
  approving,
  setApproving,
  onDeciding,
  onDecided,
  onFailed,
}: {
  /**
   * While the list above it is still loading, this one is asked for but not shown: shown first,
   * it would be pushed down the screen when that list arrives.
   */
  heldBack: boolean;
  /**
   * The request (of either list) whose approval is on its way, shared with the waiver list: one
   * decision at a time on the whole screen.
   */
  approving: string | null;
  setApproving: (id: string | null) => void;
  onDeciding: () => void;
  onDecided: (notice: Notice) => void;
  onFailed: (err: unknown) => void;
}) {
  const { user } = useSession();
  const pending = usePendingReversals();
  const rows = pending.data ?? [];
  const enrollmentIds = rows.map((r) => r.enrollmentId);
  const { byId: enrollments, pending: namesPending } = useEnrollmentsById(enrollmentIds);
  const { entries, ledgers, pending: entriesPending } = useEntriesOf(enrollmentIds);
  const staffName = useStaffName();
  const decisions = useDecisions();
  const [rejecting, setRejecting] = useState<ReversalRequest | null>(null);

  const who = (r: ReversalRequest) => {
    const e = enrollments.get(r.enrollmentId);
    return {
      participantId: e?.participantId,
      name: e?.participantName ?? 'Participant',
      enrollment: e,
    };
  };
  /** What the balance becomes if the reversal is approved now. */
  const balanceAfter = (r: ReversalRequest) => {
    const ledger = ledgers.get(r.enrollmentId);
    const entry = entries.get(r.entryId);
    return ledger && entry ? ledger.balanceCents - entry.signedAmountCents : undefined;
  };
  const what = (r: ReversalRequest) => `the ${kindOf(r)} of ${formatCents(r.amountCents)}`;

  async function approve(r: ReversalRequest) {
    if (approving) return;
    setApproving(r.id);
    onDeciding();
    try {
      const after = balanceAfter(r);
      await decisions.approveReversal(r.id);
      const { name, enrollment } = who(r);
      onDecided({
        message:
          `Reversal of ${what(r)} for ${name} approved. It is on the ledger now` +
          (after === undefined ? '.' : `; the balance is ${formatCents(after)}.`),
        enrollment,
      });
    } catch (err) {
      onFailed(err);
    } finally {
      setApproving(null);
    }
  }

  if (heldBack) return null;
  return (
    <>
      <PendingRequests
        heading="Reversal requests"
        query={pending}
        // Rows show once whose they are and whose entry it is are known.
        waiting={namesPending || entriesPending}
        none="No reversal request is waiting."
        rows={rows.length}
        caption="Requests to reverse a fee or a waiver, oldest first"
        className="approvals-table reversals-table"
        columns={['Participant', 'Entry to reverse', 'Reason, asked by', 'Decision']}
      >
        {rows.map((r) => {
          const { participantId, name, enrollment } = who(r);
          const entry = entries.get(r.entryId);
          const own = ownReversal(r, entry, user?.id);
          const after = balanceAfter(r);
          const busy = approving === r.id;
          return (
            <tr key={r.id}>
              <ParticipantCell participantId={participantId} name={name} enrollment={enrollment} />
              <td data-label="Entry to reverse">
                {r.entryKind === 'FEE' ? 'Fee' : 'Waiver'} of{' '}
                <span className="text-tabular text-no-wrap">{formatCents(r.amountCents)}</span>
                {entry && (
                  <div className="font-body-3xs">
                    Recorded {formatDate(chicagoToday(new Date(entry.createdAt)))} by{' '}
                    {staffName(entry.createdBy)}
                  </div>
                )}
                {after !== undefined && (
                  <div className="font-body-3xs">
                    Balance then <span className="text-no-wrap">{formatCents(after)}</span>
                  </div>
                )}
              </td>
              <td data-label="Reason, asked by">
                <div className="approvals-note">{r.reason}</div>
                <div className="font-body-3xs">
                  Asked by {staffName(r.requestedBy)}, {formatTimestamp(r.requestedAt)}
                </div>
              </td>
              <DecisionCell
                ownId={`own-reversal-${r.id}`}
                ownReason={own || null}
                approving={!!approving}
                busy={busy}
                spoken={
                  <>
                    reversal of {what(r)} for {name}
                  </>
                }
                onApprove={() => approve(r)}
                onReject={() => {
                  onDeciding();
                  setRejecting(r);
                }}
              />
            </tr>
          );
        })}
      </PendingRequests>
      <RejectDialog
        open={!!rejecting}
        what="reversal"
        fieldId="reject-reversal-reason"
        onClose={() => setRejecting(null)}
        onConfirm={async (note) => {
          if (!rejecting) return;
          const r = rejecting;
          await decisions.rejectReversal(r.id, note);
          setRejecting(null);
          const { name, enrollment } = who(r);
          onDecided({
            message: `Reversal of ${what(r)} for ${name} rejected. Nothing changed on the ledger.`,
            enrollment,
          });
        }}
      >
        {rejecting && (
          <p>
            {who(rejecting).name}: reversal of {what(rejecting)} ({rejecting.reason}). Nothing
            changes on the ledger; the {kindOf(rejecting)} stays and so does the balance.
          </p>
        )}
      </RejectDialog>
    </>
  );
}
