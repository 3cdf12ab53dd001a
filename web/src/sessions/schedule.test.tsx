import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import { toDateInput } from '../api/dates';
import {
  aSession,
  aStaffEntry,
  daysFromToday,
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  neverAnswers,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  timestampIn,
  type Reply,
  type User,
} from '../test-kit';
import { chicagoTimestamp, formatLongDate, formatTimeRange } from './time';

const sessions = '/api/v1/sessions' as const;
const day = daysFromToday(7);
const facilitator = aStaffEntry({ displayName: 'Jo Facilitator', roles: ['FACILITATOR'] });

function scheduled(body: Schemas['CreateSessionDto']): Schemas['SessionDto'] {
  return aSession({
    ...body,
    seatsTaken: 0,
    seatsAvailable: body.capacity,
    facilitatorId: body.facilitatorId ?? null,
    topic: body.topic ?? null,
    createdAt: timestampIn(0),
  });
}

async function openForm(url = '/sessions/new') {
  const page = renderRoute(url);
  await screen.findByRole('heading', { level: 1, name: 'Schedule a session' });
  await screen.findByRole('option', { name: 'Jo Facilitator' });
  return page;
}

async function fill(user: User, { start = '9:00 AM', end = '12:00 PM' } = {}) {
  await user.selectOptions(screen.getByRole('combobox', { name: 'Program' }), 'Johnz School');
  await enter(user, screen.getByRole('textbox', { name: 'Date' }), toDateInput(day));
  await enter(user, screen.getByRole('textbox', { name: 'Start time' }), start);
  await enter(user, screen.getByRole('textbox', { name: 'End time' }), end);
  await enter(user, screen.getByRole('textbox', { name: 'Location' }), 'Room 204, 1125 Locust St');
  await enter(user, screen.getByRole('textbox', { name: 'Capacity' }), '20');
  await user.selectOptions(
    screen.getByRole('combobox', { name: /^Facilitator/ }),
    'Jo Facilitator',
  );
}

const schedule = (user: User) =>
  user.click(screen.getByRole('button', { name: 'Schedule session' }));

beforeEach(async () => {
  await signInAs(['SUPERVISOR']);
  server.get('/api/v1/staff/directory', [
    facilitator,
    aStaffEntry({ displayName: 'Gone Facilitator', roles: ['FACILITATOR'], active: false }),
    aStaffEntry({ displayName: 'Lee Intake', roles: ['INTAKE'] }),
  ]);
});

describe('Schedule a session', () => {
  it('offers the active facilitators only, and takes the day from the sessions list', async () => {
    await openForm(`/sessions/new?on=${day}`);
    const choices = within(screen.getByRole('combobox', { name: /^Facilitator/ }))
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(choices).toEqual(['No facilitator yet', 'Jo Facilitator']);
    expect(screen.getByRole('textbox', { name: 'Date' })).toHaveValue(toDateInput(day));
    await expectAccessible();
  });

  it('names every missing answer', async () => {
    const { user } = await openForm();
    await schedule(user);
    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual([
      'Choose a program',
      'Enter the date as month/day/year',
      'Enter the start time, like 9:00 AM',
      'Enter the end time, like 12:00 PM',
      'Enter where the session takes place',
      'Enter the number of seats, a whole number from 1 to 500',
    ]);
    expect(screen.getByRole('textbox', { name: 'Capacity' })).toBeInvalid();
    await user.click(within(summary).getByRole('link', { name: 'Choose a program' }));
    expect(screen.getByRole('combobox', { name: 'Program' })).toHaveFocus();
    await expectAccessible();
  });

  it('refuses an end before the start', async () => {
    const { user } = await openForm();
    await fill(user, { start: '1:00 PM', end: '12:00 PM' });
    await schedule(user);
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The end time must be after the start time',
    ]);
    expect(screen.getByRole('textbox', { name: 'End time' })).toBeInvalid();
    expect(server.sent('POST', sessions)).toHaveLength(0);
  });

  it('is busy while scheduling, then opens the session and announces it', async () => {
    const answer = deferred<Reply | Schemas['SessionDto']>();
    server
      .post(sessions, () => answer.promise)
      // The session's page, which is not under test here.
      .get('/api/v1/sessions/{id}', () => neverAnswers())
      .get('/api/v1/sessions/{id}/roster', () => neverAnswers());
    const { user, pathname } = await openForm();
    await fill(user);
    await schedule(user);

    expect(await screen.findByRole('button', { name: 'Scheduling…' })).toBeDisabled();
    await expectAccessible();
    const [sent] = await server.waitForSent('POST', sessions);
    expect(sent.body).toEqual({
      programCode: 'JOHNZ_SCHOOL',
      startsAt: chicagoTimestamp(day, '09:00'),
      endsAt: chicagoTimestamp(day, '12:00'),
      location: 'Room 204, 1125 Locust St',
      capacity: 20,
      facilitatorId: facilitator.id,
    });
    const created = scheduled(sent.body);
    answer.resolve(created);

    await waitFor(() => expect(pathname()).toBe(`/sessions/${created.id}`));
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent(
        `Session scheduled for ${formatLongDate(day)}, ${formatTimeRange(created.startsAt, created.endsAt)}.`,
      ),
    );
  });

  it('a facilitator no longer active is said on the Facilitator field', async () => {
    server.post(
      sessions,
      problem(422, 'FACILITATOR_NOT_ELIGIBLE', {
        errors: [{ field: 'facilitatorId', message: 'not an active facilitator' }],
      }),
    );
    const { user } = await openForm();
    await fill(user);
    await schedule(user);

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([
      'The facilitator chosen is no longer an active facilitator. Choose another one.',
    ]);
    await user.click(within(summary).getByRole('link'));
    expect(screen.getByRole('combobox', { name: /^Facilitator/ })).toHaveFocus();
    // What was typed is kept.
    expect(screen.getByRole('textbox', { name: 'Location' })).toHaveValue(
      'Room 204, 1125 Locust St',
    );
  });
});
