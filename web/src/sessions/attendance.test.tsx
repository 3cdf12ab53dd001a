import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import {
  aSession,
  anId,
  deferred,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  timestampIn,
  type Reply,
  type User,
  aRosterRow,
} from '../test-kit';
import { formatClock } from './time';

const roster = '/api/v1/sessions/{id}/roster' as const;
const attendance = '/api/v1/sessions/{id}/attendance' as const;
type Row = Schemas['RosterRowDto'];
type Status = NonNullable<Row['status']>;

/** A session that started an hour ago. */
const session = aSession({ startsAt: timestampIn(0, -1), endsAt: timestampIn(0, 2) });

const ana = aRosterRow('Ana', 'Baker');
const cal = aRosterRow('Cal', 'Diaz', { note: 'Arrived with a lawyer' });
const eli = aRosterRow('Eli', 'Fox');
const rows = [ana, cal, eli];

function aRoster(over: Partial<Schemas['RosterDto']> = {}): Schemas['RosterDto'] {
  return { session, rows, lastSaved: null, ...over };
}

/** The roster as saved with `marks` (in roster order), as the API answers a save. */
function savedAs(
  marks: Status[],
  over: Partial<Schemas['AttendanceSubmissionDto']> = {},
): Schemas['AttendanceSubmissionDto'] {
  return {
    session,
    rows: rows.map((r, i) => ({ ...r, status: marks[i] })),
    lastSaved: { at: timestampIn(0), people: rows.length, byId: anId(), byName: 'Dana Reyes' },
    changed: rows.length,
    unchanged: false,
    ...over,
  };
}

async function openAttendance(answer: Schemas['RosterDto'] = aRoster()) {
  server.get(roster, answer).get('/api/v1/staff/directory', []);
  const page = renderRoute(`/sessions/${session.id}/attendance`);
  await screen.findByRole('heading', { level: 1, name: 'Attendance' });
  return page;
}

/** The radio group of one person at the door. */
const personGroup = (row: Row) =>
  screen.getByRole('group', { name: new RegExp(`^${row.firstName} ${row.lastName}\\s?, born`) });

const markAs = (user: User, row: Row, label: string) =>
  user.click(within(personGroup(row)).getByRole('radio', { name: label }));

const save = (user: User) => user.click(screen.getByRole('button', { name: /^Save attendance/ }));

beforeEach(async () => {
  await signInAs(['FACILITATOR']);
});

