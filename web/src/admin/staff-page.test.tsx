import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import {
  anId,
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  noContent,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  summaryRows,
  timestampIn,
  type Reply,
  type User,
} from '../test-kit';

type Staff = Schemas['StaffDto'];
const staffOf = '/api/v1/staff/{id}' as const;
const passwordOf = '/api/v1/staff/{id}/password' as const;
const LAST_ADMIN =
  'You cannot remove the last active administrator: give another person the Administrator role first.';

function aStaffMember(over: Partial<Staff> = {}): Staff {
  return {
    id: anId(),
    email: 'sam.ortiz@example.org',
    displayName: 'Sam Ortiz',
    roles: ['INTAKE'],
    active: true,
    lockedUntil: null,
    createdAt: timestampIn(-30),
    ...over,
  };
}

/** A staff member's page, once their name is its heading. */
async function openStaff(staff: Staff) {
  server.get(staffOf, staff).get('/api/v1/audit-events', {
    items: [],
    total: 0,
    totalIsLowerBound: false,
    page: 1,
    limit: 50,
  });
  const page = renderRoute(`/admin/staff/${staff.id}`);
  await screen.findByRole('heading', { level: 1, name: staff.displayName });
  return page;
}

const rolesForm = () => screen.getByRole('group', { name: 'What may they do?' });
const saveRoles = (user: User) => user.click(screen.getByRole('button', { name: 'Save roles' }));
const resetPassword = (user: User) =>
  user.click(screen.getByRole('button', { name: 'Reset password' }));

beforeEach(async () => {
  await signInAs(['ADMIN'], { displayName: 'Dana Reyes' });
});

describe("A staff member's page", () => {
  it('shows the account: email, roles, whether active or locked', async () => {
    await openStaff(aStaffMember({ roles: ['INTAKE', 'FINANCE'] }));
    expect(summaryRows()).toEqual(
      expect.arrayContaining([
        'Email: sam.ortiz@example.org',
        'Roles: Intake, Finance',
        'Account: Active',
        'Sign-in: Not locked',
      ]),
    );
    expect(within(rolesForm()).getByRole('checkbox', { name: /^Intake/ })).toBeChecked();
    expect(within(rolesForm()).getByRole('checkbox', { name: /^Finance/ })).toBeChecked();
    expect(within(rolesForm()).getByRole('checkbox', { name: /^Administrator/ })).not.toBeChecked();
    await expectAccessible();
  });
});

describe('Change roles', () => {
  it('asks for at least one role, and sends nothing', async () => {
    const { user } = await openStaff(aStaffMember());
    await user.click(within(rolesForm()).getByRole('checkbox', { name: /^Intake/ }));
    await saveRoles(user);

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['Choose at least one role']);
    expect(rolesForm()).toHaveAccessibleDescription(
      expect.stringContaining('Choose at least one role'),
    );
    await user.click(within(summary).getByRole('link', { name: 'Choose at least one role' }));
    expect(within(rolesForm()).getByRole('checkbox', { name: /^Administrator/ })).toHaveFocus();
    expect(server.sent('PATCH', staffOf)).toHaveLength(0);
    await expectAccessible();
  });

  it('is busy while saving, sends the roles once, then says what they are now', async () => {
    const staff = aStaffMember();
    const answer = deferred<Reply | Staff>();
    server.patch(staffOf, () => answer.promise);
    const { user } = await openStaff(staff);
    await user.click(within(rolesForm()).getByRole('checkbox', { name: /^Supervisor/ }));
    await saveRoles(user);

    const busy = await screen.findByRole('button', { name: 'Saving…' });
    expect(busy).toBeDisabled();
    const [sent] = await server.waitForSent('PATCH', staffOf);
    await user.click(busy);
    expect(server.sent('PATCH', staffOf)).toHaveLength(1);
    expect(sent.params.id).toBe(staff.id);
    expect(sent.body).toEqual({ roles: ['INTAKE', 'SUPERVISOR'] });

    answer.resolve({ ...staff, roles: ['INTAKE', 'SUPERVISOR'] });
    const message = 'Roles saved: Intake, Supervisor.';
    expect(await screen.findByRole('heading', { name: message })).toBeVisible();
    await waitFor(() => expect(liveRegion()).toHaveTextContent(message));
    expect(summaryRows()).toContain('Roles: Intake, Supervisor');
  });

  it('removing the last administrator is refused in plain words, the choice kept', async () => {
    server.patch(staffOf, problem(409, 'LAST_ADMIN'));
    const { user } = await openStaff(aStaffMember({ roles: ['ADMIN'] }));
    await user.click(within(rolesForm()).getByRole('checkbox', { name: /^Administrator/ }));
    await user.click(within(rolesForm()).getByRole('checkbox', { name: /^Auditor/ }));
    await saveRoles(user);

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([LAST_ADMIN]);
    expect(within(summary).getByText('req-409-LAST_ADMIN')).toBeVisible();
    expect(within(rolesForm()).getByRole('checkbox', { name: /^Auditor/ })).toBeChecked();
    expect(summaryRows()).toContain('Roles: Administrator');
    expect(screen.getByRole('button', { name: 'Save roles' })).toBeEnabled();
    await expectAccessible();
  });

  it('a lost answer says the case manager could not be reached', async () => {
    server.patch(staffOf, networkFailure());
    const { user } = await openStaff(aStaffMember());
    await user.click(within(rolesForm()).getByRole('checkbox', { name: /^Finance/ }));
    await saveRoles(user);
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
  });
});

