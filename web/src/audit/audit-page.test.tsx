import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import { toDateInput } from '../api/dates';
import {
  anId,
  aStaffEntry,
  daysFromToday,
  enter,
  expectAccessible,
  findErrorSummary,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  summarySays,
  timestampIn,
  type User,
} from '../test-kit';

type AuditEvent = Schemas['AuditEventDto'];

const events = '/api/v1/audit-events' as const;
const lee = aStaffEntry({ displayName: 'Lee Okafor', roles: ['INTAKE'] });

function anEvent(over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: anId(),
    at: timestampIn(0, -1),
    actorId: lee.id,
    entityType: null,
    entityId: null,
    outcome: 'SUCCESS',
    statusCode: null,
    errorCode: null,
    requestId: 'req-1',
    clientRequestId: null,
    ip: null,
    details: null,
    action: 'auth.login',
    ...over,
  };
}

function answerEvents(items: AuditEvent[]) {
  server.get(events, { items, total: items.length, totalIsLowerBound: false, page: 1, limit: 50 });
}

async function openAudit(url = '/audit') {
  const page = renderRoute(url);
  await screen.findByRole('form', { name: 'Filter events' });
  return page;
}

const apply = (user: User) => user.click(screen.getByRole('button', { name: 'Apply filters' }));

beforeEach(async () => {
  await signInAs(['AUDITOR']);
  server.get('/api/v1/staff/directory', [lee]);
});

describe('The audit trail’s filters', () => {
  it('an impossible day or a range backwards is named on its field, and nothing is searched', async () => {
    answerEvents([anEvent()]);
    const { user, router } = await openAudit();
    expect(await screen.findByRole('table', { name: 'Audit events, newest first' })).toBeVisible();
    server.forgetSent();

    const from = screen.getByRole('textbox', { name: 'From' });
    const to = screen.getByRole('textbox', { name: 'To' });
    await enter(user, from, '02/31/2026');
    await apply(user);
    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['Enter the first day as month/day/year']);
    expect(within(summary).getByRole('link')).toHaveAttribute('href', '#audit-from');
    expect(from).toBeInvalid();
    expect(to).toBeValid();
    await expectAccessible();

    await user.clear(from);
    await enter(user, from, toDateInput(daysFromToday(-1)));
    await enter(user, to, toDateInput(daysFromToday(-5)));
    await apply(user);
    await summarySays(['The last day must be on or after the first day']);
    expect(to).toBeInvalid();

    await enter(user, screen.getByRole('textbox', { name: 'Record id' }), 'x'.repeat(101));
    await user.clear(to);
    await apply(user);
    await summarySays(['Enter a record id of at most 100 characters']);
    expect(router.state.location.search).toEqual({});
    expect(server.sent('GET', events)).toHaveLength(0);
  });

  it('filters applied go into the address and the search; Clear filters empties them', async () => {
    answerEvents([]);
    const { user, router } = await openAudit();
    expect(await screen.findByText('No event has been recorded yet.')).toBeVisible();
    const recordId = 'a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b';

    await user.selectOptions(screen.getByRole('combobox', { name: 'Staff member' }), 'Lee Okafor');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Action' }), 'Signed in');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Outcome' }), 'Refused');
    await enter(
      user,
      screen.getByRole('textbox', { name: 'Record id' }),
      ` ${recordId.toUpperCase()} `,
    );
    await enter(
      user,
      screen.getByRole('textbox', { name: 'From' }),
      toDateInput(daysFromToday(-7)),
    );
    await enter(user, screen.getByRole('textbox', { name: 'To' }), toDateInput(daysFromToday(-1)));
    server.forgetSent();
    await apply(user);

    const wanted = {
      actorId: lee.id,
      action: 'auth.login',
      entityId: recordId,
      outcome: 'FAILURE',
      from: daysFromToday(-7),
      to: daysFromToday(-1),
    };
    await waitFor(() => expect(router.state.location.search).toEqual(wanted));
    expect(await screen.findByText('No event matches these filters.')).toBeVisible();
    const [sent] = await server.waitForSent('GET', events);
    expect(Object.fromEntries(sent.query)).toMatchObject(wanted);
    // The filters show what is applied.
    expect(screen.getByRole('combobox', { name: 'Outcome' })).toHaveDisplayValue('Refused');
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
    await expectAccessible();

    await user.click(screen.getByRole('link', { name: 'Clear filters' }));
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    expect(await screen.findByText('No event has been recorded yet.')).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'From' })).toHaveValue('');
    expect(screen.getByRole('combobox', { name: 'Outcome' })).toHaveValue('');
  });

  it('opened from an address with filters: they show in the form', async () => {
    answerEvents([anEvent({ outcome: 'FAILURE', statusCode: 403, errorCode: 'FORBIDDEN' })]);
    await openAudit(`/audit?outcome=FAILURE&from=${daysFromToday(-3)}&actorId=${lee.id}`);
    expect(screen.getByRole('combobox', { name: 'Outcome' })).toHaveDisplayValue('Refused');
    expect(screen.getByRole('textbox', { name: 'From' })).toHaveValue(
      toDateInput(daysFromToday(-3)),
    );
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Staff member' })).toHaveDisplayValue(
        'Lee Okafor',
      ),
    );
    const table = await screen.findByRole('table', { name: 'Audit events, newest first' });
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('Refused403 FORBIDDEN');
    expect(server.sent('GET', events)[0].query.get('outcome')).toBe('FAILURE');
  });
});