describe('Attendance at the door', () => {
  it('lists everyone seated with the five choices and a count of those marked', async () => {
    const { user } = await openAttendance();
    for (const row of rows) {
      const choices = within(personGroup(row))
        .getAllByRole('radio')
        .map((r) => (r as HTMLInputElement).labels?.[0]?.textContent);
      expect(choices).toEqual(['Present', 'Late', 'Left early', 'Absent', 'Excused']);
    }
    expect(screen.getByText('0 of 3 people marked')).toBeVisible();

    await markAs(user, cal, 'Late');
    expect(within(personGroup(cal)).getByRole('radio', { name: 'Late' })).toBeChecked();
    expect(screen.getByText('1 of 3 people marked')).toBeVisible();
    await expectAccessible();
  });

  it('names everyone not yet marked, on their own row; marking clears the row’s error', async () => {
    const { user } = await openAttendance();
    await markAs(user, cal, 'Present');
    await save(user);

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual([
      'Mark the attendance of Ana Baker',
      'Mark the attendance of Eli Fox',
    ]);
    expect(personGroup(ana)).toHaveAccessibleDescription(/Choose how this person attended/);
    expect(personGroup(cal)).not.toHaveAccessibleDescription(/Choose how this person attended/);
    expect(server.sent('PUT', attendance)).toHaveLength(0);
    await expectAccessible();

    await user.click(within(summary).getByRole('link', { name: 'Mark the attendance of Eli Fox' }));
    expect(within(personGroup(eli)).getByRole('radio', { name: 'Present' })).toHaveFocus();

    await markAs(user, ana, 'Absent');
    expect(personGroup(ana)).not.toHaveAccessibleDescription(/Choose how this person attended/);
  });

  it('marks everyone present at once, then one late, and saves the whole roster once', async () => {
    const answer = deferred<Reply | Schemas['AttendanceSubmissionDto']>();
    server.on('PUT', attendance, () => answer.promise);
    const { user } = await openAttendance();
    await user.click(screen.getByRole('button', { name: 'Mark all present' }));
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent(
        'All 3 people marked present. Now mark anyone late, absent or excused.',
      ),
    );
    for (const row of rows)
      expect(within(personGroup(row)).getByRole('radio', { name: 'Present' })).toBeChecked();
    await markAs(user, eli, 'Late');
    expect(screen.getByText('3 of 3 people marked')).toBeVisible();
    await save(user);

    const busy = await screen.findByRole('button', { name: 'Saving…' });
    expect(busy).toHaveAttribute('aria-disabled', 'true');
    await server.waitForSent('PUT', attendance);
    await user.click(busy);
    expect(server.sent('PUT', attendance)).toHaveLength(1);
    const [sent] = server.sent('PUT', attendance);
    expect(sent.params.id).toBe(session.id);
    // The note already written is sent back as it is: leaving it out would erase it.
    expect(sent.body).toEqual({
      records: [
        { enrollmentId: ana.enrollmentId, status: 'PRESENT' },
        { enrollmentId: cal.enrollmentId, status: 'PRESENT', note: 'Arrived with a lawyer' },
        { enrollmentId: eli.enrollmentId, status: 'LATE' },
      ],
    });
    await expectAccessible();

    const saved = savedAs(['PRESENT', 'PRESENT', 'LATE']);
    answer.resolve(saved);
    expect(
      await screen.findByRole('heading', { name: 'Attendance saved for 3 people' }),
    ).toBeVisible();
    expect(screen.getByText('Present and Late count toward completion.')).toBeVisible();
    await waitFor(() => expect(liveRegion()).toHaveTextContent('Attendance saved for 3 people'));
    expect(
      screen.getByText(`Saved for 3 people at ${formatClock(saved.lastSaved!.at)}`),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Save attendance' })).not.toHaveAttribute(
      'aria-disabled',
    );
    await expectAccessible();
  });

  it('a roster saved before says so and is shown as saved; a correction is sent and kept', async () => {
    const at = timestampIn(0, -0.5);
    const before = aRoster({
      rows: rows.map((r) => ({ ...r, status: 'PRESENT' as const })),
      lastSaved: { at, people: 3, byId: anId(), byName: 'Jo Facilitator' },
    });
    server.on('PUT', attendance, savedAs(['PRESENT', 'PRESENT', 'ABSENT'], { changed: 1 }));
    const { user } = await openAttendance(before);

    expect(
      screen.getByRole('heading', { name: 'Attendance was already saved for this session' }),
    ).toBeVisible();
    // A facilitator does not see the history: a supervisor does.
    expect(
      screen.getByText(/earlier records are kept in the attendance history/),
    ).toHaveTextContent('which a supervisor can see.');
    expect(screen.getByText(`Saved for 3 people at ${formatClock(at)}`)).toBeVisible();
    expect(within(personGroup(eli)).getByRole('radio', { name: 'Present' })).toBeChecked();

    await markAs(user, eli, 'Absent');
    // Something changed: the bar counts the marks again instead of the saved time.
    expect(screen.getByText('3 of 3 people marked')).toBeVisible();
    await save(user);

    await screen.findByRole('heading', { name: 'Attendance saved for 3 people' });
    const [sent] = server.sent('PUT', attendance);
    expect(sent.body.records.map((r) => r.status)).toEqual(['PRESENT', 'PRESENT', 'ABSENT']);
    expect(within(personGroup(eli)).getByRole('radio', { name: 'Absent' })).toBeChecked();
  });

  it('a supervisor correcting is pointed to the attendance history', async () => {
    await signInAs(['SUPERVISOR']);
    const before = aRoster({
      rows: rows.map((r) => ({ ...r, status: 'LATE' as const })),
      lastSaved: { at: timestampIn(0, -0.5), people: 3, byId: anId(), byName: 'Jo' },
    });
    await openAttendance(before);
    expect(screen.getByRole('link', { name: 'see the attendance history' })).toHaveAttribute(
      'href',
      `/sessions/${session.id}/attendance/history`,
    );
  });

  it('saving a roster exactly as it was says nothing changed', async () => {
    const before = aRoster({
      rows: rows.map((r) => ({ ...r, status: 'PRESENT' as const })),
      lastSaved: { at: timestampIn(0, -0.5), people: 3, byId: anId(), byName: 'Jo' },
    });
    server.on(
      'PUT',
      attendance,
      savedAs(['PRESENT', 'PRESENT', 'PRESENT'], { changed: 0, unchanged: true }),
    );
    const { user } = await openAttendance(before);
    await save(user);

    expect(await screen.findByRole('heading', { name: 'Nothing changed' })).toBeVisible();
    expect(
      screen.getByText(
        'Attendance was already saved exactly so for 3 people; nothing new was written.',
      ),
    ).toBeVisible();
    expect(
      screen.queryByRole('heading', { name: 'Attendance saved for 3 people' }),
    ).not.toBeInTheDocument();
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent(
        'Nothing changed: attendance was already saved for 3 people',
      ),
    );
  });

  it('a refusal naming a row is said on that person; the marks are kept', async () => {
    server.on(
      'PUT',
      attendance,
      problem(422, 'NOT_SEATED', {
        errors: [{ field: 'records[1].enrollmentId', message: 'not seated' }],
      }),
    );
    const { user } = await openAttendance();
    await user.click(screen.getByRole('button', { name: 'Mark all present' }));
    await save(user);

    const summary = await findErrorSummary();
    const said =
      'no longer has a seat in this session. Reload the page to see the roster as it is now.';
    expect(summaryMessages(summary)).toEqual([`Cal Diaz: ${said}`]);
    expect(within(summary).getByText('req-422-NOT_SEATED')).toBeVisible();
    expect(personGroup(cal)).toHaveAccessibleDescription(new RegExp(said.slice(0, 30)));
    expect(personGroup(ana)).not.toHaveAccessibleDescription(/no longer has a seat/);
    await user.click(within(summary).getByRole('link'));
    expect(within(personGroup(cal)).getByRole('radio', { name: 'Present' })).toHaveFocus();
    for (const row of rows)
      expect(within(personGroup(row)).getByRole('radio', { name: 'Present' })).toBeChecked();
    expect(screen.getByRole('button', { name: 'Save attendance' })).not.toHaveAttribute(
      'aria-disabled',
    );
    await expectAccessible();
  });

  it('a session not started yet when saving is said in plain words', async () => {
    server.on('PUT', attendance, problem(409, 'SESSION_NOT_STARTED'));
    const { user } = await openAttendance();
    await user.click(screen.getByRole('button', { name: 'Mark all present' }));
    await save(user);
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'This session has not started yet. Attendance can be taken once it has started.',
    ]);
  });

  it('a lost answer says so and keeps the marks; saving again sends the same roster', async () => {
    let calls = 0;
    server.on('PUT', attendance, () =>
      ++calls === 1 ? networkFailure() : savedAs(['PRESENT', 'PRESENT', 'PRESENT']),
    );
    const { user } = await openAttendance();
    await user.click(screen.getByRole('button', { name: 'Mark all present' }));
    await save(user);

    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    for (const row of rows)
      expect(within(personGroup(row)).getByRole('radio', { name: 'Present' })).toBeChecked();

    await save(user);
    await screen.findByRole('heading', { name: 'Attendance saved for 3 people' });
    await waitFor(() =>
      expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument(),
    );
    const [first, second] = server.sent('PUT', attendance);
    expect(second.body).toEqual(first.body);
  });
});

