import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { chicagoToday, parseDateInput, toDateInput } from '../api/dates';
import { formatCents } from '../api/money';
import { ApiError } from '../api/problem';
import { programName, usePrograms } from '../api/queries';
import { useParticipant } from '../participants/api';
import { useChecks, useReferral } from '../referrals/api';
import { useEnroll } from './api';
import { RequireRole } from '../app/shell';
import {
  Alert,
  ErrorSummary,
  LoadFailed,
  Loading,
  PageHeading,
  SummaryList,
  TextField,
  useAnnounce,
  useFormErrors,
  usePageTitle,
} from '../app/ui';

const route = getRouteApi('/referrals/$referralId/enroll');

export function EnrollPage() {
  usePageTitle('Enroll');
  return (
    <RequireRole roles={['INTAKE', 'SUPERVISOR']}>
      <Enroll />
    </RequireRole>
  );
}

function Enroll() {
  const { referralId } = route.useParams();
  const { program: code } = route.useSearch();
  const referral = useReferral(referralId);
  const participant = useParticipant(referral.data?.participantId ?? '');
  const programs = usePrograms();
  const checks = useChecks(referralId);
  const navigate = useNavigate();
  const enroll = useEnroll();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const [signedOn, setSignedOn] = useState(toDateInput(chicagoToday()));
  const [busy, setBusy] = useState(false);

  if (referral.isPending || programs.isPending || checks.isPending)
    return <Loading what="the enrollment" />;
  if (referral.isError) return <LoadFailed error={referral.error} what="the referral" />;
  if (programs.isError) return <LoadFailed error={programs.error} what="the programs" />;
  const program = programs.data.find((p) => p.code === code);
  if (!program) return <LoadFailed error={new Error('no such program')} what="the program" />;
  if (checks.isError) return <LoadFailed error={checks.error} what="the eligibility checks" />;
  const latest = checks.data[0];
  // Only an eligible, current check opens this form: there is never a control to enroll an
  // ineligible referral (the API refuses it too).
  if (!latest || !latest.eligible || latest.stale)
    return (
      <>
        <PageHeading>This referral cannot be enrolled</PageHeading>
        <Alert
          type="warning"
          heading={
            !latest
              ? 'No eligibility check yet'
              : latest.stale
                ? 'The last check is out of date'
                : 'Not eligible for diversion'
          }
        >
          <p className="margin-0">
            {!latest || latest.stale
              ? 'Run an eligibility check first.'
              : 'Its latest eligibility check failed, so it cannot be enrolled in any program.'}{' '}
            <Link to="/referrals/$referralId" params={{ referralId }}>
              See the eligibility result
            </Link>
          </p>
        </Alert>
      </>
    );
  const participantId = referral.data.participantId;
  const label = programName(program.code);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const date = parseDateInput(signedOn);
    if (!date)
      return errors.show([
        {
          fieldId: 'agreementSignedOn',
          message: 'Enter the date the agreement was signed, as month/day/year',
        },
      ]);
    setBusy(true);
    try {
      await enroll({ referralId, programCode: program!.code, agreementSignedOn: date });
      announce(
        `Enrolled in ${program!.name}. The fee of ${formatCents(program!.feeCents)} is on the ledger.`,
      );
      void navigate({
        to: '/participants/$participantId',
        params: { participantId },
        search: { tab: 'enrollment' },
      });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NOT_ELIGIBLE') errors.fromError(err);
      else errors.fromError(err, { agreementSignedOn: 'agreementSignedOn' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>Enroll in {label}</PageHeading>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      <SummaryList
        rows={[
          [
            'Participant',
            participant.data ? `${participant.data.firstName} ${participant.data.lastName}` : '…',
          ],
          ['Case number', referral.data.caseNumber],
          ['Program', program.name],
          ['Fee', `${formatCents(program.feeCents)}, assessed on the ledger when you enroll`],
          ['Sessions required', String(program.requiredSessions)],
          ['Time to complete', `${program.completionWindowDays} days from the agreement date`],
        ]}
      />
      <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
        <TextField
          id="agreementSignedOn"
          label="Date the agreement was signed"
          hint="Month/day/year. The deadline counts from this date."
          inputMode="numeric"
          autoComplete="off"
          className="usa-input--md"
          value={signedOn}
          error={errors.field('agreementSignedOn')}
          onChange={(e) => setSignedOn(e.target.value)}
        />
        <div className="usa-button-group margin-top-3">
          <button type="submit" className="usa-button" disabled={busy}>
            {busy ? 'Enrolling…' : `Enroll in ${label}`}
          </button>
          <Link
            to="/referrals/$referralId"
            params={{ referralId }}
            className="usa-button usa-button--outline"
          >
            Back to the eligibility result
          </Link>
        </div>
      </form>
    </>
  );
}
