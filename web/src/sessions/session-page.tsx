import { useQuery } from '@tanstack/react-query';
import { Link, getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { requestIdOf } from '../api/problem';
import { formatDate, formatTimestamp } from '../api/dates';
import { programName, useStaffName } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import { ReasonDialog } from '../app/reason-dialog';
import { RequireRole } from '../app/shell';
import {
  Alert,
  Dialog,
  ErrorSummary,
  LoadFailed,
  Loading,
  PageHeading,
  RadioGroup,
  SummaryList,
  TableRegion,
  TextField,
  useAnnounce,
  useFormErrors,
  usePageTitle,
} from '../app/ui';
import {
  attendanceLabel,
  hasStarted,
  sessionProblem,
  useRoster,
  useSessionRecord,
  type Enrollment,
  type RosterRow,
  type Session,
} from './api';
import { SESSION_ROLES, SessionStatus } from './list';
import { formatSessionDay, formatTimeRange } from './time';
import { sessionKeys, useGiveSeat, useSessionWrites } from './api';
import { fetchUnseated, waitingHint } from './unseated';

const route = getRouteApi('/sessions/$sessionId');

export function SessionPage() {
  usePageTitle('Session');
  return (
    <RequireRole roles={[...SESSION_ROLES]}>
      <SessionRecord />
    </RequireRole>
  );
}

function SessionRecord() {
  const { sessionId } = route.useParams();
  const { user } = useSession();
  const staffName = useStaffName();
  const canReadRoster = hasRole(user, 'FACILITATOR', 'INTAKE', 'SUPERVISOR');
  const session = useSessionRecord(sessionId);
  const roster = useRoster(sessionId, canReadRoster);
  const [notice, setNotice] = useState('');
  const [cancelling, setCancelling] = useState(false);

  if (session.isPending) return <Loading what="the session" />;
  if (session.isError) return <LoadFailed error={session.error} what="the session" />;
  const s = session.data;
  const cancelled = !!s.cancelledAt;
  const started = hasStarted(s);
  const canSeat = hasRole(user, 'INTAKE', 'SUPERVISOR') && !cancelled;
  const recorded = roster.data?.rows.some((r) => r.status) ?? false;

  return (
    <>
      <PageHeading>{programName(s.programCode)} session</PageHeading>
      <p className="usa-intro margin-top-0">
        {formatSessionDay(s.startsAt)}, {formatTimeRange(s.startsAt, s.endsAt)}
      </p>
      {notice && (
        <Alert type="success" slim>
          <p className="margin-0">{notice}</p>
        </Alert>
      )}
      {cancelled && (
        <Alert type="warning" heading="This session was cancelled">
          <p className="margin-0">
            Cancelled {formatTimestamp(s.cancelledAt)}
            {s.cancelReason ? `. Reason: ${s.cancelReason}` : ''}. It takes no seats and no
            attendance.
          </p>
        </Alert>
      )}
      <SummaryList
        rows={[
          ['Program', programName(s.programCode)],
          ['Date', formatSessionDay(s.startsAt)],
          ['Time', formatTimeRange(s.startsAt, s.endsAt)],
          ['Place', s.location],
          [
            'Facilitator',
            s.facilitatorId ? (s.facilitatorName ?? staffName(s.facilitatorId)) : 'None yet',
          ],
          ['Topic', s.topic ?? '—'],
          ['Seats taken', `${s.seatsTaken} of ${s.capacity}`],
          ['Status', <SessionStatus key="status" session={s} />],
        ]}
      />
      <div className="usa-button-group session-actions">
        {!cancelled && hasRole(user, 'FACILITATOR', 'SUPERVISOR') && (
          <Link to="/sessions/$sessionId/attendance" params={{ sessionId }} className="usa-button">
            Take attendance
          </Link>
        )}
        {hasRole(user, 'SUPERVISOR', 'AUDITOR') && (
          <Link
            to="/sessions/$sessionId/attendance/history"
            params={{ sessionId }}
            className="usa-button usa-button--outline"
          >
            Attendance history
          </Link>
        )}
        {!cancelled && hasRole(user, 'SUPERVISOR') && !recorded && (
          <button
            type="button"
            className="usa-button usa-button--secondary"
            onClick={() => {
              setNotice('');
              setCancelling(true);
            }}
          >
            Cancel session
          </button>
        )}
      </div>
      <CancelSessionDialog
        open={cancelling}
        session={s}
        onClose={() => setCancelling(false)}
        onCancelled={(m) => {
          setCancelling(false);
          setNotice(m);
        }}
      />

      <section aria-labelledby="roster-heading" className="margin-top-4">
        <h2 id="roster-heading">Roster</h2>
        {!canReadRoster && <p>Your role does not show the roster of a session.</p>}
        {canReadRoster && roster.isPending && <Loading what="the roster" />}
        {canReadRoster && roster.isError && <LoadFailed error={roster.error} what="the roster" />}
        {roster.isSuccess && (
          <>
            {canSeat && (
              <AddSeat
                session={s}
                roster={roster.data.rows}
                onOpen={() => setNotice('')}
                onAdded={(m) => setNotice(m)}
              />
            )}
            <RosterTable
              session={s}
              rows={roster.data.rows}
              canRemove={hasRole(user, 'INTAKE', 'SUPERVISOR') && !cancelled && !started}
              onOpen={() => setNotice('')}
              onRemoved={(m) => setNotice(m)}
            />
          </>
        )}
      </section>
    </>
  );
}

// ---- roster -------------------------------------------------------------------------------

function RosterTable({
  session,
  rows,
  canRemove,
  onOpen,
  onRemoved,
}: {
  session: Session;
  rows: RosterRow[];
  canRemove: boolean;
  onOpen: () => void;
  onRemoved: (message: string) => void;
}) {
  const { user } = useSession();
  const [removing, setRemoving] = useState<RosterRow | null>(null);
  const linkNames = hasRole(user, 'INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR');
  if (!rows.length) return <p>Nobody has a seat in this session yet.</p>;
  return (
    <>
      <TableRegion
        label="Roster"
        caption={`People seated in this session, by last name (${rows.length} of ${session.capacity} seats)`}
      >
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Date of birth</th>
            <th scope="col">Attendance</th>
            {canRemove && (
              <th scope="col">
                <span className="usa-sr-only">Seat</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.enrollmentId}>
              <th scope="row" data-label="Name">
                {linkNames ? (
                  <Link
                    to="/participants/$participantId"
                    params={{ participantId: r.participantId }}
                  >
                    {r.lastName}, {r.firstName}
                  </Link>
                ) : (
                  `${r.lastName}, ${r.firstName}`
                )}
              </th>
              <td data-label="Date of birth">{formatDate(r.dateOfBirth)}</td>
              <td data-label="Attendance">{attendanceLabel(r.status)}</td>
              {canRemove && (
                <td data-label="Seat">
                  <button
                    type="button"
                    className="usa-button usa-button--unstyled seat-remove"
                    onClick={() => {
                      onOpen();
                      setRemoving(r);
                    }}
                  >
                    Remove seat<span className="usa-sr-only"> of {r.participantName}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </TableRegion>
      <RemoveSeatDialog
        session={session}
        row={removing}
        onClose={() => setRemoving(null)}
        onRemoved={(m) => {
          setRemoving(null);
          onRemoved(m);
        }}
      />
    </>
  );
}

function RemoveSeatDialog({
  session,
  row,
  onClose,
  onRemoved,
}: {
  session: Session;
  row: RosterRow | null;
  onClose: () => void;
  onRemoved: (message: string) => void;
}) {
  const errors = useFormErrors();
  const announce = useAnnounce();
  const writes = useSessionWrites();
  const refresh = writes.seatsChanged;
  const [busy, setBusy] = useState(false);

  async function remove() {
    if (!row) return;
    setBusy(true);
    try {
      await writes.removeSeat(session.id, row.enrollmentId);
      await refresh();
      const m = `Seat removed: ${row.participantName} no longer has a seat in this session.`;
      announce(m);
      errors.clear();
      onRemoved(m);
    } catch (err) {
      errors.show(sessionProblem(err), requestIdOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={!!row}
      title="Remove this seat?"
      onClose={() => {
        errors.clear();
        onClose();
      }}
    >
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      {row && (
        <p>
          {row.participantName} (born {formatDate(row.dateOfBirth)}) will no longer have a seat in
          this session on {formatSessionDay(session.startsAt)}. Their enrollment does not change:
          they can be seated in another session.
        </p>
      )}
      <div className="usa-button-group">
        <button
          type="button"
          className="usa-button usa-button--secondary"
          disabled={busy}
          onClick={remove}
        >
          {busy ? 'Removing…' : 'Remove seat'}
        </button>
        <button
          type="button"
          className="usa-button usa-button--outline"
          data-autofocus
          onClick={() => {
            errors.clear();
            onClose();
          }}
        >
          Keep the seat
        </button>
      </div>
    </Dialog>
  );
}

// ---- add a seat ---------------------------------------------------------------------------

const SHOWN = 25;

function AddSeat({
  session,
  roster,
  onOpen,
  onAdded,
}: {
  session: Session;
  roster: RosterRow[];
  onOpen: () => void;
  onAdded: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const full = session.seatsTaken >= session.capacity;
  return (
    <>
      {full ? (
        <p>
          This session is full: {session.seatsTaken} of {session.capacity} seats are taken.
        </p>
      ) : (
        <p>
          <button
            type="button"
            className="usa-button"
            onClick={() => {
              onOpen();
              setOpen(true);
            }}
          >
            Add a seat
          </button>
        </p>
      )}
      <Dialog open={open} title="Add a seat" onClose={() => setOpen(false)}>
        <AddSeatForm
          session={session}
          roster={roster}
          onClose={() => setOpen(false)}
          onAdded={(m) => {
            setOpen(false);
            onAdded(m);
          }}
        />
      </Dialog>
    </>
  );
}

function AddSeatForm({
  session,
  roster,
  onClose,
  onAdded,
}: {
  session: Session;
  roster: RosterRow[];
  onClose: () => void;
  onAdded: (message: string) => void;
}) {
  const errors = useFormErrors();
  const announce = useAnnounce();
  const seats = useGiveSeat();
  const refresh = seats.changed;
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const candidates = useQuery({
    queryKey: sessionKeys.unseated(session.programCode),
    queryFn: () => fetchUnseated(session.programCode),
    meta: { shows: ['seats', 'enrollments'] },
  });

  const seated = new Set(roster.map((r) => r.enrollmentId));
  const all = (candidates.data?.items ?? [])
    .filter((e) => !seated.has(e.id))
    .sort((a, b) => a.participantName.localeCompare(b.participantName));
  // How many wait, by the API's count (not just those read), less those already seated here.
  const waiting =
    (candidates.data?.total ?? 0) - ((candidates.data?.items.length ?? 0) - all.length);
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matching = all.filter((e) =>
    words.every((w) => e.participantName.toLowerCase().includes(w)),
  );
  // The chosen person stays listed while the filter changes.
  const shown = matching.slice(0, SHOWN);
  const chosenRow = all.find((e) => e.id === chosen);
  if (chosenRow && !shown.includes(chosenRow)) shown.unshift(chosenRow);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosenRow)
      return errors.show([{ fieldId: 'seat-choice', message: 'Choose who takes the seat' }]);
    setBusy(true);
    try {
      const seat = await seats.give(session.id, chosenRow.id);
      await refresh();
      const m = `Seat added for ${chosenRow.participantName}. ${seat.seatsTaken} of ${seat.capacity} seats are taken.`;
      announce(m);
      onAdded(m);
    } catch (err) {
      errors.show(
        sessionProblem(err, { enrollmentId: 'seat-choice' }, 'seat-choice'),
        requestIdOf(err),
      );
      void refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="usa-form" onSubmit={submit} noValidate>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      <p className="margin-top-0">
        People enrolled in {programName(session.programCode)} who are active and have no seat in an
        upcoming session.
      </p>
      {candidates.isPending && <Loading what="the people waiting for a seat" />}
      {candidates.isError && (
        <LoadFailed error={candidates.error} what="the people waiting for a seat" />
      )}
      {candidates.isSuccess && all.length === 0 && (
        <p>Nobody in this program is waiting for a seat.</p>
      )}
      {candidates.isSuccess && all.length > 0 && (
        <>
          <TextField
            id="seat-filter"
            label="Find by name"
            hint={waitingHint(waiting, all.length)}
            type="search"
            autoComplete="off"
            spellCheck={false}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          {shown.length === 0 ? (
            <p role="status">Nobody waiting for a seat matches “{filter.trim()}”.</p>
          ) : (
            <RadioGroup
              id="seat-choice"
              legend="Who takes the seat?"
              hint={
                matching.length > SHOWN
                  ? `The first ${SHOWN} of ${matching.length} are listed. Type part of the name to narrow the list.`
                  : undefined
              }
              error={errors.field('seat-choice')}
              options={shown.map((e: Enrollment) => ({
                value: e.id,
                label: `${e.participantName}, enrolled ${formatDate(e.enrolledOn)}`,
              }))}
              value={chosen}
              onChange={setChosen}
            />
          )}
        </>
      )}
      <div className="usa-button-group margin-top-3">
        <button type="submit" className="usa-button" disabled={busy || !candidates.isSuccess}>
          {busy ? 'Adding…' : 'Add seat'}
        </button>
        <button type="button" className="usa-button usa-button--outline" onClick={onClose}>
          Close without adding
        </button>
      </div>
    </form>
  );
}

// ---- cancel -------------------------------------------------------------------------------

function CancelSessionDialog({
  open,
  session,
  onClose,
  onCancelled,
}: {
  open: boolean;
  session: Session;
  onClose: () => void;
  onCancelled: (message: string) => void;
}) {
  const announce = useAnnounce();
  const writes = useSessionWrites();
  const refresh = writes.seatsChanged;
  return (
    <ReasonDialog
      open={open}
      title="Cancel this session?"
      fieldId="cancel-reason"
      hint="Staff see it on the session."
      missing="Enter why the session is cancelled"
      confirmLabel="Cancel session"
      busyLabel="Cancelling…"
      cancelLabel="Keep the session"
      problem={sessionProblem}
      onClose={onClose}
      onConfirm={async (reason) => {
        await writes.cancel(session.id, reason);
        await refresh();
        const m = 'Session cancelled. Everyone seated in it has lost the seat.';
        announce(m);
        onCancelled(m);
      }}
    >
      <p className="margin-top-0">
        {formatSessionDay(session.startsAt)}, {formatTimeRange(session.startsAt, session.endsAt)},{' '}
        {session.location}. The {session.seatsTaken}{' '}
        {session.seatsTaken === 1 ? 'person' : 'people'} seated will lose the seat and must be
        seated in another session.
      </p>
    </ReasonDialog>
  );
}
