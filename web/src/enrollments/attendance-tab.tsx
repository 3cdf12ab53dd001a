import { useQuery } from '@tanstack/react-query';
import { formatTimestamp } from '../api/dates';
import { programName } from '../api/queries';
import { seatsQuery, type Enrollment } from './api';
import { LoadFailed, Loading } from '../app/ui';
import { DataTable } from '../app/lists';

export const ATTENDANCE_LABELS: Record<string, string> = {
  PRESENT: 'Present',
  LATE: 'Late',
  LEFT_EARLY: 'Left early',
  ABSENT: 'Absent',
  EXCUSED: 'Excused',
};

export function AttendanceTab({ enrollment }: { enrollment: Enrollment }) {
  const seats = useQuery(seatsQuery(enrollment.id));
  if (seats.isPending) return <Loading what="sessions" />;
  if (seats.isError) return <LoadFailed error={seats.error} what="sessions" />;
  return (
    <>
      <p>
        {enrollment.attendedSessions} of {enrollment.requiredSessions} required sessions attended
        (Present and Late count).
      </p>
      {seats.data.length === 0 ? (
        <p>No seat has been taken in a session yet.</p>
      ) : (
        <DataTable
          label="Sessions"
          caption="Sessions of this enrollment"
          columns={['Session', 'Program', 'Place', 'Attendance']}
        >
          {seats.data.map((s) => {
            const status = s.attendanceStatus;
            return (
              <tr key={s.id}>
                <th scope="row" data-label="Session">
                  {formatTimestamp(s.startsAt)}
                </th>
                <td data-label="Program">{programName(s.programCode)}</td>
                <td data-label="Place">{s.location}</td>
                <td data-label="Attendance">
                  {s.cancelled
                    ? 'Session cancelled'
                    : status
                      ? (ATTENDANCE_LABELS[status] ?? status)
                      : 'Not recorded'}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </>
  );
}
