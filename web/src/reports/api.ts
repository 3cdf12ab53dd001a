import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { data } from '../api/queries';
import type { paths } from '../api/schema';

type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;

export type FeesQuery = QueryOf<'/api/v1/reports/fees'>;
export type OutcomesQuery = QueryOf<'/api/v1/reports/outcomes'>;
export type FollowUpQuery = QueryOf<'/api/v1/reports/follow-up'>;

/** The reports: read only, each keyed by what it was asked for (the URL's filters). */
export const reportKeys = {
  balances: (asOf: string, olderThanDays?: number) =>
    ['report', 'balances', asOf, olderThanDays] as const,
  fees: (query: FeesQuery) => ['report', 'fees', query] as const,
  outcomes: (query: OutcomesQuery) => ['report', 'outcomes', query] as const,
  followUp: (query: FollowUpQuery) => ['report', 'follow-up', query] as const,
};

export function balancesReport(asOf: string, olderThanDays?: number) {
  return queryOptions({
    queryKey: reportKeys.balances(asOf, olderThanDays),
    queryFn: () =>
      data(
        api.GET('/api/v1/reports/balances', {
          params: { query: { asOf, ...(olderThanDays === undefined ? {} : { olderThanDays }) } },
        }),
      ),
  });
}

export function feesReport(query: FeesQuery) {
  return queryOptions({
    queryKey: reportKeys.fees(query),
    queryFn: () => data(api.GET('/api/v1/reports/fees', { params: { query } })),
  });
}

export function outcomesReport(query: OutcomesQuery) {
  return queryOptions({
    queryKey: reportKeys.outcomes(query),
    queryFn: () => data(api.GET('/api/v1/reports/outcomes', { params: { query } })),
  });
}

export function followUpReport(query: FollowUpQuery) {
  return queryOptions({
    queryKey: reportKeys.followUp(query),
    meta: { shows: ['follow-ups'] },
    queryFn: () => data(api.GET('/api/v1/reports/follow-up', { params: { query } })),
  });
}
