import { Link, useNavigate } from '@tanstack/react-router';
import { LIMITS, withinLength } from '../api/limits';
import type { Role } from '../api/session';
import { BACK_LINK, Form, FormActions, useForm } from '../app/form';
import { RequireRole } from '../app/shell';
import { EmailField, PageHeading, TextField, useAnnounce, usePageTitle } from '../app/ui';
import { useStaffWrites } from './api';
import { RoleCheckboxes, staffProblem } from './common';

const FIELD_IDS = {
  email: 'staff-email',
  displayName: 'staff-name',
  password: 'staff-password',
  roles: 'staff-roles',
};

export function AddStaffPage() {
  usePageTitle('Add staff member');
  return (
    <RequireRole roles={['ADMIN']}>
      <AddStaff />
    </RequireRole>
  );
}

const PASSWORD = LIMITS.CreateStaffDto.password;

function AddStaff() {
  const navigate = useNavigate();
  const writes = useStaffWrites();
  const announce = useAnnounce();
  const form = useForm({
    initial: { email: '', displayName: '', password: '', roles: [] as Role[] },
    ids: FIELD_IDS,
    check(v, problems) {
      const email = v.email.trim();
      problems.when(
        !/^\S+@\S+\.\S+$/.test(email),
        'email',
        'Enter an email address, like name@example.org',
      );
      const displayName = problems.required(
        'displayName',
        v.displayName,
        'Enter the name colleagues will see',
      );
      problems.when(
        !withinLength(v.password, PASSWORD),
        'password',
        `Enter a password of ${PASSWORD.min} to ${PASSWORD.max} characters`,
      );
      problems.when(!v.roles.length, 'roles', 'Choose at least one role');
      return { email, displayName, password: v.password, roles: v.roles };
    },
    async send(body) {
      const created = await writes.create(body);
      announce(`${created.displayName} was added. They can sign in now.`);
      void navigate({ to: '/admin/staff/$staffId', params: { staffId: created.id } });
    },
    refused: (err, ids) => staffProblem(err, ids),
  });

  return (
    <>
      <PageHeading>Add staff member</PageHeading>
      <Form form={form}>
        <EmailField
          {...form.bind('email')}
          label="Email"
          hint="They sign in with it."
          autoComplete="off"
        />
        <TextField
          {...form.bind('displayName')}
          label="Display name"
          hint="As colleagues will see it, for example Dana Reyes."
          autoComplete="off"
        />
        <TextField
          {...form.bind('password')}
          label="Password"
          hint={`${PASSWORD.min} to ${PASSWORD.max} characters. Give it to them in person.`}
          type="password"
          autoComplete="new-password"
        />
        <RoleCheckboxes
          {...form.bind('roles')}
          legend="Roles"
          hint="Choose every role their work needs, and no more."
        />
        <FormActions
          form={form}
          submit="Add staff member"
          busy="Adding…"
          back={
            <Link to="/admin/staff" className={BACK_LINK}>
              Back to the staff
            </Link>
          }
        />
      </Form>
    </>
  );
}
