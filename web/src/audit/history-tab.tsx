import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import { hasRole, useSession } from '../api/session';
import { useStaffName } from '../api/queries';
import { DataTable } from '../app/lists';
import { Checkbox, LoadFailed, Loading } from '../app/ui';
import { historyQuery } from './api';
import { ACTION_LABELS, actionLabel, describeDetails, entityLabel } from './labels';
import { EventTime } from './event-time';

/** The audit trail of one record (on a participant's page: also its referrals, enrollment and ledger). */
export function HistoryTab({
  entityType,
  entityId,
  enrollmentId,
}: {
  entityType: string;
  entityId: string;
  enrollmentId?: string;
}) {
  const { user } = useSession();
  const staffName = useStaffName();
  // What was changed, by default; opening the record, lists and sign-ins on demand.
  const [changesOnly, setChangesOnly] = useState(true);
  const events = useQuery(historyQuery(entityType, entityId, enrollmentId, changesOnly));
  const filter = (
    <Checkbox
      id="history-changes-only"
      label="Changes only (hide who opened the record, lists and sign-ins)"
      checked={changesOnly}
      onChange={setChangesOnly}
    />
  );
  if (events.isPending) return <Loading what="the history" />;
  if (events.isError) return <LoadFailed error={events.error} what="the history" />;
  if (events.data.items.length === 0)
    return (
      <>
        {filter}
        <p>
          {changesOnly
            ? 'No change has been recorded for this record.'
            : 'No events recorded for this record.'}
        </p>
      </>
    );
  return (
    <>
      {filter}
      <DataTable
        label="History"
        caption="Who did what to this record, newest first"
        className="history-table"
        columns={['When', 'Who', 'What', 'Record', 'Outcome']}
      >
        {events.data.items.map((e) => (
          <tr key={e.id}>
            <th scope="row" data-label="When">
              <EventTime at={e.at} />
            </th>
            <td data-label="Who">{staffName(e.actorId)}</td>
            <td data-label="What">
              <EventWhat action={e.action} details={e.details} />
            </td>
            <td data-label="Record">{entityLabel(e.entityType)}</td>
            <td data-label="Outcome">{e.outcome === 'SUCCESS' ? 'Done' : 'Refused'}</td>
          </tr>
        ))}
      </DataTable>
      <p className="margin-top-2">
        {events.data.more && 'Only the newest events of each record are shown here. '}
        {/* The audit trail screen is for AUDITOR and ADMIN; a SUPERVISOR reads histories here. */}
        {hasRole(user, 'AUDITOR', 'ADMIN') && (
          <Link to="/audit" search={{ entityType, entityId }}>
            Open this record in the audit trail
          </Link>
        )}
      </p>
    </>
  );
}

/** What an event did: in plain words, with the action's code, and what it changed. */
export function EventWhat({
  action,
  details,
}: {
  action: string;
  details: Record<string, unknown> | null;
}) {
  return (
    <>
      {actionLabel(action)}
      {ACTION_LABELS[action] && (
        <div className="text-mono font-mono-3xs text-base-dark">{action}</div>
      )}
      {describeDetails(details).map((line) => (
        <div key={line} className="font-body-3xs audit-detail">
          {line}
        </div>
      ))}
    </>
  );
}
