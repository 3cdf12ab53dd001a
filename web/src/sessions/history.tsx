import { useQueries } from '@tanstack/react-query';
import { Link, getRouteApi } from '@tanstack/react-router';
import { formatTimestamp } from '../api/dates';
import { programName } from '../api/queries';
import { enrollmentQuery } from '../enrollments/api';
import { hasRole, useSession } from '../api/session';
import { PagedTable, QueryState } from '../app/lists';
import { RequireRole } from '../app/shell';
import { LoadFailed, PageHeading, usePageTitle } from '../app/ui';
import {
  attendanceLabel,
  useAttendanceHistory,
  useRoster,
  useSessionRecord,
  type Revision,
} from './api';
import { formatSessionDay, formatTimeRange } from './time';

const route = getRouteApi('/sessions/$sessionId/attendance/history');
const LIMIT = 200;

export function AttendanceHistoryPage() {
  usePageTitle('Attendance history');
  return (
    <RequireRole roles={['SUPERVISOR', 'AUDITOR']}>
      <AttendanceHistory />
    </RequireRole>
  );
}

/**
 * Names for the revisions: the roster when the role may read it (SUPERVISOR); otherwise each
 * enrollment (AUDITOR), a read that is itself logged.
 */
function useNames(enrollmentIds: string[], sessionId: string): (id: string) => string {
  const { user } = useSession();
  const viaRoster = hasRole(user, 'SUPERVISOR', 'FACILITATOR', 'INTAKE');
  const roster = useRoster(sessionId, viaRoster);
  const single = useQueries({
    queries: (viaRoster ? [] : enrollmentIds).map((id) => enrollmentQuery(id)),
  });
  return (id) => {
    const row = roster.data?.rows.find((r) => r.enrollmentId === id);
    if (row) return `${row.lastName}, ${row.firstName}`;
    const e = single.find((q) => q.data?.id === id)?.data;
    return e?.participantName ?? 'A person no longer seated';
  };
}

function AttendanceHistory() {
  const { sessionId } = route.useParams();
  const { page = 1 } = route.useSearch();
  const session = useSessionRecord(sessionId);
  const history = useAttendanceHistory(sessionId, page, LIMIT);
  const items: Revision[] = history.data?.items ?? [];
  const nameOf = useNames([...new Set(items.map((r) => r.enrollmentId))], sessionId);

  return (
    <>
      <PageHeading>Attendance history</PageHeading>
      {session.isSuccess && (
        <p className="usa-intro margin-top-0">
          <span className="text-bold">{programName(session.data.programCode)}</span> ·{' '}
          {formatSessionDay(session.data.startsAt)},{' '}
          {formatTimeRange(session.data.startsAt, session.data.endsAt)} · {session.data.location}
        </p>
      )}
      {session.isError && <LoadFailed error={session.error} what="the session" />}
      <p>
        Every change to this session&apos;s attendance, oldest first. A saved record is never
        overwritten: each correction is added here.{' '}
        <Link to="/sessions/$sessionId" params={{ sessionId }}>
          Back to the session
        </Link>
      </p>
      <QueryState
        query={history}
        what="the attendance history"
        empty={items.length === 0 && <p>No attendance has been recorded for this session yet.</p>}
      >
        {(data) => (
          <PagedTable
            paging={{
              page,
              limit: LIMIT,
              total: data.total,
              to: '/sessions/$sessionId/attendance/history',
              params: { sessionId },
              label: 'Pages of attendance changes',
            }}
            rows={items.length}
            label="Attendance revisions"
            caption="Attendance revisions of this session, oldest first (Chicago time)"
            className="attendance-history"
            columns={['When', 'Person', 'From', 'To', 'Changed by']}
          >
            {items.map((r) => (
              <tr key={r.id}>
                <td data-label="When">{formatTimestamp(r.changedAt)}</td>
                <th scope="row" data-label="Person">
                  {nameOf(r.enrollmentId)}
                </th>
                <td data-label="From">
                  {r.previousStatus ? attendanceLabel(r.previousStatus) : 'Not recorded'}
                  {r.previousNote && r.previousNote !== r.newNote && (
                    <div className="font-body-2xs">Note: {r.previousNote}</div>
                  )}
                </td>
                <td data-label="To">
                  <span aria-hidden="true">→ </span>
                  {attendanceLabel(r.newStatus)}
                  {r.newNote && r.previousNote !== r.newNote && (
                    <div className="font-body-2xs">Note: {r.newNote}</div>
                  )}
                </td>
                <td data-label="Changed by">{r.changedByName}</td>
              </tr>
            ))}
          </PagedTable>
        )}
      </QueryState>
    </>
  );
}
