import { screen, within } from '@testing-library/react';
import { formatDate } from '../api/dates';
import {
  anEnrollment,
  aPage,
  expectAccessible,
  noRows,
  problem,
  renderRoute,
  server,
  signInAs,
  today,
} from '../test-kit';

beforeEach(async () => {
  await signInAs(['INTAKE', 'FINANCE']);
  server.get('/api/v1/staff/directory', []);
});

describe('The work lists behind the home page', () => {
  it('an empty list says nothing is waiting, with no table and no pages', async () => {
    server.get('/api/v1/enrollments', noRows());
    renderRoute('/work/enrollments?filter=unseated');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Enrolled without a seat' }),
    ).toBeVisible();
    expect(await screen.findByText('Nothing is waiting here.')).toHaveAttribute('role', 'status');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: /Pages/ })).not.toBeInTheDocument();
    const query = server.sent('GET', '/api/v1/enrollments')[0].query;
    expect(query.get('unseated')).toBe('true');
    expect(query.get('status')).toBe('ACTIVE');
    await expectAccessible();
  });

  it('no payment today says so', async () => {
    server.get('/api/v1/ledger-entries', noRows());
    renderRoute('/work/payments');
    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: `Payments received ${formatDate(today())}`,
      }),
    ).toBeVisible();
    expect(await screen.findByText('No payment was received on this day.')).toBeVisible();
    expect(server.sent('GET', '/api/v1/ledger-entries')[0].query.get('receivedOn')).toBe(today());
    await expectAccessible();
  });

  it('a list with rows says how many, and pages a long list', async () => {
    const rows = Array.from({ length: 50 }, () => anEnrollment({ overdue: true }));
    server.get('/api/v1/enrollments', { ...aPage(rows), total: 120 });
    renderRoute('/work/enrollments?filter=overdue');
    expect(await screen.findByText('Showing 1–50 of 120 enrollments.')).toBeVisible();
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(51);
    const pages = screen.getByRole('navigation', { name: 'Pages of enrollments' });
    expect(within(pages).getByRole('link', { name: 'Page 3, last page' })).toBeVisible();
    expect(within(pages).getByRole('link', { name: 'Page 1' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  it('a list that could not be loaded says so', async () => {
    server.get('/api/v1/referrals', problem(503, 'SERVICE_UNAVAILABLE'));
    renderRoute('/work/referrals?filter=needsCheck');
    expect(await screen.findByRole('heading', { name: 'Could not load referrals' })).toBeVisible();
    expect(
      screen.getByText('The case manager is briefly unavailable. Try again in a moment.'),
    ).toBeVisible();
    await expectAccessible();
  });
});
