import { screen, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import { expectAccessible, problem, renderRoute, server, signInAs, today } from '../test-kit';

type Card = Schemas['WorkQueueCardDto'];

const card = (over: Partial<Card> & Pick<Card, 'key' | 'role' | 'count'>): Card => ({
  list: { path: '/referrals', query: {} },
  ...over,
});

beforeEach(async () => {
  await signInAs(['INTAKE', 'FINANCE'], { displayName: 'Dana Reyes' });
});

describe('Home: the work queue', () => {
  it('with nothing in the queue shows no cards, and still offers to register someone', async () => {
    server.get('/api/v1/work-queue', { cards: [] });
    renderRoute('/');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Good to see you, Dana Reyes' }),
    ).toBeVisible();
    expect(await screen.findByRole('link', { name: 'Register a participant' })).toBeVisible();
    const main = screen.getByRole('main');
    expect(within(main).queryByRole('heading', { level: 2 })).not.toBeInTheDocument();
    expect(within(main).queryAllByRole('listitem')).toHaveLength(0);
    await expectAccessible();
  });

  it('shows each card under its role, linked to its list', async () => {
    server.get('/api/v1/work-queue', {
      cards: [
        card({ key: 'referralsAwaitingCheck', role: 'INTAKE', count: 3 }),
        card({
          key: 'paymentsToday',
          role: 'FINANCE',
          count: 1234,
          list: { path: '/ledger-entries', query: { receivedOn: today() } },
        }),
      ],
    });
    renderRoute('/');
    const intake = await screen.findByRole('region', { name: 'Intake' });
    expect(
      within(intake).getByRole('link', { name: 'Referrals waiting for a check' }),
    ).toHaveAttribute('href', '/work/referrals?filter=needsCheck');
    expect(within(intake).getByText('3')).toBeVisible();
    const finance = screen.getByRole('region', { name: 'Finance' });
    expect(within(finance).getByRole('link', { name: 'Payments today' })).toHaveAttribute(
      'href',
      `/work/payments?on=${today()}`,
    );
    expect(within(finance).getByText('1,234')).toBeVisible();
    await expectAccessible();
  });

  it('says when the queue could not be loaded', async () => {
    server.get('/api/v1/work-queue', problem(500, 'INTERNAL'));
    renderRoute('/');
    expect(
      await screen.findByRole('heading', { name: 'Could not load your work queue' }),
    ).toBeVisible();
    expect(
      screen.getByText(
        'The case manager could not do this. Try again; if it happens again, call support.',
      ),
    ).toBeVisible();
  });
});
