import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Schemas } from '../api/client';
import { formatDate, parseDateInput } from '../api/dates';
import { ApiError, type SummaryItem } from '../api/problem';
import { useStaffDirectory } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import { RequireRole } from '../app/shell';
import { registerParticipant } from './api';
import {
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
  overrideDuplicate: 'overrideReason',
};

/** A close match named by a 409 POSSIBLE_DUPLICATE. */
type Candidate = Schemas['DuplicateCandidateDto'];

/** The fields that say who someone is: changing one makes the earlier matches out of date. */
const IDENTITY: string[] = ['firstName', 'lastName', 'dateOfBirth', 'stateIdNumber'];

/** What the last registration attempt found already on record (shown once, in one place). */
type Found =
  | { kind: 'same'; existingId: string | null; recordClosed: boolean }
  | { kind: 'close'; candidates: Candidate[]; recordClosed: boolean }
  | null;

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
  const { user } = useSession();
  const supervisor = hasRole(user, 'SUPERVISOR');
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<Found>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const foundRef = useRef<HTMLDivElement>(null);
  // A refusal that names records already on file takes focus, like an error summary.
  useEffect(() => {
    if (found) foundRef.current?.focus();
  }, [found]);
  const [form, setForm] = useState({
    firstName: '',
    lastName: '',
    dateOfBirth: '',
    stateIdNumber: '',
    phone: '',
    email: '',
    address: '',
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
    if (IDENTITY.includes(k) && found) {
      setFound(null);
      setOverrideReason('');
    }
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    await register(false);
  }

  /** Registers; `anyway`: a SUPERVISOR's registration despite the close matches shown. */
  async function register(anyway: boolean) {
    if (busy) return;
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
    if (anyway && !overrideReason.trim())
      problems.push({
        fieldId: 'overrideReason',
        message: 'Enter why this is a different person',
      });
    if (problems.length) return errors.show(problems);
    if (!anyway) setFound(null);

    const optional = (v: string) => (v.trim() ? v.trim() : undefined);
    setBusy(true);
    try {
      const registered = await registerParticipant({
        firstName: form.firstName.trim(),
        lastName: form.lastName.trim(),
        dateOfBirth: dob!,
        stateIdNumber: optional(form.stateIdNumber),
        phone: optional(form.phone),
        email: optional(form.email),
        address: optional(form.address),
        overrideDuplicate: anyway ? { reason: overrideReason.trim() } : undefined,
      });
      errors.clear();
      announce(
        anyway
          ? 'Participant registered. The reason for registering despite the close matches is kept with the record.'
          : 'Participant registered.',
      );
      void navigate({
        to: '/participants/$participantId',
        params: { participantId: registered.id },
      });
    } catch (err) {
      // Records already on file are named once, in the notice below the heading (which takes
      // focus): not again in an error summary.
      if (err instanceof ApiError && err.code === 'DUPLICATE_PARTICIPANT') {
        errors.clear();
        setOverrideReason('');
        const id = err.problem.existingId;
        const existingId = typeof id === 'string' && id ? id : null;
        // A closed record is said to exist, never named or linked (PRODUCT.md "After the class").
        const recordClosed = err.problem.recordClosed === true;
        setFound({ kind: 'same', existingId, recordClosed });
        announce(
          !existingId && recordClosed
            ? 'A closed record exists for this person. Nothing was saved.'
            : 'This person may already be registered. Nothing was saved.',
        );
      } else if (err instanceof ApiError && err.code === 'POSSIBLE_DUPLICATE') {
        errors.clear();
        const candidates = Array.isArray(err.problem.candidates)
          ? (err.problem.candidates as Candidate[])
          : [];
        setFound({ kind: 'close', candidates, recordClosed: err.problem.recordClosed === true });
        announce(
          `Someone with a close name and the same date of birth may already be registered. Nothing was saved.`,
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
      {found && (
        <div
          ref={foundRef}
          id="duplicate-notice"
          tabIndex={-1}
          className="usa-alert usa-alert--warning margin-y-2"
        >
          <div className="usa-alert__body">
            {found.kind === 'same' ? (
              found.existingId ? (
                <SamePerson existingId={found.existingId} recordClosed={found.recordClosed} />
              ) : (
                <ClosedRecordExists />
              )
            ) : (
              <CloseMatches
                candidates={found.candidates}
                recordClosed={found.recordClosed}
                supervisor={supervisor}
              />
            )}
          </div>
        </div>
      )}
      {found?.kind === 'close' && supervisor && (
        <section
          aria-labelledby="override-heading"
          className="usa-form usa-form--large margin-bottom-4"
        >
          <h2 id="override-heading" className="margin-bottom-0">
            None of them is this person?
          </h2>
          <TextArea
            id="overrideReason"
            label="Why is this a different person?"
            hint="For example: state IDs checked, a different person. Kept with the new record."
            rows={3}
            maxLength={500}
            value={overrideReason}
            error={errors.field('overrideReason')}
            onChange={(e) => setOverrideReason(e.target.value)}
          />
          <button
            type="button"
            className="usa-button usa-button--secondary margin-top-2"
            disabled={busy}
            onClick={() => void register(true)}
          >
            {busy ? 'Registering…' : 'Register anyway'}
          </button>
        </section>
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

function SamePerson({ existingId, recordClosed }: { existingId: string; recordClosed: boolean }) {
  return (
    <>
      <h2 className="usa-alert__heading">This person may already be registered</h2>
      <p className="usa-alert__text">
        Nothing was saved. Someone with the same name or state ID and the same date of birth is on
        record.{' '}
        <Link to="/participants/$participantId" params={{ participantId: existingId }}>
          Open the existing record
        </Link>{' '}
        and add the new referral there.
        {recordClosed && ' A closed record matches this person too.'}
      </p>
    </>
  );
}

/**
 * The person matches a record the court closed: it is said to exist, without a name, a date or
 * a link (only a supervisor or an auditor may open it, stating why).
 */
function ClosedRecordExists() {
  return (
    <>
      <h2 className="usa-alert__heading">A closed record exists for this person</h2>
      <p className="usa-alert__text">
        Nothing was saved. Someone with the same name or state ID and the same date of birth has a
        record the court closed. It cannot be shown here, and the person is not registered twice. A
        diversion program is for a first offense only: ask a supervisor, who can open the closed
        record, stating why.
      </p>
    </>
  );
}

/**
 * The close matches of a POSSIBLE_DUPLICATE: name and date of birth, each a link to the record.
 * A SUPERVISOR may register the person anyway with a reason (kept with the new record, the
 * matches in the audit); anyone else is told which supervisors to ask.
 */
function CloseMatches({
  candidates,
  recordClosed,
  supervisor,
}: {
  candidates: Candidate[];
  recordClosed: boolean;
  supervisor: boolean;
}) {
  const directory = useStaffDirectory();
  const supervisors = (directory.data ?? [])
    .filter((s) => s.active && s.roles.includes('SUPERVISOR'))
    .map((s) => s.displayName)
    .sort((a, b) => a.localeCompare(b));
  const anyway = supervisor
    ? 'you may register this person anyway, with the reason, below.'
    : `a supervisor can register this person anyway${
        supervisors.length
          ? `: ask ${supervisors.slice(0, 5).join(', ')}${supervisors.length > 5 ? ' or another supervisor' : ''}.`
          : '. Ask a supervisor.'
      }`;
  // Only a closed record is close: it is said to exist, never named or linked.
  if (candidates.length === 0)
    return (
      <>
        <h2 className="usa-alert__heading">A closed record may be this person</h2>
        <p className="usa-alert__text">
          Nothing was saved. Someone born the same day, with a name close to this one, has a record
          the court closed. It cannot be shown here. If this is a different person, {anyway}
        </p>
      </>
    );
  return (
    <>
      <h2 className="usa-alert__heading">This person may already be registered</h2>
      <p className="usa-alert__text">
        Nothing was saved.{' '}
        {candidates.length === 1
          ? 'Someone born the same day has a name close to this one:'
          : `${candidates.length} people born the same day have a name close to this one:`}
      </p>
      <ul className="usa-list duplicate-candidates">
        {candidates.map((c) => (
          <li key={c.id}>
            <Link to="/participants/$participantId" params={{ participantId: c.id }}>
              {c.name}
            </Link>
            , born {formatDate(c.dateOfBirth)}
          </li>
        ))}
      </ul>
      {recordClosed && (
        <p className="usa-alert__text">
          A record the court closed is a close match too: it cannot be shown here.
        </p>
      )}
      <p className="usa-alert__text">
        Open a record to compare it (state ID, address, phone). If it is this person, add the new
        referral there. If none of them is, {anyway}
      </p>
    </>
  );
}
