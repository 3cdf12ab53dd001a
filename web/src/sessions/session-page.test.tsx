import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import type { Role } from '../api/session';
import {
  aPage,
  aSession,
  anEnrollment,
  anId,
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  noContent,
  noRows,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  summarySays,
  timestampIn,
  type Reply,
  type User,
  aRosterRow,
} from '../test-kit';

const sessionPath = '/api/v1/sessions/{id}' as const;
const rosterPath = '/api/v1/sessions/{id}/roster' as const;
const cancelPath = '/api/v1/sessions/{id}/cancel' as const;
const seatPath = '/api/v1/sessions/{id}/seats/{enrollmentId}' as const;
const seatsPath = '/api/v1/sessions/{id}/seats' as const;
type Session = Schemas['SessionDto'];
type Row = Schemas['RosterRowDto'];

const ana = aRosterRow('Ana', 'Baker');
const cal = aRosterRow('Cal', 'Diaz');

/** A session tomorrow with Ana and Cal seated, 2 of its 20 seats taken. */
const tomorrow = (over: Partial<Session> = {}) =>
  aSession({ seatsTaken: 2, seatsAvailable: 18, ...over });

/** The session's page as `roles` see it, with the session and its seated rows as given. */
async function openSession(roles: Role[], session: Session = tomorrow(), rows: Row[] = [ana, cal]) {
  await signInAs(roles);
  server
    .get(sessionPath, session)
    .get(rosterPath, { session, rows, lastSaved: null })
    .get('/api/v1/staff/directory', []);
  const page = renderRoute(`/sessions/${session.id}`);
  await screen.findByRole('heading', { level: 1, name: /session$/ });
  if (roles.some((r) => r !== 'AUDITOR')) await screen.findByRole('heading', { name: 'Roster' });
  return { ...page, session };
}

const seatedNames = () =>
  within(screen.getByRole('table'))
    .getAllByRole('rowheader')
    .map((th) => th.textContent);

