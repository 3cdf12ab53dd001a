import { screen, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import {
  aPage,
  aParticipant,
  aSession,
  anEnrollment,
  anId,
  deferred,
  expectAccessible,
  findErrorSummary,
  networkFailure,
  noRows,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  timestampIn,
  type Reply,
} from '../test-kit';

// "Give a seat" on the Enrollment tab: what enrollment-tab.test.tsx leaves out (which sessions
// are asked for, none to offer, a lost answer, one seat at a time).

const participant = aParticipant({ firstName: 'Pat', lastName: 'Marsh' });
const seats = '/api/v1/sessions/{id}/seats' as const;
type Enrollment = Schemas['EnrollmentDto'];

const active = (over: Partial<Enrollment> = {}) =>
  anEnrollment({ participantId: participant.id, participantName: 'Pat Marsh', ...over });

async function openTab(
  enrollment: Enrollment,
  sessions: Schemas['SessionPage'] | Reply = noRows(),
) {
  server
    .get('/api/v1/participants/{id}', participant)
    .get('/api/v1/enrollments', aPage([enrollment]))
    .get('/api/v1/enrollments/{id}', enrollment)
    .get('/api/v1/sessions', sessions);
  const page = renderRoute(`/participants/${participant.id}?tab=enrollment`);
  await screen.findByRole('heading', { name: 'Give a seat' });
  return page;
}

const giveButtons = () =>
  screen.getAllByRole('button', { name: /^(Give a seat|Giving the seat…)/ });

beforeEach(async () => {
  await signInAs(['INTAKE']);
});

describe('Give a seat from the record', () => {
  it('asks for the program’s next sessions with a free seat that do not seat this enrollment', async () => {
    const e = active({ programCode: 'OAR' });
    const first = aSession({ programCode: 'OAR', seatsTaken: 3, capacity: 12 });
    await openTab(e, aPage([first, aSession({ programCode: 'OAR', startsAt: timestampIn(8) })]));

    const table = await screen.findByRole('table', {
      name: /The next sessions of The OAR Program with a free seat/,
    });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText('3 of 12')).toBeVisible();
    const asked = server
      .sent('GET', '/api/v1/sessions')
      .map((s) => Object.fromEntries(s.query.entries()));
    expect(asked).toContainEqual({
      programCode: 'OAR',
      upcoming: 'true',
      hasFreeSeats: 'true',
      excludeEnrollmentId: e.id,
      limit: '5',
    });
    await expectAccessible();
  });

  it('no session to offer: says so, and who schedules them', async () => {
    await openTab(active());
    expect(
      await screen.findByText(
        'Johnz School has no upcoming session with a free seat. A supervisor schedules sessions.',
      ),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: /^Give a seat/ })).not.toBeInTheDocument();
  });

  it('sessions that do not come are said', async () => {
    await openTab(active(), problem(500));
    expect(
      await screen.findByRole('heading', { name: 'Could not load the upcoming sessions' }),
    ).toBeVisible();
  });

  it('one seat at a time: the other sessions’ buttons send nothing while one is given', async () => {
    const e = active();
    const answer = deferred<Reply | Schemas['SeatDto']>();
    server.post(seats, () => answer.promise);
    const [one, two] = [aSession(), aSession({ startsAt: timestampIn(2) })];
    const { user } = await openTab(e, aPage([one, two]));
    await screen.findByRole('table');
    await user.click(giveButtons()[0]);
    await server.waitForSent('POST', seats);

    const [busy, other] = giveButtons();
    expect(busy).toHaveAccessibleName(/^Giving the seat…/);
    expect(other).toHaveAttribute('aria-disabled', 'true');
    await user.click(other);
    expect(server.sent('POST', seats)).toHaveLength(1);
    expect(server.sent('POST', seats)[0].params.id).toBe(one.id);

    answer.resolve({
      sessionId: one.id,
      enrollmentId: e.id,
      seatedAt: timestampIn(0),
      seatedBy: anId(),
      seatsTaken: 20,
      capacity: 20,
    });
    expect(await screen.findByText(/^Seat given in the session of/)).toBeVisible();
  });

  it('a lost answer says so, and the seat can be given again', async () => {
    server.post(seats, networkFailure());
    const { user } = await openTab(active(), aPage([aSession()]));
    await user.click(await screen.findByRole('button', { name: /^Give a seat/ }));

    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    expect(screen.getByRole('button', { name: /^Give a seat/ })).not.toHaveAttribute(
      'aria-disabled',
    );
    expect(screen.queryByText(/^Seat given/)).not.toBeInTheDocument();
  });
});
