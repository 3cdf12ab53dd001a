import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { formatTimestamp } from '../api/dates';
import { data, useStaffName } from '../api/queries';
import { LoadFailed, Loading } from '../app/ui';

/** The audit trail of one record (and of its enrollment, on a participant's page). */
export function HistoryTab({
  entityType,
  entityId,
  enrollmentId,
}: {
  entityType: string;
  entityId: string;
  enrollmentId?: string;
}) {
  const staffName = useStaffName();
  const events = useQuery({
    queryKey: ['history', entityType, entityId, enrollmentId],
    queryFn: async () => {
      const pages = await Promise.all(
        [
          { entityType, entityId },
          ...(enrollmentId ? [{ entityType: 'enrollment', entityId: enrollmentId }] : []),
        ].map((q) =>
          data(
            api.GET('/api/v1/audit-events', { params: { query: { ...q, limit: 100 } as never } }),
          ),
        ),
      );
      return pages.flatMap((p) => p.items).sort((a, b) => b.at.localeCompare(a.at));
    },
  });
  if (events.isPending) return <Loading what="the history" />;
  if (events.isError) return <LoadFailed error={events.error} what="the history" />;
  if (events.data.length === 0) return <p>No events recorded for this record.</p>;
  return (
    <div className="usa-table-container--scrollable" tabIndex={0} aria-label="History">
      <table className="usa-table usa-table--borderless usa-table--stacked width-full">
        <caption className="usa-sr-only">Who did what to this record, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {events.data.map((e) => (
            <tr key={e.id}>
              <th scope="row" data-label="When">
                {formatTimestamp(e.at)}
              </th>
              <td data-label="Who">{staffName(e.actorId)}</td>
              <td data-label="What" className="text-mono font-mono-3xs">
                {e.action}
              </td>
              <td data-label="Outcome">{e.outcome === 'SUCCESS' ? 'Done' : 'Refused'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