describe('Reset password', () => {
  it('asks for 12 to 128 characters on the field, and sends nothing', async () => {
    const { user } = await openStaff(aStaffMember());
    await enter(user, screen.getByLabelText('New password'), 'too short');
    await resetPassword(user);

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['Enter a password of 12 to 128 characters']);
    expect(screen.getByLabelText('New password')).toBeInvalid();
    // Only one's own password needs the current one.
    expect(screen.queryByLabelText('Your current password')).not.toBeInTheDocument();
    expect(server.sent('POST', passwordOf)).toHaveLength(0);
    await expectAccessible();
  });

  it('is busy while resetting, sends once, then says to hand the password over in person', async () => {
    const staff = aStaffMember();
    const answer = deferred<Reply>();
    server.post(passwordOf, () => answer.promise);
    const { user } = await openStaff(staff);
    await enter(user, screen.getByLabelText('New password'), 'a long enough passphrase');
    await resetPassword(user);

    const busy = await screen.findByRole('button', { name: 'Resetting…' });
    expect(busy).toBeDisabled();
    const [sent] = await server.waitForSent('POST', passwordOf);
    await user.click(busy);
    expect(server.sent('POST', passwordOf)).toHaveLength(1);
    expect(sent.body).toEqual({ password: 'a long enough passphrase' });

    answer.resolve(noContent());
    const message =
      'Password reset. Sam Ortiz is signed out everywhere; give them the new password in person.';
    expect(await screen.findByRole('heading', { name: message })).toBeVisible();
    await waitFor(() => expect(liveRegion()).toHaveTextContent(message));
    expect(screen.getByLabelText('New password')).toHaveValue('');
  });

  it('a password the API refuses is said on the New password field', async () => {
    server.post(
      passwordOf,
      problem(400, 'VALIDATION_FAILED', {
        errors: [{ field: 'password', message: 'is one of the most common passwords' }],
      }),
    );
    const { user } = await openStaff(aStaffMember());
    await enter(user, screen.getByLabelText('New password'), 'password1234');
    await resetPassword(user);

    expect(summaryMessages(await findErrorSummary())).toEqual([
      'Is one of the most common passwords',
    ]);
    expect(screen.getByLabelText('New password')).toBeInvalid();
    await expectAccessible();
  });

  it('on their own page an administrator gives their current password too', async () => {
    const me = await signInAs(['ADMIN'], { displayName: 'Dana Reyes' });
    const staff = aStaffMember({ id: me.id, displayName: 'Dana Reyes', roles: ['ADMIN'] });
    const { user } = await openStaff(staff);
    await enter(user, screen.getByLabelText('New password'), 'a long enough passphrase');
    await resetPassword(user);
    expect(summaryMessages(await findErrorSummary())).toEqual(['Enter your current password']);
    expect(screen.getByLabelText('Your current password')).toBeInvalid();
    expect(server.sent('POST', passwordOf)).toHaveLength(0);
  });
});

describe('Deactivate', () => {
  async function openDialog(staff = aStaffMember()) {
    const page = await openStaff(staff);
    const opener = screen.getByRole('button', { name: 'Deactivate' });
    await page.user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Deactivate Sam Ortiz?' });
    return { ...page, dialog, opener };
  }

  it('asks first, says what happens, and Cancel or Escape leave the account as it is', async () => {
    const { user, dialog, opener } = await openDialog();
    expect(within(dialog).getByText(/They are signed out at once/)).toBeVisible();
    await expectAccessible();

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(opener).toHaveFocus();

    await user.click(opener);
    expect(screen.getByRole('dialog', { name: 'Deactivate Sam Ortiz?' })).toBeVisible();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(opener).toHaveFocus();
    expect(server.sent('PATCH', staffOf)).toHaveLength(0);
  });

  it('is busy while deactivating, sends once, then says they are signed out', async () => {
    const staff = aStaffMember();
    const answer = deferred<Reply | Staff>();
    server.patch(staffOf, () => answer.promise);
    const { user, dialog } = await openDialog(staff);
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate Sam Ortiz' }));

    const busy = await within(dialog).findByRole('button', { name: 'Deactivating…' });
    expect(busy).toBeDisabled();
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'Deactivate Sam Ortiz?' })).toBeVisible();
    const [sent] = await server.waitForSent('PATCH', staffOf);
    expect(server.sent('PATCH', staffOf)).toHaveLength(1);
    expect(sent.body).toEqual({ active: false });

    answer.resolve({ ...staff, active: false });
    const message = 'Sam Ortiz was deactivated and signed out.';
    expect(await screen.findByRole('heading', { name: message })).toBeVisible();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(liveRegion()).toHaveTextContent(message));
    expect(screen.getByRole('button', { name: 'Reactivate' })).toBeVisible();
    expect(summaryRows()).toContain('Account: Deactivated');
  });

  it('deactivating the last administrator is refused in the dialog', async () => {
    server.patch(staffOf, problem(409, 'LAST_ADMIN'));
    const { user, dialog } = await openDialog(aStaffMember({ roles: ['ADMIN'] }));
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate Sam Ortiz' }));

    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual([LAST_ADMIN]);
    expect(within(dialog).getByRole('button', { name: 'Deactivate Sam Ortiz' })).toBeEnabled();
    expect(summaryRows()).toContain('Account: Active');
    await expectAccessible();

    // Closed and opened again, the refusal is gone.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByRole('button', { name: 'Deactivate' }));
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
  });
});