describe('Before and without attendance', () => {
  it('a session not started yet shows who is seated and when the form comes', async () => {
    const later = aSession({ id: session.id, startsAt: timestampIn(0, 2) });
    await openAttendance(aRoster({ session: later }));
    expect(screen.getByRole('heading', { name: 'This session has not started yet' })).toBeVisible();
    expect(
      screen.getByText(new RegExp(`It starts at ${formatClock(later.startsAt)}`)),
    ).toBeVisible();
    expect(screen.getByRole('heading', { name: 'Seated (3 people)' })).toBeVisible();
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Save attendance/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print sign-in sheet' })).toBeVisible();
    await expectAccessible();
  });

  it('nobody seated: nothing to take', async () => {
    await openAttendance(aRoster({ rows: [] }));
    expect(
      screen.getByText('Nobody has a seat in this session, so there is no attendance to take.'),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: /^Save attendance/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Sign-in sheet' })).not.toBeInTheDocument();
  });

  it('a cancelled session takes none and links back to the session', async () => {
    const cancelled = { ...session, cancelledAt: timestampIn(-1), cancelReason: 'Snow' };
    await openAttendance(aRoster({ session: cancelled }));
    expect(screen.getByRole('heading', { name: 'This session was cancelled' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'See the session' })).toHaveAttribute(
      'href',
      `/sessions/${session.id}`,
    );
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
  });

  it('a roster that does not come is said', async () => {
    server.get(roster, problem(500)).get('/api/v1/staff/directory', []);
    renderRoute(`/sessions/${session.id}/attendance`);
    expect(await screen.findByRole('heading', { name: 'Could not load the roster' })).toBeVisible();
    expect(screen.queryByRole('button', { name: /^Save attendance/ })).not.toBeInTheDocument();
  });
});
