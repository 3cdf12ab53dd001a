import { Link, getRouteApi } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { formatTimestamp } from '../api/dates';
import { requestIdOf } from '../api/problem';
import { useSession, type Role } from '../api/session';
import { HistoryTab } from '../audit/parts';
import { ActionButton } from '../app/buttons';
import { rolePage } from '../app/shell';
import {
  Alert,
  Dialog,
  ErrorSummary,
  LoadFailed,
  Loading,
  SummaryList,
  TextField,
  useAnnounce,
  useFormErrors,
} from '../app/ui';
import { useStaffWrites } from './api';
import { RoleCheckboxes, roleLabels, staffProblem, useStaffMember, type Staff } from './common';

const route = getRouteApi('/admin/staff/$staffId');

export const StaffPage = rolePage('Staff account', ['ADMIN'], StaffAccount);

function StaffAccount() {
  const { staffId } = route.useParams();
  const staff = useStaffMember(staffId);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  if (staff.isPending) return <Loading what="the staff account" />;
  if (staff.isError) return <LoadFailed error={staff.error} what="the staff account" />;
  const s = staff.data;

  function finished(message: string) {
    setDone(message);
    window.setTimeout(() => doneRef.current?.focus(), 0);
  }

  return (
    <>
      <h1 id="page-heading" tabIndex={-1} className="margin-top-0">
        {s.displayName}
      </h1>
      {done && (
        <div ref={doneRef} tabIndex={-1} className="staff-done">
          <Alert type="success" heading={done} />
        </div>
      )}
      <SummaryList
        rows={[
          ['Email', s.email],
          ['Roles', roleLabels(s.roles)],
          [
            'Account',
            s.active ? 'Active' : <span className="usa-tag bg-base-dark">Deactivated</span>,
          ],
          [
            'Sign-in',
            s.lockedUntil ? `Locked until ${formatTimestamp(s.lockedUntil)}` : 'Not locked',
          ],
          ['Added', formatTimestamp(s.createdAt)],
        ]}
      />
      <div className="usa-button-group margin-bottom-4">
        <ActiveToggle staff={s} onDone={finished} />
        {s.lockedUntil && <Unlock staff={s} onDone={finished} />}
      </div>
      <ChangeRoles key={s.roles.join(',')} staff={s} onDone={finished} />
      <ResetPassword staff={s} onDone={finished} />
      <section aria-labelledby="staff-history" className="margin-top-4">
        <h2 id="staff-history">History</h2>
        <HistoryTab entityType="staff" entityId={s.id} />
      </section>
      <p className="margin-top-4">
        <Link to="/admin/staff">Back to the staff</Link>
      </p>
    </>
  );
}

function ChangeRoles({ staff: s, onDone }: { staff: Staff; onDone: (m: string) => void }) {
  const writes = useStaffWrites();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const [roles, setRoles] = useState<Role[]>(s.roles as Role[]);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!roles.length)
      return errors.show([{ fieldId: 'change-roles', message: 'Choose at least one role' }]);
    errors.clear();
    setBusy(true);
    try {
      const saved = await writes.update(s.id, { roles });
      const message = `Roles saved: ${roleLabels(saved.roles)}.`;
      announce(message);
      onDone(message);
    } catch (err) {
      errors.show(staffProblem(err, { roles: 'change-roles' }), requestIdOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="roles-heading">
      <h2 id="roles-heading">Roles</h2>
      <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
        <ErrorSummary items={errors.items} requestId={errors.requestId} />
        <RoleCheckboxes
          id="change-roles"
          legend="What may they do?"
          hint="A change takes effect on their next request."
          value={roles}
          onChange={setRoles}
          error={errors.field('change-roles')}
        />
        <button type="submit" className="usa-button margin-top-2" disabled={busy}>
          {busy ? 'Saving…' : 'Save roles'}
        </button>
      </form>
    </section>
  );
}

