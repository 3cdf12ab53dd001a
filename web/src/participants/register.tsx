import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { parseDateInput } from '../api/dates';
import { ApiError, type SummaryItem } from '../api/problem';
import { RequireRole } from '../app/shell';
import {
  Alert,
  ErrorSummary,
  PageHeading,
  TextArea,
  TextField,
  useAnnounce,
  useFormErrors,
  usePageTitle,
} from '../app/ui';

const FIELD_IDS = {
  firstName: 'firstName',
  lastName: 'lastName',
  dateOfBirth: 'dateOfBirth',
  stateIdNumber: 'stateIdNumber',
  phone: 'phone',
  email: 'email',
  address: 'address',
};

export function RegisterParticipantPage() {
  usePageTitle('Register a participant');
  return (
    <RequireRole roles={['INTAKE', 'SUPERVISOR']}>
      <RegisterParticipant />
    </RequireRole>
  );
}

function RegisterParticipant() {
  const navigate = useNavigate();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const [busy, setBusy] = useState(false);
  const [existingId, setExistingId] = useState<string | null>(null);
  const [form, setForm] = useState({
    firstName: '',
    lastName: '',
    dateOfBirth: '',
    stateIdNumber: '',
    phone: '',
    email: '',
    address: '',
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setExistingId(null);
    const problems: SummaryItem[] = [];
    if (!form.firstName.trim())
      problems.push({ fieldId: 'firstName', message: 'Enter the first name' });
    if (!form.lastName.trim())
      problems.push({ fieldId: 'lastName', message: 'Enter the last name' });
    const dob = parseDateInput(form.dateOfBirth);
    if (!dob)
      problems.push({
        fieldId: 'dateOfBirth',
        message: 'Enter the date of birth as month/day/year, for example 04/28/1986',
      });
    if (problems.length) return errors.show(problems);

    const optional = (v: string) => (v.trim() ? v.trim() : undefined);
    setBusy(true);
    try {
      // The generated type of the optional fields is wrong (openapi.json describes them as
      // objects): they are strings or absent.
      const { data } = await api.POST('/api/v1/participants', {
        body: {
          firstName: form.firstName.trim(),
          lastName: form.lastName.trim(),
          dateOfBirth: dob!,
          stateIdNumber: optional(form.stateIdNumber),
          phone: optional(form.phone),
          email: optional(form.email),
          address: optional(form.address),
        } as never,
      });
      errors.clear();
      announce('Participant registered.');
      void navigate({ to: '/participants/$participantId', params: { participantId: data!.id } });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'DUPLICATE_PARTICIPANT') {
        setExistingId(String(err.problem.existingId ?? ''));
        errors.show(
          [{ message: 'This person may already be registered. Nothing was saved.' }],
          err.problem.requestId,
        );
      } else {
        errors.fromError(err, FIELD_IDS);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>Register a participant</PageHeading>
      <p>Use the legal name and date of birth from the court referral.</p>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      {existingId && (
        <Alert type="warning" heading="This person may already be registered">
          <p className="margin-0">
            Someone with the same last name and date of birth is on record.{' '}
            <Link to="/participants/$participantId" params={{ participantId: existingId }}>
              Open the existing record
            </Link>{' '}
            and add the new referral there.
          </p>
        </Alert>
      )}
      <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
        <TextField
          id="firstName"
          label="First name"
          autoComplete="off"
          value={form.firstName}
          onChange={set('firstName')}
          error={errors.field('firstName')}
        />
        <TextField
          id="lastName"
          label="Last name"
          autoComplete="off"
          value={form.lastName}
          onChange={set('lastName')}
          error={errors.field('lastName')}
        />
        <TextField
          id="dateOfBirth"
          label="Date of birth"
          hint="Month/day/year, for example 04/28/1986"
          inputMode="numeric"
          autoComplete="off"
          className="usa-input--md"
          value={form.dateOfBirth}
          onChange={set('dateOfBirth')}
          error={errors.field('dateOfBirth')}
        />
        <TextField
          id="stateIdNumber"
          label="State ID number"
          optional
          autoComplete="off"
          value={form.stateIdNumber}
          onChange={set('stateIdNumber')}
          error={errors.field('stateIdNumber')}
        />
        <TextField
          id="phone"
          label="Phone"
          optional
          type="tel"
          autoComplete="off"
          value={form.phone}
          onChange={set('phone')}
          error={errors.field('phone')}
        />
        <TextField
          id="email"
          label="Email"
          optional
          type="email"
          autoComplete="off"
          value={form.email}
          onChange={set('email')}
          error={errors.field('email')}
        />
        <TextArea
          id="address"
          label="Address"
          optional
          rows={3}
          value={form.address}
          onChange={set('address')}
          error={errors.field('address')}
        />
        <button type="submit" className="usa-button margin-top-3" disabled={busy}>
          {busy ? 'Registering…' : 'Register participant'}
        </button>
      </form>
    </>
  );
}
