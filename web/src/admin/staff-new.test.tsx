import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import {
  anId,
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

const staff = '/api/v1/staff' as const;

async function openForm() {
  const page = renderRoute('/admin/staff/new');
  await screen.findByRole('heading', { level: 1, name: 'Add staff member' });
  return page;
}

async function fill(user: User) {
  await enter(user, screen.getByRole('textbox', { name: 'Email' }), 'sam.ortiz@example.org');
  await enter(user, screen.getByRole('textbox', { name: 'Display name' }), 'Sam Ortiz');
  await enter(user, screen.getByLabelText('Password'), 'a long enough passphrase');
  await user.click(screen.getByRole('checkbox', { name: /^Finance/ }));
  await user.click(screen.getByRole('checkbox', { name: /^Intake/ }));
}

const add = (user: User) => user.click(screen.getByRole('button', { name: 'Add staff member' }));

beforeEach(async () => {
  await signInAs(['ADMIN']);
});

describe('Add staff member', () => {
  it('names every missing answer, and a password too short', async () => {
    const { user } = await openForm();
    await expectAccessible();
    await enter(user, screen.getByLabelText('Password'), 'short');
    await add(user);

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual([
      'Enter an email address, like name@example.org',
      'Enter the name colleagues will see',
      'Enter a password of 12 to 128 characters',
      'Choose at least one role',
    ]);
    expect(screen.getByRole('group', { name: 'Roles' })).toHaveAccessibleDescription(
      'Choose every role their work needs, and no more. Choose at least one role',
    );
    await user.click(within(summary).getByRole('link', { name: 'Choose at least one role' }));
    expect(screen.getByRole('checkbox', { name: /^Administrator/ })).toHaveFocus();
    expect(server.sent('POST', staff)).toHaveLength(0);
    await expectAccessible();
  });

  it('is busy while adding, then opens the new account and announces it', async () => {
    const answer = deferred<Reply | Schemas['StaffDto']>();
    server
      .post(staff, () => answer.promise)
      // The staff member's page, which is not under test here.
      .get('/api/v1/staff/{id}', () => neverAnswers());
    const { user, pathname } = await openForm();
    await fill(user);
    await add(user);

    expect(await screen.findByRole('button', { name: 'Adding…' })).toBeDisabled();
    await expectAccessible();
    const [sent] = await server.waitForSent('POST', staff);
    // Roles in the order of the list, whatever the order they were ticked.
    expect(sent.body).toEqual({
      email: 'sam.ortiz@example.org',
      displayName: 'Sam Ortiz',
      password: 'a long enough passphrase',
      roles: ['INTAKE', 'FINANCE'],
    });
    const created: Schemas['StaffDto'] = {
      id: anId(),
      email: sent.body.email,
      displayName: sent.body.displayName,
      roles: sent.body.roles,
      active: true,
      lockedUntil: null,
      createdAt: timestampIn(0),
    };
    answer.resolve(created);

    await waitFor(() => expect(pathname()).toBe(`/admin/staff/${created.id}`));
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent('Sam Ortiz was added. They can sign in now.'),
    );
  });

  it('an email already in use is said on the Email field', async () => {
    server.post(staff, problem(409, 'DUPLICATE_EMAIL'));
    const { user } = await openForm();
    await fill(user);
    await add(user);

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([
      'A staff member with this email already exists. Use another email, or find them in the list.',
    ]);
    expect(screen.getByRole('textbox', { name: 'Email' })).toBeInvalid();
    expect(screen.getByRole('textbox', { name: 'Display name' })).toHaveValue('Sam Ortiz');
    await expectAccessible();
  });

  it('is only for administrators', async () => {
    await signInAs(['SUPERVISOR']);
    renderRoute('/admin/staff/new');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You cannot use this page' }),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Add staff member' })).not.toBeInTheDocument();
  });
});