function ResetPassword({ staff: s, onDone }: { staff: Staff; onDone: (m: string) => void }) {
  const { user } = useSession();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const writes = useStaffWrites();
  const [password, setPassword] = useState('');
  const [current, setCurrent] = useState('');
  const [busy, setBusy] = useState(false);
  // Everyone, an administrator included, proves their current password to change their own.
  const self = user?.id === s.id;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems = [];
    if (self && !current)
      problems.push({ fieldId: 'current-password', message: 'Enter your current password' });
    if (password.length < 12 || password.length > 128)
      problems.push({
        fieldId: 'new-password',
        message: 'Enter a password of 12 to 128 characters',
      });
    if (problems.length) return errors.show(problems);
    errors.clear();
    setBusy(true);
    try {
      await writes.setPassword(s.id, self ? { password, currentPassword: current } : { password });
      setPassword('');
      setCurrent('');
      const message = self
        ? 'Your password was changed. Sign in again with the new one.'
        : `Password reset. ${s.displayName} is signed out everywhere; give them the new password in person.`;
      announce(message);
      onDone(message);
    } catch (err) {
      errors.show(
        staffProblem(err, { password: 'new-password', currentPassword: 'current-password' }),
        requestIdOf(err),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="password-heading" className="margin-top-4">
      <h2 id="password-heading">Password</h2>
      <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
        <ErrorSummary items={errors.items} requestId={errors.requestId} />
        {self && (
          <TextField
            id="current-password"
            label="Your current password"
            type="password"
            autoComplete="current-password"
            value={current}
            error={errors.field('current-password')}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
        <TextField
          id="new-password"
          label="New password"
          hint="12 to 128 characters. Resetting it signs them out everywhere."
          type="password"
          autoComplete="new-password"
          value={password}
          error={errors.field('new-password')}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="usa-button margin-top-2" disabled={busy}>
          {busy ? 'Resetting…' : 'Reset password'}
        </button>
      </form>
    </section>
  );
}

function ActiveToggle({ staff: s, onDone }: { staff: Staff; onDone: (m: string) => void }) {
  const writes = useStaffWrites();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const deactivating = s.active;
  const verb = deactivating ? 'Deactivate' : 'Reactivate';

  function close() {
    setOpen(false);
    errors.clear();
  }

  async function confirm() {
    setBusy(true);
    try {
      await writes.update(s.id, { active: !deactivating });
      const message = deactivating
        ? `${s.displayName} was deactivated and signed out.`
        : `${s.displayName} was reactivated and can sign in again.`;
      announce(message);
      close();
      onDone(message);
    } catch (err) {
      errors.show(staffProblem(err), requestIdOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className={`usa-button ${deactivating ? 'usa-button--secondary' : ''}`}
        onClick={() => setOpen(true)}
      >
        {verb}
      </button>
      <Dialog open={open} title={`${verb} ${s.displayName}?`} onClose={busy ? undefined : close}>
        <ErrorSummary items={errors.items} requestId={errors.requestId} />
        <p className="margin-top-0">
          {deactivating
            ? 'They are signed out at once and cannot sign in until an administrator reactivates them. Their records and history stay.'
            : 'They can sign in again with their password, with the roles they had.'}
        </p>
        <div className="usa-button-group">
          <button
            type="button"
            className={`usa-button ${deactivating ? 'usa-button--secondary' : ''}`}
            onClick={confirm}
            disabled={busy}
          >
            {busy ? `${verb.replace(/e$/, '')}ing…` : `${verb} ${s.displayName}`}
          </button>
          <button
            type="button"
            className="usa-button usa-button--outline"
            onClick={close}
            disabled={busy}
          >
            Cancel
          </button>
        </div>
      </Dialog>
    </>
  );
}

/** Releases a lockout after five wrong passwords, before its fifteen minutes are over. */
function Unlock({ staff: s, onDone }: { staff: Staff; onDone: (m: string) => void }) {
  const writes = useStaffWrites();
  const announce = useAnnounce();
  return (
    <ActionButton
      label="Unlock sign-in"
      busyLabel="Unlocking…"
      failedHeading="The account could not be unlocked"
      problem={(err) => staffProblem(err)[0].message}
      onAction={async () => {
        await writes.unlock(s.id);
        const message = `${s.displayName} can sign in again.`;
        announce(message);
        onDone(message);
      }}
    />
  );
}
