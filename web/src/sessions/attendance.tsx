import { Link, getRouteApi } from '@tanstack/react-router';
import { useEffect, useState, type CSSProperties, type FormEvent } from 'react';
import { formatDate } from '../api/dates';
import { requestIdOf } from '../api/problem';
import { programName, useStaffName } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import { RequireRole } from '../app/shell';
import {
  Alert,
  ErrorSummary,
  LoadFailed,
  Loading,
  PageHeading,
  RadioGroup,
  useAnnounce,
  useFormErrors,
  usePageTitle,
} from '../app/ui';
import {
  ATTENDANCE_OPTIONS,
  hasStarted,
  rosterProblem,
  useRoster,
  useSessionWrites,
  type AttendanceStatus,
  type Roster,
  type RosterRow,
  type Session,
} from './api';
import { formatClock, formatSessionDay, formatTimeRange } from './time';

const route = getRouteApi('/sessions/$sessionId/attendance');

/** The id of a person's radio group (its first radio), for the error summary's links. */
const fieldIdOf = (enrollmentId: string) => `attendance-${enrollmentId}`;

export function people(n: number): string {
  return `${n} ${n === 1 ? 'person' : 'people'}`;
}

export function AttendancePage() {
  usePageTitle('Attendance at the door');
  return (
    <RequireRole roles={['FACILITATOR', 'SUPERVISOR']}>
      <Attendance />
    </RequireRole>
  );
}

/** Re-renders when the session starts, so the form appears at the door on time. */
function useStartedAt(startsAt: string | undefined): boolean {
  const [, tick] = useState(0);
  const started = startsAt ? hasStarted({ startsAt }) : false;
  useEffect(() => {
    if (!startsAt || started) return;
    const wait = Math.min(Date.parse(startsAt) - Date.now() + 250, 2 ** 31 - 1);
    const t = window.setTimeout(() => tick((n) => n + 1), Math.max(wait, 250));
    return () => window.clearTimeout(t);
  }, [startsAt, started]);
  return started;
}

function Attendance() {
  const { sessionId } = route.useParams();
  const roster = useRoster(sessionId);
  const started = useStartedAt(roster.data?.session.startsAt);

  if (roster.isPending) return <Loading what="the roster" />;
  if (roster.isError) return <LoadFailed error={roster.error} what="the roster" />;
  const { session, rows } = roster.data;

  return (
    <>
      <div className="attendance-screen">
        <PageHeading>Attendance</PageHeading>
        <SessionLine session={session} />
        {session.cancelledAt ? (
          <Alert type="warning" heading="This session was cancelled">
            <p className="margin-0">
              A cancelled session takes no attendance.{' '}
              <Link to="/sessions/$sessionId" params={{ sessionId }}>
                See the session
              </Link>
            </p>
          </Alert>
        ) : rows.length === 0 ? (
          <p>Nobody has a seat in this session, so there is no attendance to take.</p>
        ) : !started ? (
          <NotStarted session={session} rows={rows} />
        ) : (
          <AttendanceForm roster={roster.data} />
        )}
      </div>
      {!session.cancelledAt && rows.length > 0 && <SignInSheet session={session} rows={rows} />}
    </>
  );
}

function SessionLine({ session: s }: { session: Session }) {
  return (
    <p className="usa-intro margin-top-0 attendance-session">
      <span className="text-bold">{programName(s.programCode)}</span> ·{' '}
      {formatSessionDay(s.startsAt)}, {formatTimeRange(s.startsAt, s.endsAt)} · {s.location}
    </p>
  );
}

function PrintButton() {
  return (
    <button type="button" className="usa-button usa-button--outline" onClick={() => window.print()}>
      Print sign-in sheet
    </button>
  );
}

