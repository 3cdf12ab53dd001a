import { Link, useNavigate } from '@tanstack/react-router';
import { Button } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import type { Schemas } from '../api/client';
import { formatDate } from '../api/dates';
import { LIMITS } from '../api/limits';
import { ApiError, summarize } from '../api/problem';
import { useStaffDirectory } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import { Form, SubmitButton, useForm } from '../app/form';
import { RequireRole } from '../app/shell';
import { registerParticipant } from './api';
import {
  DateField,
  ErrorSummary,
  PageHeading,
  TextArea,
  TextField,
  useAnnounce,
  usePageTitle,
} from '../app/ui';

/** API field → input id, where they differ. */
const FIELD_IDS = { overrideDuplicate: 'overrideReason' };

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

/** An optional text: trimmed, or left out. */
const optional = (v: string) => (v.trim() ? v.trim() : undefined);
const off = { autoComplete: 'off' } as const;

function RegisterParticipant() {
  const navigate = useNavigate();
  const announce = useAnnounce();
  const { user } = useSession();
  const supervisor = hasRole(user, 'SUPERVISOR');
  const [found, setFound] = useState<Found>(null);
  const foundRef = useRef<HTMLDivElement>(null);
  // A refusal that names records already on file takes focus, like an error summary.
  useEffect(() => {
    if (found) foundRef.current?.focus();
  }, [found]);
  const form = useForm({
    initial: {
      firstName: '',
      lastName: '',
      dateOfBirth: '',
      stateIdNumber: '',
      phone: '',
      email: '',
      address: '',
      overrideReason: '',
    },
    ids: FIELD_IDS,
    clearSummary: 'when-sent',
    onChange(name) {
      if (IDENTITY.includes(name) && found) {
        setFound(null);
        form.set('overrideReason', '');
      }
    },
    /** `how`: "anyway", a SUPERVISOR's registration despite the close matches shown. */
    check(v, problems, how) {
      const anyway = how === 'anyway';
      const firstName = problems.required('firstName', v.firstName, 'Enter the first name');
      const lastName = problems.required('lastName', v.lastName, 'Enter the last name');
      const dateOfBirth = problems.date(
        'dateOfBirth',
        v.dateOfBirth,
        'Enter the date of birth as month/day/year, for example 04/28/1986',
      );
      problems.when(
        anyway && !v.overrideReason.trim(),
        'overrideReason',
        'Enter why this is a different person',
      );
      if (problems.any || !dateOfBirth) return undefined;
      if (!anyway) setFound(null);
      return {
        firstName,
        lastName,
        dateOfBirth,
        stateIdNumber: optional(v.stateIdNumber),
        phone: optional(v.phone),
        email: optional(v.email),
        address: optional(v.address),
        overrideDuplicate: anyway ? { reason: v.overrideReason.trim() } : undefined,
      };
    },
    async send(body) {
      const registered = await registerParticipant(body);
      announce(
        body.overrideDuplicate
          ? 'Participant registered. The reason for registering despite the close matches is kept with the record.'
          : 'Participant registered.',
      );
      void navigate({
        to: '/participants/$participantId',
        params: { participantId: registered.id },
      });
    },
    refused(err, ids) {
      // Records already on file are named once, in the notice below the heading (which takes
      // focus): not again in an error summary.
      if (err instanceof ApiError && err.code === 'DUPLICATE_PARTICIPANT') {
        form.set('overrideReason', '');
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
        return null;
      }
      if (err instanceof ApiError && err.code === 'POSSIBLE_DUPLICATE') {
        const candidates = Array.isArray(err.problem.candidates)
          ? (err.problem.candidates as Candidate[])
          : [];
        setFound({ kind: 'close', candidates, recordClosed: err.problem.recordClosed === true });
        announce(
          `Someone with a close name and the same date of birth may already be registered. Nothing was saved.`,
        );
        return null;
      }
      return summarize(err, ids);
    },
  });

  return (
    <>
      <PageHeading>Register a participant</PageHeading>
      <p>Use the legal name and date of birth from the court referral.</p>
      <ErrorSummary {...form.summary} />
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
            {...form.bind('overrideReason')}
            label="Why is this a different person?"
            hint="For example: state IDs checked, a different person. Kept with the new record."
            rows={3}
            maxLength={LIMITS.OverrideDuplicateDto.reason.max}
          />
          <Button
            type="button"
            secondary
            className="margin-top-2"
            disabled={form.busy}
            onClick={() => void form.submit('anyway')}
          >
            {form.busy ? 'Registering…' : 'Register anyway'}
          </Button>
        </section>
      )}
      <Form form={form} summary={false}>
        <TextField {...form.bind('firstName')} {...off} label="First name" />
        <TextField {...form.bind('lastName')} {...off} label="Last name" />
        <DateField
          {...form.bind('dateOfBirth')}
          label="Date of birth"
          hint="Month/day/year, for example 04/28/1986"
        />
        <TextField {...form.bind('stateIdNumber')} {...off} label="State ID number" optional />
        <TextField {...form.bind('phone')} {...off} label="Phone" optional type="tel" />
        <TextField {...form.bind('email')} {...off} label="Email" optional type="email" />
        <TextArea {...form.bind('address')} label="Address" optional rows={3} />
        <SubmitButton form={form} busy="Registering…" className="margin-top-3">
          Register participant
        </SubmitButton>
      </Form>
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
