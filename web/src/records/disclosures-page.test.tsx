import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import { formatTimestamp, toDateInput } from '../api/dates';
import {
  anId,
  aPage,
  aStaffEntry,
  daysFromToday,
  enter,
  expectAccessible,
  expectErrorsOn,
  findErrorSummary,
  noRows,
  renderRoute,
  server,
  signInAs,
  summarySays,
  timestampIn,
  type User,
} from '../test-kit';

const disclosures = '/api/v1/disclosures' as const;
const auditor = aStaffEntry({ displayName: 'Sam Ortiz', roles: ['AUDITOR'] });

function aDisclosure(over: Partial<Schemas['DisclosureDto']> = {}): Schemas['DisclosureDto'] {
  return {
    id: anId(),
    at: timestampIn(-1),
    actorId: auditor.id,
    reason: 'COURT_ORDER',
    entityType: 'LEDGER_ENTRY',
    entityId: anId(),
    participantId: anId(),
    ...over,
  };
}

async function openDisclosures(url = '/disclosures') {
  const page = renderRoute(url);
  await screen.findByRole('form', { name: 'Filter openings' });
  return page;
}

const apply = (user: User) => user.click(screen.getByRole('button', { name: 'Apply filters' }));

beforeEach(async () => {
  await signInAs(['AUDITOR']);
  server.get('/api/v1/staff/directory', [auditor]);
});

describe('Disclosures', () => {
  it('lists each opening: when, who, why and which part of the record, naming no one', async () => {
    const d = aDisclosure();
    server.get(disclosures, aPage([d]));
    await openDisclosures();
    const table = await screen.findByRole('table', {
      name: 'Openings of closed records, newest first',
    });
    const row = within(table).getAllByRole('row')[1];
    await waitFor(() =>
      expect(row).toHaveTextContent(`${formatTimestamp(d.at)}Sam OrtizA court orderLedger entry`),
    );
    expect(within(row).getByRole('link', { name: 'Ledger entry' })).toHaveAttribute(
      'href',
      `/participants/${d.participantId}?tab=ledger`,
    );
    await expectAccessible();
  });

  it('none yet, and none in a period, are told apart', async () => {
    server.get(disclosures, noRows());
    const { user } = await openDisclosures();
    expect(await screen.findByText('No closed record has been opened yet.')).toBeVisible();
    await enter(
      user,
      screen.getByRole('textbox', { name: 'From' }),
      toDateInput(daysFromToday(-3)),
    );
    await apply(user);
    expect(await screen.findByText('No closed record was opened in this period.')).toBeVisible();
  });

  it('an impossible day and a backwards range are named on their field; nothing is searched', async () => {
    server.get(disclosures, noRows());
    const { user, router } = await openDisclosures();
    await screen.findByText('No closed record has been opened yet.');
    server.forgetSent();
    const from = screen.getByRole('textbox', { name: 'From' });
    const to = screen.getByRole('textbox', { name: 'To' });
    await enter(user, from, 'yesterday');
    await enter(user, to, '13/01/2026');
    await apply(user);
    expectErrorsOn(await findErrorSummary(), [
      ['disclosures-from', 'Enter the first day as month/day/year'],
      ['disclosures-to', 'Enter the last day as month/day/year'],
    ]);
    await expectAccessible();

    await user.clear(from);
    await user.clear(to);
    await enter(user, from, toDateInput(daysFromToday(-1)));
    await enter(user, to, toDateInput(daysFromToday(-2)));
    await apply(user);
    await summarySays(['The last day must be on or after the first day']);
    expect(from).toBeValid();
    expect(router.state.location.search).toEqual({});
    expect(server.sent('GET', disclosures)).toHaveLength(0);
  });

  it('filters applied go into the address and the search, and back to the first page', async () => {
    server.get(disclosures, noRows());
    const { user, router } = await openDisclosures('/disclosures?page=3');
    await screen.findByText('No closed record has been opened yet.');
    await enter(
      user,
      screen.getByRole('textbox', { name: 'From' }),
      toDateInput(daysFromToday(-9)),
    );
    await enter(user, screen.getByRole('textbox', { name: 'To' }), toDateInput(daysFromToday(-2)));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Staff member' }), 'Sam Ortiz');
    server.forgetSent();
    await apply(user);

    const wanted = { from: daysFromToday(-9), to: daysFromToday(-2), actorId: auditor.id };
    await waitFor(() => expect(router.state.location.search).toEqual(wanted));
    const [sent] = await server.waitForSent('GET', disclosures);
    expect(Object.fromEntries(sent.query)).toEqual({ ...wanted, page: '1', limit: '50' });
    expect(screen.getByRole('textbox', { name: 'From' })).toHaveValue(
      toDateInput(daysFromToday(-9)),
    );

    await user.click(screen.getByRole('link', { name: 'Clear filters' }));
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    expect(screen.getByRole('textbox', { name: 'To' })).toHaveValue('');
  });
});
