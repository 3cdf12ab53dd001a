import { Link } from '@tanstack/react-router';
import { chicagoToday, formatDate } from '../api/dates';
import { programName } from '../api/queries';
import { useSession } from '../api/session';
import { RequireRole } from '../app/shell';
import { LoadFailed, Loading, PageHeading, usePageTitle } from '../app/ui';
import { hasStarted, useSessions } from './api';
import { people } from './attendance';
import { formatClock, formatTimeRange } from './time';

export function MySessionsTodayPage() {
  usePageTitle('My sessions today');
  return (
    <RequireRole roles={['FACILITATOR']}>
      <MySessionsToday />
    </RequireRole>
  );
}

/** The facilitator's sessions of the day, made for a tablet at the classroom door. */
function MySessionsToday() {
  const { user } = useSession();
  const today = chicagoToday();
  const sessions = useSessions({ facilitatorId: user!.id, on: today });

  return (
    <>
      <PageHeading>My sessions today</PageHeading>
      <p className="usa-intro margin-top-0">{formatDate(today)}</p>
      {sessions.isPending && <Loading what="your sessions" />}
      {sessions.isError && <LoadFailed error={sessions.error} what="your sessions" />}
      {sessions.isSuccess && sessions.data.items.length === 0 && (
        <p>
          You have no session today.{' '}
          <Link to="/sessions" search={{ on: today }}>
            See every session today
          </Link>
        </p>
      )}
      {sessions.isSuccess && sessions.data.items.length > 0 && (
        <ul className="usa-card-group my-sessions">
          {sessions.data.items.map((s) => {
            const name = `${programName(s.programCode)} at ${formatClock(s.startsAt)}`;
            return (
              <li key={s.id} className="usa-card tablet:grid-col-6">
                <div className="usa-card__container">
                  <div className="usa-card__header">
                    <h2 className="usa-card__heading">{formatTimeRange(s.startsAt, s.endsAt)}</h2>
                  </div>
                  <div className="usa-card__body">
                    <p className="margin-top-0">
                      <span className="text-bold">{programName(s.programCode)}</span>
                      <br />
                      {s.location}
                      {s.topic && (
                        <>
                          <br />
                          {s.topic}
                        </>
                      )}
                      <br />
                      {people(s.seatsTaken)} seated
                    </p>
                    {s.cancelledAt ? (
                      <p className="margin-bottom-0">
                        <span className="usa-tag bg-secondary-dark">Cancelled</span>
                      </p>
                    ) : s.attendanceTaken && s.attendanceRecordedAt ? (
                      <p className="margin-bottom-0 my-sessions__taken">
                        <span className="usa-tag bg-green">Attendance taken</span> for{' '}
                        {people(s.attendanceRecordedCount)} at {formatClock(s.attendanceRecordedAt)}
                      </p>
                    ) : hasStarted(s) ? (
                      <p className="margin-bottom-0 my-sessions__taken">
                        Attendance not taken yet.
                      </p>
                    ) : (
                      <p className="margin-bottom-0">Starts at {formatClock(s.startsAt)}.</p>
                    )}
                  </div>
                  <div className="usa-card__footer">
                    {!s.cancelledAt && (
                      <Link
                        to="/sessions/$sessionId/attendance"
                        params={{ sessionId: s.id }}
                        className={`usa-button usa-button--big${s.attendanceTaken ? ' usa-button--outline' : ''}`}
                      >
                        {s.attendanceTaken ? 'Change attendance' : 'Take attendance'}
                        <span className="usa-sr-only">: {name}</span>
                      </Link>
                    )}
                    <Link
                      to="/sessions/$sessionId"
                      params={{ sessionId: s.id }}
                      className="usa-button usa-button--unstyled my-sessions__details"
                    >
                      Session details<span className="usa-sr-only">: {name}</span>
                    </Link>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