function NotStarted({ session, rows }: { session: Session; rows: RosterRow[] }) {
  return (
    <>
      <Alert type="info" heading="This session has not started yet">
        <p className="margin-0">
          It starts at {formatClock(session.startsAt)}. Attendance can be taken once it has started;
          the form appears on this page then. You can print the sign-in sheet now.
        </p>
      </Alert>
      <div className="usa-button-group">
        <PrintButton />
      </div>
      <h2>Seated ({people(rows.length)})</h2>
      <ul className="usa-list attendance-names">
        {rows.map((r) => (
          <li key={r.enrollmentId}>
            {r.lastName}, {r.firstName}{' '}
            <span className="text-base-dark">· born {formatDate(r.dateOfBirth)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

type Marks = Record<string, AttendanceStatus | undefined>;

const marksOf = (rows: RosterRow[]): Marks =>
  Object.fromEntries(rows.map((r) => [r.enrollmentId, r.status ?? undefined]));

function AttendanceForm({ roster }: { roster: Roster }) {
  const { session, rows } = roster;
  const { user } = useSession();
  const writes = useSessionWrites();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const [marks, setMarks] = useState<Marks>(() => marksOf(rows));
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<number | null>(null);
  const [unchanged, setUnchanged] = useState(false);
  const [busy, setBusy] = useState(false);
  // The roster as it was saved: "earlier records are kept" is said when there is one.
  const hadSaved = rows.some((r) => r.status);

  // A refetch (another device saved) never overwrites marks being made here; a new person
  // seated meanwhile is added unmarked.
  useEffect(() => {
    setMarks((m) => {
      const next = { ...m };
      for (const r of rows)
        if (!(r.enrollmentId in next)) next[r.enrollmentId] = r.status ?? undefined;
      return next;
    });
  }, [rows]);

  const marked = rows.filter((r) => marks[r.enrollmentId]).length;
  // Nothing to save while every mark is as saved: the bar says when it was saved instead.
  const changed = rows.some((r) => (marks[r.enrollmentId] ?? null) !== (r.status ?? null));
  const lastSaved = roster.lastSaved;
  const savedLine =
    !changed && lastSaved
      ? `Saved for ${people(lastSaved.people)} at ${formatClock(lastSaved.at)}`
      : null;

  function mark(enrollmentId: string, status: AttendanceStatus) {
    setMarks((m) => ({ ...m, [enrollmentId]: status }));
    setSaved(null);
    if (rowErrors[enrollmentId]) {
      setRowErrors((e) => {
        const next = { ...e };
        delete next[enrollmentId];
        return next;
      });
    }
  }

  function markAllPresent() {
    setMarks(Object.fromEntries(rows.map((r) => [r.enrollmentId, 'PRESENT'])));
    setSaved(null);
    setRowErrors({});
    errors.clear();
    announce(`All ${people(rows.length)} marked present. Now mark anyone late, absent or excused.`);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return; // no double posts
    const unmarked = rows.filter((r) => !marks[r.enrollmentId]);
    if (unmarked.length) {
      const byRow: Record<string, string> = {};
      for (const r of unmarked) byRow[r.enrollmentId] = 'Choose how this person attended';
      setRowErrors(byRow);
      errors.show(
        unmarked.map((r) => ({
          fieldId: fieldIdOf(r.enrollmentId),
          message: `Mark the attendance of ${r.participantName}`,
        })),
      );
      return;
    }
    setBusy(true);
    // The whole roster, once, in roster order: an error's records[i] is rows[i].
    const sent = rows;
    try {
      const next = await writes.saveAttendance(session.id, {
        records: sent.map((r) => ({
          enrollmentId: r.enrollmentId,
          status: marks[r.enrollmentId]!,
          // The note is kept as it is: leaving it out would erase it.
          ...(r.note ? { note: r.note } : {}),
        })),
      });
      setMarks(marksOf(next.rows));
      setRowErrors({});
      errors.clear();
      setSaved(next.rows.length);
      setUnchanged(next.unchanged);
      announce(
        next.unchanged
          ? `Nothing changed: attendance was already saved for ${people(next.rows.length)}`
          : `Attendance saved for ${people(next.rows.length)}`,
      );
    } catch (err) {
      const { items, byRow } = rosterProblem(err, sent, fieldIdOf);
      setRowErrors(byRow);
      errors.show(items, requestIdOf(err));
    } finally {
      setBusy(false);
    }
  }

  const canSeeHistory = hasRole(user, 'SUPERVISOR', 'AUDITOR');
  return (
    <>
      {saved !== null && !unchanged && (
        <Alert type="success" heading={`Attendance saved for ${people(saved)}`}>
          <p className="margin-0">Present and Late count toward completion.</p>
        </Alert>
      )}
      {saved !== null && unchanged && (
        <Alert type="info" heading="Nothing changed" slim={false}>
          <p className="margin-0">
            Attendance was already saved exactly so for {people(saved)}; nothing new was written.
          </p>
        </Alert>
      )}
      {hadSaved && saved === null && (
        <Alert type="info" heading="Attendance was already saved for this session" slim={false}>
          <p className="margin-0">
            If you change it, the earlier records are kept in the attendance history
            {canSeeHistory ? (
              <>
                :{' '}
                <Link
                  to="/sessions/$sessionId/attendance/history"
                  params={{ sessionId: session.id }}
                >
                  see the attendance history
                </Link>
                .
              </>
            ) : (
              ', which a supervisor can see.'
            )}
          </p>
        </Alert>
      )}
      {hadSaved && saved !== null && canSeeHistory && (
        <p>
          Earlier records are kept:{' '}
          <Link to="/sessions/$sessionId/attendance/history" params={{ sessionId: session.id }}>
            see the attendance history
          </Link>
          .
        </p>
      )}
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      <form className="attendance-form" onSubmit={submit} noValidate>
        <div className="usa-button-group attendance-tools">
          <button type="button" className="usa-button usa-button--big" onClick={markAllPresent}>
            Mark all present
          </button>
          <PrintButton />
        </div>
        <p className="attendance-count">
          {people(rows.length)} seated · {marked} marked
        </p>
        {rows.map((r) => (
          <div className="attendance-row" key={r.enrollmentId}>
            <RadioGroup
              id={fieldIdOf(r.enrollmentId)}
              legend={
                <>
                  <span className="attendance-row__name">
                    {r.firstName} {r.lastName}
                  </span>
                  <span className="attendance-row__dob">, born {formatDate(r.dateOfBirth)}</span>
                </>
              }
              error={rowErrors[r.enrollmentId]}
              options={ATTENDANCE_OPTIONS}
              value={marks[r.enrollmentId]}
              onChange={(v) => mark(r.enrollmentId, v as AttendanceStatus)}
              tile
              small
            />
          </div>
        ))}
        {/* Kept at the bottom of the screen while the roster scrolls, so the door never needs a
            long scroll to save; the page's scroll padding keeps a focused row clear of it. */}
        <div className="attendance-savebar">
          {/* aria-disabled, not disabled: the button keeps keyboard focus while it saves. */}
          <button
            type="submit"
            className={`usa-button usa-button--big${savedLine ? ' usa-button--outline' : ''}`}
            aria-disabled={busy || undefined}
          >
            {busy ? 'Saving…' : 'Save attendance'}
          </button>
          <span className="attendance-savebar__count" id="attendance-saved-state">
            {savedLine ?? `${marked} of ${people(rows.length)} marked`}
          </span>
        </div>
      </form>
    </>
  );
}

/** The paper roster for when the network is down: shown only when printed. */
function SignInSheet({ session, rows }: { session: Session; rows: RosterRow[] }) {
  const staffName = useStaffName();
  const facilitator = session.facilitatorId
    ? (session.facilitatorName ?? staffName(session.facilitatorId))
    : '';
  return (
    <section
      className="sign-in-sheet"
      aria-label="Sign-in sheet"
      style={{ '--sheet-rows': rows.length } as CSSProperties}
    >
      <h2 className="sign-in-sheet__title">Sign-in sheet · {programName(session.programCode)}</h2>
      <p className="sign-in-sheet__details">
        {formatSessionDay(session.startsAt)}, {formatTimeRange(session.startsAt, session.endsAt)} ·{' '}
        {session.location}
        {session.topic ? ` · ${session.topic}` : ''}
        {facilitator ? ` · Facilitator: ${facilitator}` : ''}
      </p>
      <table className="sign-in-sheet__table">
        <caption className="usa-sr-only">People seated, by last name</caption>
        <thead>
          <tr>
            <th scope="col" className="sign-in-sheet__n">
              #
            </th>
            <th scope="col">Name</th>
            <th scope="col">Date of birth</th>
            <th scope="col" className="sign-in-sheet__sign">
              Signature
            </th>
            <th scope="col" className="sign-in-sheet__mark">
              Notes
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.enrollmentId}>
              <td className="sign-in-sheet__n">{i + 1}</td>
              <th scope="row">
                {r.lastName}, {r.firstName}
              </th>
              <td>{formatDate(r.dateOfBirth)}</td>
              <td className="sign-in-sheet__sign" />
              <td className="sign-in-sheet__mark" />
            </tr>
          ))}
        </tbody>
      </table>
      <p className="sign-in-sheet__footer">
        Facilitator&apos;s signature: ______________________________ · {rows.length} seated ·
        Confidential criminal-justice information: keep it with the program&apos;s records.
      </p>
    </section>
  );
}
