import { useQuery } from '@tanstack/react-query';
import { useChanged } from '../api/cache';
import { api, type Schemas } from '../api/client';
import { data } from '../api/queries';

export type Referral = Schemas['ReferralDto'];
export type ReferralSummary = Schemas['ReferralSummaryDto'];
export type Check = Schemas['EligibilityCheckDto'];
export type ReferralBody = Schemas['CreateReferralDto'];

export const referralKeys = {
  one: (id: string) => ['referral', id] as const,
  ofParticipant: (participantId: string) => ['referrals-of', participantId] as const,
  checks: (id: string) => ['eligibility-checks', id] as const,
};

const shows = ['referrals', 'records'] as const;

export function useReferral(id: string) {
  return useQuery({
    queryKey: referralKeys.one(id),
    enabled: id !== '',
    queryFn: () => data(api.GET('/api/v1/referrals/{id}', { params: { path: { id } } })),
    meta: { shows },
  });
}

export function useReferralsOf(participantId: string) {
  return useQuery({
    queryKey: referralKeys.ofParticipant(participantId),
    enabled: participantId !== '',
    queryFn: () =>
      data(
        api.GET('/api/v1/participants/{id}/referrals', { params: { path: { id: participantId } } }),
      ),
    meta: { shows },
  });
}

export function useChecks(referralId: string) {
  return useQuery({
    queryKey: referralKeys.checks(referralId),
    queryFn: async () =>
      (
        await data(
          api.GET('/api/v1/referrals/{id}/eligibility-checks', {
            params: { path: { id: referralId } },
          }),
        )
      ).items as Check[],
    meta: { shows },
  });
}

/** Saving a referral or its screening facts, and running its check: each changes the referrals. */
export function useReferralWrites() {
  const changed = useChanged();
  return {
    create: async (body: ReferralBody) => {
      const referral = await data(api.POST('/api/v1/referrals', { body }));
      void changed('referrals');
      return referral;
    },
    update: async (id: string, body: Schemas['UpdateReferralDto']) => {
      await data(api.PATCH('/api/v1/referrals/{id}', { params: { path: { id } }, body }));
      await changed('referrals');
    },
    check: async (id: string) => {
      const check = await data(
        api.POST('/api/v1/referrals/{id}/eligibility-checks', { params: { path: { id } } }),
      );
      await changed('referrals');
      return check;
    },
  };
}
