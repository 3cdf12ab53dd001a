import { screen, waitFor, within } from '@testing-library/react';
import { toDateInput } from '../api/dates';
import {
  aPage,
  aSession,
  daysFromToday,
  enter,
  expectAccessible,
  findErrorSummary,
  networkFailure,
  noRows,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  today,
} from '../test-kit';
import { formatLongDate } from './time';

const sessions = '/api/v1/sessions' as const;

beforeEach(async () => {
  await signInAs(['INTAKE']);
  server.get('/api/v1/staff/directory', []);
});

describe('Sessions', () => {
  it('with no session today says so, and offers to schedule one', async () => {
    server.get(sessions, noRows());
    renderRoute('/sessions');
    expect(await screen.findByText('No session is scheduled on this day.')).toBeVisible();
    expect(
      screen.getByRole('heading', { level: 2, name: `Sessions on ${formatLongDate(today())}` }),
    ).toBeVisible();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Schedule a session' })).toHaveAttribute(
      'href',
      `/sessions/new?on=${today()}`,
    );
    expect(server.sent('GET', sessions)[0].query.get('on')).toBe(today());
    await expectAccessible();
  });

  it('with nothing to record says every session has its attendance', async () => {
    server.get(sessions, noRows());
    renderRoute('/sessions?withoutAttendance=true');
    expect(
      await screen.findByText('Every session that took place has its attendance recorded.'),
    ).toBeVisible();
    expect(server.sent('GET', sessions)[0].query.get('withoutAttendance')).toBe('true');
    await expectAccessible();
  });

  it('lists the day’s sessions in a table', async () => {
    server.get(sessions, aPage([aSession()]));
    renderRoute(`/sessions?on=${daysFromToday(1)}`);
    const table = await screen.findByRole('table');
    const [, row] = within(table).getAllByRole('row');
    expect(within(row).getByRole('cell', { name: 'Room 204, 1125 Locust St' })).toBeVisible();
    expect(within(row).getByRole('cell', { name: '19 of 20' })).toBeVisible();
    expect(within(row).getByRole('cell', { name: '1 seat left' })).toBeVisible();
    await expectAccessible();
  });

  it('names a date that is not one, and shows another day when asked', async () => {
    server.get(sessions, noRows());
    const { user } = renderRoute('/sessions');
    await screen.findByText('No session is scheduled on this day.');
    const date = screen.getByRole('textbox', { name: 'Date' });
    await user.clear(date);
    await enter(user, date, 'next week');
    await user.click(screen.getByRole('button', { name: 'Show sessions' }));
    expect(summaryMessages(await findErrorSummary())).toEqual(['Enter a date as month/day/year']);
    expect(date).toBeInvalid();
    await expectAccessible();

    await user.clear(date);
    await enter(user, date, toDateInput(daysFromToday(3)));
    await user.click(screen.getByRole('button', { name: 'Show sessions' }));
    expect(
      await screen.findByRole('heading', {
        level: 2,
        name: `Sessions on ${formatLongDate(daysFromToday(3))}`,
      }),
    ).toBeVisible();
    await waitFor(() =>
      expect(server.sent('GET', sessions).at(-1)!.query.get('on')).toBe(daysFromToday(3)),
    );
  });

  it('says when the sessions could not be loaded', async () => {
    server.get(sessions, networkFailure());
    renderRoute('/sessions');
    expect(await screen.findByRole('heading', { name: 'Could not load sessions' })).toBeVisible();
    expect(
      screen.getByText(
        'The case manager could not be reached. Check the connection and try again.',
      ),
    ).toBeVisible();
    await expectAccessible();
  });
});
