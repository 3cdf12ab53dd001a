import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { data } from '../api/queries';

export type ReferralFilter = 'needsCheck' | 'eligibleNotEnrolled';
export type EnrollmentFilter = 'unseated' | 'overdue';

// The lists behind the home page's cards: each asks the API's list with the card's filter, so
// its total is the card's count.
export const workKeys = {
  referrals: (filter: ReferralFilter, page: number) => ['work-referrals', filter, page] as const,
  enrollments: (filter: EnrollmentFilter, page: number) =>
    ['work-enrollments', filter, page] as const,
  payments: (on: string, page: number) => ['work-payments', on, page] as const,
};

export function workReferralsQuery(filter: ReferralFilter, page: number, limit: number) {
  return queryOptions({
    queryKey: workKeys.referrals(filter, page),
    queryFn: () =>
      data(
        api.GET('/api/v1/referrals', {
          params: {
            query: {
              ...(filter === 'needsCheck'
                ? { needsCheck: 'true' as const }
                : { eligibleNotEnrolled: 'true' as const }),
              page,
              limit,
            },
          },
        }),
      ),
    meta: { shows: ['referrals', 'enrollments'] },
  });
}

export function workEnrollmentsQuery(filter: EnrollmentFilter, page: number, limit: number) {
  return queryOptions({
    queryKey: workKeys.enrollments(filter, page),
    queryFn: () =>
      data(
        api.GET('/api/v1/enrollments', {
          params: {
            query: {
              status: 'ACTIVE' as const,
              ...(filter === 'unseated'
                ? { unseated: 'true' as const }
                : { overdue: 'true' as const }),
              page,
              limit,
            },
          },
        }),
      ),
    meta: { shows: ['enrollments', 'seats'] },
  });
}

/** The payments received on a day. */
export function paymentsOnQuery(on: string, page: number, limit: number) {
  return queryOptions({
    queryKey: workKeys.payments(on, page),
    queryFn: () =>
      data(
        api.GET('/api/v1/ledger-entries', {
          params: { query: { kind: 'PAYMENT', receivedOn: on, page, limit } },
        }),
      ),
    meta: { shows: ['money'] },
  });
}

/** The home page's cards, for the signed-in roles. */
export function useWorkQueue() {
  return useQuery({
    queryKey: ['work-queue'],
    // Its cards count what every screen changes.
    meta: {
      shows: [
        'money',
        'waiver-requests',
        'reversal-requests',
        'enrollments',
        'seats',
        'sessions',
        'attendance',
        'referrals',
        'follow-ups',
        'records',
      ],
    },
    queryFn: async () => (await data(api.GET('/api/v1/work-queue'))).cards,
    refetchInterval: 60_000,
  });
}
