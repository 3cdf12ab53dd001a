import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { requestIdOf, type SummaryItem } from '../api/problem';
import type { Role } from '../api/session';
import { RequireRole } from '../app/shell';
import {
  ErrorSummary,
  PageHeading,
  TextField,
  useAnnounce,
  useFormErrors,
  usePageTitle,
} from '../app/ui';
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

function AddStaff() {
  const navigate = useNavigate();
  const writes = useStaffWrites();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: SummaryItem[] = [];
    if (!/^\S+@\S+\.\S+$/.test(email.trim()))
      problems.push({
        fieldId: FIELD_IDS.email,
        message: 'Enter an email address, like name@example.org',
      });
    if (!name.trim())
      problems.push({
        fieldId: FIELD_IDS.displayName,
        message: 'Enter the name colleagues will see',
      });
    if (password.length < 12 || password.length > 128)
      problems.push({
        fieldId: FIELD_IDS.password,
        message: 'Enter a password of 12 to 128 characters',
      });
    if (!roles.length)
      problems.push({ fieldId: FIELD_IDS.roles, message: 'Choose at least one role' });
    if (problems.length) return errors.show(problems);
    errors.clear();
    setBusy(true);
    try {
      const created = await writes.create({
        email: email.trim(),
        displayName: name.trim(),
        password,
        roles,
      });
      announce(`${created.displayName} was added. They can sign in now.`);
      void navigate({ to: '/admin/staff/$staffId', params: { staffId: created.id } });
    } catch (err) {
      errors.show(staffProblem(err, FIELD_IDS), requestIdOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>Add staff member</PageHeading>
      <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
        <ErrorSummary items={errors.items} requestId={errors.requestId} />
        <TextField
          id={FIELD_IDS.email}
          label="Email"
          hint="They sign in with it."
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={email}
          error={errors.field(FIELD_IDS.email)}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          id={FIELD_IDS.displayName}
          label="Display name"
          hint="As colleagues will see it, for example Dana Reyes."
          autoComplete="off"
          value={name}
          error={errors.field(FIELD_IDS.displayName)}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          id={FIELD_IDS.password}
          label="Password"
          hint="12 to 128 characters. Give it to them in person."
          type="password"
          autoComplete="new-password"
          value={password}
          error={errors.field(FIELD_IDS.password)}
          onChange={(e) => setPassword(e.target.value)}
        />
        <RoleCheckboxes
          id={FIELD_IDS.roles}
          legend="Roles"
          hint="Choose every role their work needs, and no more."
          value={roles}
          onChange={setRoles}
          error={errors.field(FIELD_IDS.roles)}
        />
        <div className="usa-button-group margin-top-3">
          <button type="submit" className="usa-button" disabled={busy}>
            {busy ? 'Adding…' : 'Add staff member'}
          </button>
          <Link to="/admin/staff" className="usa-button usa-button--outline">
            Back to the staff
          </Link>
        </div>
      </form>
    </>
  );
}
