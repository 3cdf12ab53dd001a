import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { addDays, chicagoToday, formatDate, parseDateInput, toDateInput } from '../api/dates';
import { PROGRAM_NAMES, programName, useStaffName } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import { RequireRole } from '../app/shell';
import { DateField } from '../app/filters';
import { DataTable, QueryState } from '../app/lists';
import { ErrorSummary, PageHeading, SelectField, useFormErrors, usePageTitle } from '../app/ui';
import { useSessions, type ProgramCode, type Session, type SessionFilter } from './api';
import { formatLongDate, formatTimeRange } from './time';

export interface SessionsSearch {
  on?: string;
  from?: string;
  to?: string;
  programCode?: ProgramCode;
  withoutAttendance?: 'true';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (v: unknown) => (typeof v === 'string' && DAY.test(v) ? v : undefined);

/** Dates and the program are not personal: they stay in the URL, so a view can be bookmarked. */
export function validateSessionsSearch(s: Record<string, unknown>): SessionsSearch {
  const out: SessionsSearch = {};
  if (day(s.on)) out.on = day(s.on);
  if (day(s.from)) out.from = day(s.from);
  if (day(s.to)) out.to = day(s.to);
  if (s.programCode === 'JOHNZ_SCHOOL' || s.programCode === 'OAR') out.programCode = s.programCode;
  if (s.withoutAttendance === 'true' || s.withoutAttendance === true)
    out.withoutAttendance = 'true';
  return out;
}

export const SESSION_ROLES = ['INTAKE', 'SUPERVISOR', 'FACILITATOR', 'AUDITOR'] as const;

const route = getRouteApi('/sessions');

export function SessionsPage() {
  const search = route.useSearch();
  usePageTitle(search.withoutAttendance ? 'Sessions with no attendance recorded' : 'Sessions');
  return (
    <RequireRole roles={[...SESSION_ROLES]}>
      <SessionsList />
    </RequireRole>
  );
}

function SessionsList() {
  const search = route.useSearch();
  const { user } = useSession();
  const navigate = useNavigate();
  const errors = useFormErrors();
  const today = chicagoToday();
  const range = !search.on && (search.from || search.to);
  const shown = search.withoutAttendance ? undefined : (search.on ?? (range ? undefined : today));
  const filter: SessionFilter = search.withoutAttendance
    ? { withoutAttendance: 'true', programCode: search.programCode }
    : range
      ? { from: search.from, to: search.to, programCode: search.programCode }
      : { on: shown, programCode: search.programCode };
  const sessions = useSessions(filter);

  const [dateText, setDateText] = useState(shown ? toDateInput(shown) : '');
  const [program, setProgram] = useState<string>(search.programCode ?? '');
  useEffect(() => setDateText(shown ? toDateInput(shown) : ''), [shown]);
  useEffect(() => setProgram(search.programCode ?? ''), [search.programCode]);

  function show(e: FormEvent) {
    e.preventDefault();
    const date = parseDateInput(dateText);
    if (!date)
      return errors.show([{ fieldId: 'sessions-date', message: 'Enter a date as month/day/year' }]);
    errors.clear();
    void navigate({
      to: '/sessions',
      search: { on: date, programCode: (program || undefined) as ProgramCode | undefined },
    });
  }

  const title = search.withoutAttendance
    ? 'Sessions with no attendance recorded'
    : range
      ? `Sessions from ${search.from ? formatDate(search.from) : 'the first'} to ${
          search.to ? formatDate(search.to) : 'the last'
        }`
      : `Sessions on ${formatLongDate(shown!)}`;
  const canSchedule = hasRole(user, 'SUPERVISOR', 'INTAKE');

  return (
    <>
      <PageHeading>
        {search.withoutAttendance ? 'Sessions with no attendance recorded' : 'Sessions'}
      </PageHeading>
      {canSchedule && (
        <p>
          <Link
            to="/sessions/new"
            search={{ on: shown && shown >= today ? shown : undefined }}
            className="usa-button"
          >
            Schedule a session
          </Link>
        </p>
      )}
      {search.withoutAttendance ? (
        <p>
          Sessions that have ended, were not cancelled and had people seated, but have no attendance
          recorded yet. <Link to="/sessions">See sessions by date</Link>
        </p>
      ) : (
        <>
          <ErrorSummary items={errors.items} requestId={errors.requestId} />
          <form className="usa-form sessions-filter" onSubmit={show} noValidate>
            <DateField
              id="sessions-date"
              label="Date"
              className="usa-input--md"
              errors={errors}
              value={dateText}
              onValue={setDateText}
            />
            <SelectField
              id="sessions-program"
              label="Program"
              value={program}
              placeholder="All programs"
              options={Object.entries(PROGRAM_NAMES).map(([value, label]) => ({ value, label }))}
              onChange={(e) => setProgram(e.target.value)}
            />
            <button type="submit" className="usa-button">
              Show sessions
            </button>
          </form>
          {shown && (
            <nav aria-label="Days" className="sessions-days">
              <Link
                to="/sessions"
                search={{ on: addDays(shown, -1), programCode: search.programCode }}
              >
                Previous day
                <span className="usa-sr-only">, {formatLongDate(addDays(shown, -1))}</span>
              </Link>
              {shown !== today && (
                <Link to="/sessions" search={{ on: today, programCode: search.programCode }}>
                  Today
                </Link>
              )}
              <Link
                to="/sessions"
                search={{ on: addDays(shown, 1), programCode: search.programCode }}
              >
                Next day<span className="usa-sr-only">, {formatLongDate(addDays(shown, 1))}</span>
              </Link>
            </nav>
          )}
        </>
      )}
      {!search.withoutAttendance && <h2>{title}</h2>}
      <QueryState query={sessions} what="sessions">
        {(data) => (
          <SessionsTable
            sessions={data.items}
            total={data.total}
            caption={`${title}${search.programCode ? `, ${programName(search.programCode)}` : ''}`}
            withDate={!shown}
            empty={
              search.withoutAttendance
                ? 'Every session that took place has its attendance recorded.'
                : shown
                  ? 'No session is scheduled on this day.'
                  : 'No session is scheduled in this period.'
            }
          />
        )}
      </QueryState>
    </>
  );
}

export function SessionsTable({
  sessions,
  total,
  caption,
  withDate,
  empty,
}: {
  sessions: Session[];
  total: number;
  caption: string;
  withDate: boolean;
  empty: string;
}) {
  const staffName = useStaffName();
  if (!sessions.length) return <p>{empty}</p>;
  return (
    <>
      {total > sessions.length && (
        <p>
          {total} sessions match; the first {sessions.length} are shown. Choose a shorter period.
        </p>
      )}
      <DataTable
        label={caption}
        caption={`${caption} (Chicago time)`}
        columns={['Time', 'Program', 'Place', 'Facilitator', 'Seats taken', 'Status']}
      >
        {sessions.map((s) => (
          <tr key={s.id} className={s.cancelledAt ? 'session-row--cancelled' : undefined}>
            <th scope="row" data-label="Time">
              <Link to="/sessions/$sessionId" params={{ sessionId: s.id }}>
                {withDate && `${formatDate(dayOf(s.startsAt))}, `}
                {formatTimeRange(s.startsAt, s.endsAt)}
              </Link>
            </th>
            <td data-label="Program">{programName(s.programCode)}</td>
            <td data-label="Place">{s.location}</td>
            <td data-label="Facilitator">
              {s.facilitatorId ? (s.facilitatorName ?? staffName(s.facilitatorId)) : 'None yet'}
            </td>
            <td data-label="Seats taken" className="text-tabular">
              {s.seatsTaken} of {s.capacity}
            </td>
            <td data-label="Status">
              <SessionStatus session={s} />
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

export function dayOf(iso: string): string {
  return chicagoToday(new Date(iso));
}

export function SessionStatus({ session: s }: { session: Session }) {
  if (s.cancelledAt) return <span className="usa-tag bg-secondary-dark">Cancelled</span>;
  if (Date.parse(s.endsAt) <= Date.now()) return <>Ended</>;
  if (Date.parse(s.startsAt) <= Date.now()) return <>In progress</>;
  if (s.seatsAvailable <= 0) return <span className="usa-tag bg-base-darkest">Full</span>;
  return (
    <>
      {s.seatsAvailable} seat{s.seatsAvailable === 1 ? '' : 's'} left
    </>
  );
}