describe('A session’s page', () => {
  it('says the session and lists who is seated', async () => {
    await openSession(['INTAKE']);
    await waitFor(() => expect(seatedNames()).toEqual(['Baker, Ana', 'Diaz, Cal']));
    expect(screen.getByRole('link', { name: 'Baker, Ana' })).toHaveAttribute(
      'href',
      `/participants/${ana.participantId}`,
    );
    expect(screen.getAllByRole('cell', { name: 'Not recorded' })).toHaveLength(2);
    expect(screen.getByText('2 of 20')).toBeVisible();
    await expectAccessible();
  });

  it('an empty roster says nobody is seated yet', async () => {
    await openSession(['INTAKE'], tomorrow({ seatsTaken: 0, seatsAvailable: 20 }), []);
    expect(await screen.findByText('Nobody has a seat in this session yet.')).toBeVisible();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('a cancelled session says why, and offers neither seats nor cancelling nor attendance', async () => {
    await openSession(
      ['SUPERVISOR'],
      tomorrow({ cancelledAt: timestampIn(-1), cancelReason: 'Room flooded' }),
      [],
    );
    expect(screen.getByRole('heading', { name: 'This session was cancelled' })).toBeVisible();
    expect(screen.getByText(/Reason: Room flooded\. It takes no seats and no/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Cancel session' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add a seat' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Take attendance' })).not.toBeInTheDocument();
  });

  it('a session that does not come is said', async () => {
    await signInAs(['INTAKE']);
    server.get(sessionPath, problem(500)).get('/api/v1/staff/directory', []);
    server.get(rosterPath, problem(500));
    renderRoute(`/sessions/${anId()}`);
    expect(
      await screen.findByRole('heading', { name: 'Could not load the session' }),
    ).toBeVisible();
  });
});

describe('Cancel a session', () => {
  async function openCancel(user: User) {
    await user.click(screen.getByRole('button', { name: 'Cancel session' }));
    return screen.getByRole('dialog', { name: 'Cancel this session?' });
  }

  it('is not offered to intake', async () => {
    await openSession(['INTAKE']);
    await screen.findByRole('table');
    expect(screen.queryByRole('button', { name: 'Cancel session' })).not.toBeInTheDocument();
  });

  it('is not offered once attendance has been recorded', async () => {
    await openSession(['SUPERVISOR'], tomorrow(), [{ ...ana, status: 'PRESENT' }, cal]);
    await screen.findByRole('table');
    expect(screen.getByRole('cell', { name: 'Present' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Cancel session' })).not.toBeInTheDocument();
  });

  it('says who loses a seat and asks why; Escape closes it and focus goes back', async () => {
    const { user } = await openSession(['SUPERVISOR']);
    await screen.findByRole('table');
    const dialog = await openCancel(user);
    expect(within(dialog).getByText(/The 2 people seated will lose the seat/)).toBeVisible();
    const reason = within(dialog).getByRole('textbox', { name: 'Reason' });
    expect(reason).toHaveAccessibleDescription(/Staff see it on the session\./);
    expect(dialog).toContainElement(document.activeElement as HTMLElement);

    await user.click(within(dialog).getByRole('button', { name: 'Cancel session' }));
    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual(['Enter why the session is cancelled']);
    expect(within(dialog).getByRole('textbox', { name: 'Reason' })).toBeInvalid();
    expect(server.sent('POST', cancelPath)).toHaveLength(0);
    await expectAccessible();

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Cancel session' })).toHaveFocus();

    // It opens again empty, without the old error; Keep the session closes it too.
    const again = await openCancel(user);
    expect(within(again).getByRole('textbox', { name: 'Reason' })).toHaveValue('');
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
    await user.click(within(again).getByRole('button', { name: 'Keep the session' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel session' })).toHaveFocus();
  });

  it('is busy while cancelling, sends once, then says the seats are released', async () => {
    const answer = deferred<Reply | Session>();
    server.post(cancelPath, () => answer.promise);
    const { user, session } = await openSession(['SUPERVISOR']);
    await screen.findByRole('table');
    const dialog = await openCancel(user);
    await enter(user, within(dialog).getByRole('textbox', { name: 'Reason' }), '  Snow day  ');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel session' }));

    const busy = await within(dialog).findByRole('button', { name: 'Cancelling…' });
    expect(busy).toBeDisabled();
    expect(within(dialog).getByRole('button', { name: 'Keep the session' })).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'Cancel this session?' })).toBeVisible();
    const [sent] = await server.waitForSent('POST', cancelPath);
    expect(sent.params.id).toBe(session.id);
    expect(sent.body).toEqual({ reason: 'Snow day' });
    await expectAccessible();

    // Read again after it: cancelled, nobody seated.
    const cancelled = { ...session, cancelledAt: timestampIn(0), cancelReason: 'Snow day' };
    server
      .get(sessionPath, { ...cancelled, seatsTaken: 0, seatsAvailable: 20 })
      .get(rosterPath, { session: cancelled, rows: [], lastSaved: null });
    answer.resolve(cancelled);

    const said = 'Session cancelled. Everyone seated in it has lost the seat.';
    expect(await screen.findByText(said)).toBeVisible();
    await waitFor(() => expect(liveRegion()).toHaveTextContent(said));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { name: 'This session was cancelled' }),
    ).toBeVisible();
    expect(server.sent('POST', cancelPath)).toHaveLength(1);
  });

  it('a refusal is said in plain words in the dialog; a lost answer says so', async () => {
    let calls = 0;
    server.post(cancelPath, () =>
      ++calls === 1 ? problem(409, 'ATTENDANCE_RECORDED') : networkFailure(),
    );
    const { user } = await openSession(['SUPERVISOR']);
    await screen.findByRole('table');
    const dialog = await openCancel(user);
    await enter(user, within(dialog).getByRole('textbox', { name: 'Reason' }), 'Snow day');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel session' }));

    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual([
      'Attendance has been recorded for this session, so it took place and cannot be cancelled.',
    ]);
    expect(within(summary).getByText('req-409-ATTENDANCE_RECORDED')).toBeVisible();
    expect(within(dialog).getByRole('textbox', { name: 'Reason' })).toHaveValue('Snow day');
    await expectAccessible();

    await user.click(within(dialog).getByRole('button', { name: 'Cancel session' }));
    await summarySays([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    expect(within(dialog).getByRole('button', { name: 'Cancel session' })).toBeEnabled();
  });
});

describe('Remove a seat', () => {
  async function openRemove(user: User, row: Row) {
    await user.click(
      await screen.findByRole('button', { name: `Remove seat of ${row.participantName}` }),
    );
    return screen.getByRole('dialog', { name: 'Remove this seat?' });
  }

  it('says what it does; Keep the seat closes it and gives focus back', async () => {
    const { user } = await openSession(['INTAKE']);
    const dialog = await openRemove(user, cal);
    expect(
      within(dialog).getByText(/^Cal Diaz \(born .*\) will no longer have a seat in this session/),
    ).toBeVisible();
    expect(within(dialog).getByRole('button', { name: 'Keep the seat' })).toHaveFocus();
    await expectAccessible();

    await user.click(within(dialog).getByRole('button', { name: 'Keep the seat' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove seat of Cal Diaz' })).toHaveFocus();
    expect(server.sent('DELETE', seatPath)).toHaveLength(0);

    await openRemove(user, cal);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Remove seat of Cal Diaz' })).toHaveFocus();
  });

  it('is busy while removing, sends once, then says the seat is gone', async () => {
    const answer = deferred<Reply>();
    server.on('DELETE', seatPath, () => answer.promise);
    const { user, session } = await openSession(['INTAKE']);
    const dialog = await openRemove(user, cal);
    await user.click(within(dialog).getByRole('button', { name: 'Remove seat' }));

    const busy = await within(dialog).findByRole('button', { name: 'Removing…' });
    expect(busy).toBeDisabled();
    const [sent] = await server.waitForSent('DELETE', seatPath);
    expect(sent.params).toEqual({ id: session.id, enrollmentId: cal.enrollmentId });
    await expectAccessible();

    server
      .get(sessionPath, { ...session, seatsTaken: 1, seatsAvailable: 19 })
      .get(rosterPath, { session, rows: [ana], lastSaved: null });
    answer.resolve(noContent());
    const said = 'Seat removed: Cal Diaz no longer has a seat in this session.';
    expect(await screen.findByText(said)).toBeVisible();
    await waitFor(() => expect(liveRegion()).toHaveTextContent(said));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(seatedNames()).toEqual(['Baker, Ana']));
    expect(server.sent('DELETE', seatPath)).toHaveLength(1);
  });

  it('a refusal is said in the dialog in plain words; it opens again without it', async () => {
    server.on('DELETE', seatPath, problem(409, 'SESSION_STARTED'));
    const { user } = await openSession(['INTAKE']);
    const dialog = await openRemove(user, ana);
    await user.click(within(dialog).getByRole('button', { name: 'Remove seat' }));

    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual([
      'This session has already started, so its seats can no longer be removed. Record the person as absent or excused instead.',
    ]);
    expect(within(dialog).getByRole('button', { name: 'Remove seat' })).toBeEnabled();
    await expectAccessible();

    await user.click(within(dialog).getByRole('button', { name: 'Keep the seat' }));
    await openRemove(user, ana);
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
  });

  it('a lost answer is said in the dialog', async () => {
    server.on('DELETE', seatPath, networkFailure());
    const { user } = await openSession(['INTAKE']);
    const dialog = await openRemove(user, ana);
    await user.click(within(dialog).getByRole('button', { name: 'Remove seat' }));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
  });

  it('is not offered once the session has started', async () => {
    const started = tomorrow({ startsAt: timestampIn(0, -1), endsAt: timestampIn(0, 2) });
    await openSession(['INTAKE'], started);
    await screen.findByRole('table');
    expect(screen.queryByRole('button', { name: /^Remove seat/ })).not.toBeInTheDocument();
  });
});

describe('Add a seat', () => {
  const waiting = [
    anEnrollment({ participantName: 'Zoe Young' }),
    anEnrollment({ participantName: 'Max Lopez' }),
  ];

  async function openAdd(user: User) {
    await user.click(await screen.findByRole('button', { name: 'Add a seat' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a seat' });
    return dialog;
  }

  const choices = (dialog: HTMLElement) =>
    within(dialog)
      .getAllByRole('radio')
      .map((r) => (r as HTMLInputElement).labels?.[0]?.textContent);

  it('lists who waits for a seat, by name, and finds by part of the name', async () => {
    server.get('/api/v1/enrollments', aPage(waiting));
    const { user } = await openSession(['INTAKE']);
    const dialog = await openAdd(user);
    await within(dialog).findByRole('group', { name: 'Who takes the seat?' });
    expect(choices(dialog)).toEqual([
      expect.stringMatching(/^Max Lopez, enrolled /),
      expect.stringMatching(/^Zoe Young, enrolled /),
    ]);
    const [asked] = server.sent('GET', '/api/v1/enrollments');
    expect(asked.query.get('status')).toBe('ACTIVE');
    expect(asked.query.get('unseated')).toBe('true');
    expect(asked.query.get('programCode')).toBe('JOHNZ_SCHOOL');
    await expectAccessible();

    await enter(user, within(dialog).getByRole('searchbox', { name: 'Find by name' }), 'zoe');
    expect(choices(dialog)).toEqual([expect.stringMatching(/^Zoe Young/)]);
    await enter(user, within(dialog).getByRole('searchbox', { name: 'Find by name' }), 'q');
    expect(within(dialog).getByRole('status')).toHaveTextContent(
      'Nobody waiting for a seat matches “zoeq”.',
    );
  });

  it('asks who takes the seat when nobody is chosen', async () => {
    server.get('/api/v1/enrollments', aPage(waiting));
    const { user } = await openSession(['INTAKE']);
    const dialog = await openAdd(user);
    await within(dialog).findByRole('group', { name: 'Who takes the seat?' });
    await user.click(within(dialog).getByRole('button', { name: 'Add seat' }));

    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual(['Choose who takes the seat']);
    expect(
      within(dialog).getByRole('group', { name: 'Who takes the seat?' }),
    ).toHaveAccessibleDescription(/Choose who takes the seat/);
    expect(server.sent('POST', seatsPath)).toHaveLength(0);
    await expectAccessible();
  });

  it('is busy while adding, sends once, then says the seats taken', async () => {
    const answer = deferred<Reply | Schemas['SeatDto']>();
    server.get('/api/v1/enrollments', aPage(waiting)).post(seatsPath, () => answer.promise);
    const { user, session } = await openSession(['INTAKE']);
    const dialog = await openAdd(user);
    await user.click(await within(dialog).findByRole('radio', { name: /^Zoe Young/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Add seat' }));

    const busy = await within(dialog).findByRole('button', { name: 'Adding…' });
    expect(busy).toBeDisabled();
    const [sent] = await server.waitForSent('POST', seatsPath);
    expect(sent.params.id).toBe(session.id);
    expect(sent.body).toEqual({ enrollmentId: waiting[0].id });
    await expectAccessible();

    answer.resolve({
      sessionId: session.id,
      enrollmentId: waiting[0].id,
      seatedAt: timestampIn(0),
      seatedBy: anId(),
      seatsTaken: 3,
      capacity: 20,
    });
    const said = 'Seat added for Zoe Young. 3 of 20 seats are taken.';
    expect(await screen.findByText(said)).toBeVisible();
    await waitFor(() => expect(liveRegion()).toHaveTextContent(said));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(server.sent('POST', seatsPath)).toHaveLength(1);
  });

  it('a person already seated is said on the choice; a full session in plain words', async () => {
    let calls = 0;
    server
      .get('/api/v1/enrollments', aPage(waiting))
      .post(seatsPath, () =>
        ++calls === 1 ? problem(409, 'ALREADY_SEATED') : problem(409, 'SESSION_FULL'),
      );
    const { user } = await openSession(['INTAKE']);
    const dialog = await openAdd(user);
    await user.click(await within(dialog).findByRole('radio', { name: /^Max Lopez/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Add seat' }));

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['This person already has a seat in this session.']);
    await user.click(within(summary).getByRole('link'));
    expect(within(dialog).getAllByRole('radio')[0]).toHaveFocus();
    expect(within(dialog).getByRole('button', { name: 'Add seat' })).toBeEnabled();
    await expectAccessible();

    await user.click(within(dialog).getByRole('button', { name: 'Add seat' }));
    await summarySays([
      'This session is full: every seat is taken. Seat the person in another session of the program.',
    ]);
  });

  it('a lost answer is said in the dialog, and the choice is kept', async () => {
    server.get('/api/v1/enrollments', aPage(waiting)).post(seatsPath, networkFailure());
    const { user } = await openSession(['INTAKE']);
    const dialog = await openAdd(user);
    await user.click(await within(dialog).findByRole('radio', { name: /^Max Lopez/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Add seat' }));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    expect(within(dialog).getByRole('radio', { name: /^Max Lopez/ })).toBeChecked();
  });

  it('nobody waiting: it says so; Close without adding gives focus back', async () => {
    server.get('/api/v1/enrollments', noRows());
    const { user } = await openSession(['INTAKE']);
    const dialog = await openAdd(user);
    expect(
      await within(dialog).findByText('Nobody in this program is waiting for a seat.'),
    ).toBeVisible();
    expect(within(dialog).queryByRole('radio')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Close without adding' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add a seat' })).toHaveFocus();
  });

  it('a full session offers no seat to add', async () => {
    await openSession(['INTAKE'], tomorrow({ capacity: 2, seatsTaken: 2, seatsAvailable: 0 }));
    expect(await screen.findByText('This session is full: 2 of 2 seats are taken.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Add a seat' })).not.toBeInTheDocument();
  });

  it('a facilitator neither adds nor removes seats', async () => {
    await openSession(['FACILITATOR']);
    await screen.findByRole('table');
    expect(screen.queryByRole('button', { name: 'Add a seat' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Remove seat/ })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Take attendance' })).toBeVisible();
  });
});
