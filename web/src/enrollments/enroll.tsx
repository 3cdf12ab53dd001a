import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { chicagoToday, toDateInput } from '../api/dates';
import { formatCents } from '../api/money';
import { ApiError, summarize } from '../api/problem';
import { programName, usePrograms } from '../api/queries';
import { useParticipant } from '../participants/api';
import { useChecks, useReferral } from '../referrals/api';
import { useEnroll } from './api';
import { BACK_LINK, Form, FormActions, useForm } from '../app/form';
import { rolePage } from '../app/shell';
import {
  Alert,
  DateField,
  ErrorSummary,
  LoadFailed,
  Loading,
  PageHeading,
  SummaryList,
  useAnnounce,
} from '../app/ui';

const route = getRouteApi('/referrals/$referralId/enroll');

export const EnrollPage = rolePage('Enroll', ['INTAKE', 'SUPERVISOR'], Enroll);

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
  const program = programs.data?.find((p) => p.code === code);
  const participantId = referral.data?.participantId ?? '';
  const form = useForm({
    initial: () => ({ agreementSignedOn: toDateInput(chicagoToday()) }),
    check: (v, problems) =>
      problems.date(
        'agreementSignedOn',
        v.agreementSignedOn,
        'Enter the date the agreement was signed, as month/day/year',
      ) ?? undefined,
    async send(agreementSignedOn) {
      await enroll({ referralId, programCode: program!.code, agreementSignedOn });
      announce(
        `Enrolled in ${program!.name}. The fee of ${formatCents(program!.feeCents)} is on the ledger.`,
      );
      void navigate({
        to: '/participants/$participantId',
        params: { participantId },
        search: { tab: 'enrollment' },
      });
    },
    clearSummary: 'when-sent',
    // Not eligible is about the referral, not the date.
    refused: (err, ids) =>
      err instanceof ApiError && err.code === 'NOT_ELIGIBLE' ? summarize(err) : summarize(err, ids),
  });

  if (referral.isPending || programs.isPending || checks.isPending)
    return <Loading what="the enrollment" />;
  if (referral.isError) return <LoadFailed error={referral.error} what="the referral" />;
  if (programs.isError) return <LoadFailed error={programs.error} what="the programs" />;
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
  const label = programName(program.code);

  return (
    <>
      <PageHeading>Enroll in {label}</PageHeading>
      <ErrorSummary {...form.summary} />
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
      <Form form={form} summary={false}>
        <DateField
          {...form.bind('agreementSignedOn')}
          label="Date the agreement was signed"
          hint="Month/day/year. The deadline counts from this date."
        />
        <FormActions
          form={form}
          submit={`Enroll in ${label}`}
          busy="Enrolling…"
          back={
            <Link to="/referrals/$referralId" params={{ referralId }} className={BACK_LINK}>
              Back to the eligibility result
            </Link>
          }
        />
      </Form>
    </>
  );
}
