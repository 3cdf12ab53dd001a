import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useRef } from 'react';
import { useParticipant } from '../participants/api';
import { RequireRole } from '../app/shell';
import { Alert, LoadFailed, Loading, PageHeading, useAnnounce, usePageTitle } from '../app/ui';
import {
  EMPTY_FACTS,
  ReferralForm,
  factsFromReferral,
  factsToBody,
  type ReferralFacts,
} from './referral-form';
import { useReferral, useReferralWrites } from './api';

const newRoute = getRouteApi('/participants/$participantId/referrals/new');
const editRoute = getRouteApi('/referrals/$referralId/edit');

export function NewReferralPage() {
  usePageTitle('New referral');
  return (
    <RequireRole roles={['INTAKE', 'SUPERVISOR']}>
      <NewReferral />
    </RequireRole>
  );
}

function NewReferral() {
  const { participantId } = newRoute.useParams();
  const participant = useParticipant(participantId);
  const navigate = useNavigate();
  const referrals = useReferralWrites();
  const announce = useAnnounce();

  // Once saved, the referral is not posted again: if the check then fails, its result page
  // (which offers "Run eligibility check") is where to carry on.
  const saved = useRef<string | null>(null);

  async function save(facts: ReferralFacts) {
    if (!saved.current) {
      const referral = await referrals.create({ participantId, ...factsToBody(facts) });
      saved.current = referral.id;
    }
    const referralId = saved.current;
    try {
      await referrals.check(referralId);
      announce('Referral saved and eligibility checked.');
    } catch {
      announce('Referral saved. The eligibility check could not run: run it from the result page.');
    }
    void navigate({ to: '/referrals/$referralId', params: { referralId } });
  }

  return (
    <>
      <PageHeading>New referral</PageHeading>
      {participant.data && (
        <p className="usa-intro">
          For {participant.data.firstName} {participant.data.lastName}
        </p>
      )}
      <ReferralForm
        initial={EMPTY_FACTS}
        save={save}
        saveLabel="Save and check eligibility"
        busyLabel="Saving…"
      />
    </>
  );
}

export function EditReferralPage() {
  usePageTitle('Change screening facts');
  return (
    <RequireRole roles={['INTAKE', 'SUPERVISOR']}>
      <EditReferral />
    </RequireRole>
  );
}

function EditReferral() {
  const { referralId } = editRoute.useParams();
  const referral = useReferral(referralId);
  const navigate = useNavigate();
  const referrals = useReferralWrites();
  const announce = useAnnounce();

  if (referral.isPending) return <Loading what="the referral" />;
  if (referral.isError) return <LoadFailed error={referral.error} what="the referral" />;

  async function save(facts: ReferralFacts) {
    await referrals.update(referralId, factsToBody(facts));
    announce('Screening facts saved. Run a new eligibility check.');
    void navigate({ to: '/referrals/$referralId', params: { referralId } });
  }

  return (
    <>
      <PageHeading>Change screening facts</PageHeading>
      <Alert type="warning" heading="The last eligibility check will be out of date">
        <p className="margin-0">
          Saving changes to these facts makes the last check out of date. The referral cannot be
          enrolled until a new check is run; earlier checks are kept.
        </p>
      </Alert>
      <ReferralForm
        initial={factsFromReferral(referral.data)}
        save={save}
        saveLabel="Save changes"
        busyLabel="Saving…"
      />
      <p className="margin-top-3">
        <Link to="/referrals/$referralId" params={{ referralId }}>
          Cancel and go back to the eligibility result
        </Link>
      </p>
    </>
  );
}
