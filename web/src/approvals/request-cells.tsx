import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { formatCents } from '../api/money';
import type { Schemas } from '../api/client';
import { DataTable, QueryState, type Column } from '../app/lists';
import { ReasonDialog } from '../app/reason-dialog';
import { PENDING_LIMIT } from './api';
import { decisionProblem } from './decision';

type Enrollment = Schemas['EnrollmentDto'];

/** Whose request it is: the participant (to their ledger) and the balance owed now. */
export function ParticipantCell({
  participantId,
  name,
  enrollment,
}: {
  participantId?: string;
  name: string;
  enrollment?: Enrollment;
}) {
  return (
    <th scope="row" data-label="Participant">
      {participantId ? (
        <Link
          to="/participants/$participantId"
          params={{ participantId }}
          search={{ tab: 'ledger' }}
        >
          {name}
        </Link>
      ) : (
        name
      )}
      {enrollment && (
        <div className="font-body-3xs text-normal">
          Balance {formatCents(enrollment.balanceCents)}
        </div>
      )}
    </th>
  );
}

/**
 * Approve and Reject for one request. A request the supervisor may not decide (their own, or the
 * reversal of their own entry) has both disabled, with `ownReason` saying why beside them.
 */
export function DecisionCell({
  ownId,
  ownReason,
  approving,
  busy,
  spoken,
  onApprove,
  onReject,
}: {
  /** The id of the "why not you" line. */
  ownId: string;
  ownReason: string | null;
  /** Some decision is on its way: no second one meanwhile. */
  approving: boolean;
  /** This request's approval is on its way. */
  busy: boolean;
  /** What the buttons decide, for a screen reader ("$50.00 for Pat Ruiz"). */
  spoken: ReactNode;
  onApprove: () => void;
  onReject: () => void;
}) {
  const describedBy = ownReason ? ownId : undefined;
  return (
    <td data-label="Decision">
      <div className="approvals-decision">
        <button
          type="button"
          className="usa-button"
          disabled={!!ownReason || approving}
          aria-describedby={describedBy}
          onClick={onApprove}
        >
          {busy ? 'Approving…' : 'Approve'}
          <span className="usa-sr-only"> {spoken}</span>
        </button>
        <button
          type="button"
          className="usa-button usa-button--outline"
          disabled={!!ownReason || approving}
          aria-describedby={describedBy}
          onClick={onReject}
        >
          Reject
          <span className="usa-sr-only"> {spoken}</span>
        </button>
      </div>
      {ownReason && (
        <p id={ownId} className="approvals-own margin-bottom-0">
          {ownReason}
        </p>
      )}
    </td>
  );
}

/**
 * A list of requests waiting for a decision, oldest first, under its heading: shown once whose
 * they are is known (`waiting` until then), at most PENDING_LIMIT of them.
 */
export function PendingRequests({
  heading,
  query,
  waiting,
  none,
  rows,
  caption,
  className,
  columns,
  children,
}: {
  heading: string;
  query: { isPending: boolean; isError: boolean; error: unknown; data: unknown };
  waiting: boolean;
  none: string;
  rows: number;
  caption: string;
  className: string;
  columns: Column[];
  children: ReactNode;
}) {
  return (
    <>
      <h2>{heading}</h2>
      <QueryState
        query={query}
        what={`the ${heading.toLowerCase()}`}
        waiting={waiting}
        empty={rows === 0 && <p>{none}</p>}
      >
        {() => (
          <>
            {rows >= PENDING_LIMIT && (
              <p>The oldest {PENDING_LIMIT} are shown; decide them to see the next ones.</p>
            )}
            <DataTable
              label={heading}
              caption={`${caption} (${rows})`}
              className={className}
              columns={columns}
            >
              {children}
            </DataTable>
          </>
        )}
      </QueryState>
    </>
  );
}

/** "Reject this … request?": the reason for rejecting, kept with the request. */
export function RejectDialog({
  open,
  what,
  fieldId,
  onClose,
  onConfirm,
  children,
}: {
  open: boolean;
  what: string;
  fieldId: string;
  onClose: () => void;
  onConfirm: (reason: string) => Promise<void>;
  children: ReactNode;
}) {
  return (
    <ReasonDialog
      open={open}
      title={`Reject this ${what} request?`}
      fieldId={fieldId}
      label="Reason for rejecting"
      hint="Kept with the request, for the person who asked and for the audit."
      maxLength={2000}
      missing="Enter the reason for rejecting"
      confirmLabel="Reject request"
      busyLabel="Rejecting…"
      cancelLabel="Keep it waiting"
      problem={decisionProblem}
      onClose={onClose}
      onConfirm={onConfirm}
    >
      {children}
    </ReasonDialog>
  );
}
