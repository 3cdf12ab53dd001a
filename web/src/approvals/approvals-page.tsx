import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { formatTimestamp } from '../api/dates';
import { formatCents } from '../api/money';
import { requestIdOf } from '../api/problem';
import { useStaffName } from '../api/queries';
import { useSession } from '../api/session';
import { WAIVER_REASON_LABELS } from '../ledger/api';
import { RequireRole } from '../app/shell';
import { num } from '../app/lists';
import { DoneNotice } from '../app/notice';
import { ErrorSummary, PageHeading, useAnnounce, useFormErrors, usePageTitle } from '../app/ui';
import { decisionProblem, type Notice } from './decision';
import { DecisionCell, ParticipantCell, PendingRequests, RejectDialog } from './request-cells';
import { ReversalRequests } from './reversal-requests';
import { useDecisions, useEnrollmentsById, usePendingWaivers, type WaiverRequest } from './api';

export const OWN_REQUEST = 'You asked for this waiver: another supervisor must decide it.';

export function ApprovalsPage() {
  usePageTitle('Approvals');
  return (
    <RequireRole roles={['SUPERVISOR']}>
      <Approvals />
    </RequireRole>
  );
}

function Approvals() {
  const { user } = useSession();
  const pending = usePendingWaivers();
  const { byId: enrollments, pending: namesPending } = useEnrollmentsById(
    (pending.data ?? []).map((w) => w.enrollmentId),
  );
  const staffName = useStaffName();
  const announce = useAnnounce();
  const decisions = useDecisions();
  const errors = useFormErrors();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [approving, setApproving] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<WaiverRequest | null>(null);

  const who = (w: WaiverRequest) => {
    const e = enrollments.get(w.enrollmentId);
    return {
      participantId: e?.participantId,
      name: e?.participantName ?? 'Participant',
      enrollment: e,
    };
  };

  // The row that had focus is gone: focus goes to what happened, once it is on the page (after
  // any dialog closed and gave focus back to the button that opened it).
  useEffect(() => {
    if (notice) document.getElementById('decision-notice')?.focus();
  }, [notice]);

  function showNotice(n: Notice) {
    setNotice(n);
    announce(n.message);
  }

  async function approve(w: WaiverRequest) {
    if (approving) return;
    setApproving(w.id);
    errors.clear();
    setNotice(null);
    try {
      await decisions.approveWaiver(w.id);
      const { name, enrollment } = who(w);
      showNotice({
        message: `Waiver of ${formatCents(w.amountCents)} for ${name} approved. It is on the ledger now.`,
        enrollment,
      });
    } catch (err) {
      errors.show(decisionProblem(err), requestIdOf(err));
    } finally {
      setApproving(null);
    }
  }

  const rows = pending.data ?? [];
  return (
    <>
      <PageHeading>Approvals</PageHeading>
      <p className="margin-top-0 maxw-tablet-lg">
        Waiver and reversal requests waiting for a decision, oldest first. A waiver, or the reversal
        of a fee or a waiver, reaches the ledger only when a supervisor who did not ask for it
        approves it.
      </p>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      {notice && (
        <DoneNotice id="decision-notice">
          {notice.message}{' '}
          {notice.enrollment && (
            <Link
              to="/participants/$participantId"
              params={{ participantId: notice.enrollment.participantId }}
              search={{ tab: 'ledger' }}
            >
              Open the ledger
            </Link>
          )}
        </DoneNotice>
      )}
      <PendingRequests
        heading="Waiver requests"
        query={pending}
        // Rows show once whose they are is known: a decision is never made on an unnamed row.
        waiting={namesPending}
        none="No waiver request is waiting."
        rows={rows.length}
        caption="Waiver requests waiting for a decision, oldest first"
        className="approvals-table"
        columns={['Participant', num('Amount'), 'Reason', 'Note', 'Asked by', 'Decision']}
      >
        {rows.map((w) => {
          const { participantId, name, enrollment } = who(w);
          const own = w.requestedBy === user?.id;
          const busy = approving === w.id;
          return (
            <tr key={w.id}>
              <ParticipantCell participantId={participantId} name={name} enrollment={enrollment} />
              <td data-label="Amount" className="text-right text-tabular">
                {formatCents(w.amountCents)}
              </td>
              <td data-label="Reason">{WAIVER_REASON_LABELS[w.reason] ?? w.reason}</td>
              <td data-label="Note">
                <div className="approvals-note">{w.note}</div>
              </td>
              <td data-label="Asked by">
                {staffName(w.requestedBy)}
                <div className="font-body-3xs">{formatTimestamp(w.requestedAt)}</div>
              </td>
              <DecisionCell
                ownId={`own-${w.id}`}
                ownReason={own ? OWN_REQUEST : null}
                approving={!!approving}
                busy={busy}
                spoken={
                  <>
                    {formatCents(w.amountCents)} for {name}
                  </>
                }
                onApprove={() => approve(w)}
                onReject={() => {
                  errors.clear();
                  setNotice(null);
                  setRejecting(w);
                }}
              />
            </tr>
          );
        })}
      </PendingRequests>
      <ReversalRequests
        heldBack={pending.isPending || namesPending}
        approving={approving}
        setApproving={setApproving}
        onDeciding={() => {
          errors.clear();
          setNotice(null);
        }}
        onDecided={showNotice}
        onFailed={(err) => errors.show(decisionProblem(err), requestIdOf(err))}
      />
      <RejectWaiverDialog
        request={rejecting}
        name={rejecting ? who(rejecting).name : ''}
        onClose={() => setRejecting(null)}
        onRejected={(w, message) => {
          setRejecting(null);
          showNotice({ message, enrollment: who(w).enrollment });
        }}
      />
    </>
  );
}

function RejectWaiverDialog({
  request,
  name,
  onClose,
  onRejected,
}: {
  request: WaiverRequest | null;
  name: string;
  onClose: () => void;
  onRejected: (w: WaiverRequest, message: string) => void;
}) {
  const decisions = useDecisions();
  return (
    <RejectDialog
      open={!!request}
      what="waiver"
      fieldId="reject-reason"
      onClose={onClose}
      onConfirm={async (note) => {
        if (!request) return;
        await decisions.rejectWaiver(request.id, note);
        onRejected(
          request,
          `Waiver of ${formatCents(request.amountCents)} for ${name} rejected. Nothing changed on the ledger.`,
        );
      }}
    >
      {request && (
        <p>
          {name}: {formatCents(request.amountCents)},{' '}
          {(WAIVER_REASON_LABELS[request.reason] ?? request.reason).toLowerCase()}. Nothing changes
          on the ledger; the balance stays as it is.
        </p>
      )}
    </RejectDialog>
  );
}
