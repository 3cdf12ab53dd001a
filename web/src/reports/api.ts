import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { chicagoToday } from '../api/dates';
import { data } from '../api/queries';
import type { paths } from '../api/schema';
import type { Grouping } from './groupings';
import { firstOfMonth, firstOfYear } from './common';

/** A screen's filters as its URL carries them. */
export interface FeesSearch {
  from?: string;
  to?: string;
  groupBy?: Grouping;
}

export interface OutcomesSearch {
  from?: string;
  to?: string;
}

type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;

export type FeesQuery = QueryOf<'/api/v1/reports/fees'>;
export type OutcomesQuery = QueryOf<'/api/v1/reports/outcomes'>;
export type FollowUpQuery = QueryOf<'/api/v1/reports/follow-up'>;

/** The reports: read only, each keyed by what it was asked for (the URL's filters). */
export const reportKeys = {
  balances: (asOf: string, olderThanDays?: number, page?: number) =>
    ['report', 'balances', asOf, olderThanDays, page ?? 1] as const,
  fees: (query: FeesQuery) => ['report', 'fees', query] as const,
  outcomes: (query: OutcomesQuery) => ['report', 'outcomes', query] as const,
  followUp: (query: FollowUpQuery) => ['report', 'follow-up', query] as const,
};

/** Rows of the balances report per page (the server sends one page, and the buckets of all). */
export const BALANCES_PER_PAGE = 50;

export function balancesReport(asOf: string, olderThanDays?: number, page = 1) {
  return queryOptions({
    queryKey: reportKeys.balances(asOf, olderThanDays, page),
    queryFn: () =>
      data(
        api.GET('/api/v1/reports/balances', {
          params: {
            query: {
              asOf,
              ...(olderThanDays === undefined ? {} : { olderThanDays }),
              limit: BALANCES_PER_PAGE,
              page,
            },
          },
        }),
      ),
    // Another page of the same report keeps the figures on screen while it loads.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[2] === asOf && previousQuery.queryKey[3] === olderThanDays
        ? previous
        : undefined,
  });
}

/** The fee report a Fees screen asks for: its URL's filters, else this month by month. */
export function feesQueryOf(search: FeesSearch): FeesQuery & { from: string; to: string } {
  return {
    from: search.from ?? firstOfMonth(),
    to: search.to ?? chicagoToday(),
    groupBy: search.groupBy ?? 'month',
  };
}

/** The outcomes an Outcomes screen asks for: its URL's range, else this year. */
export function outcomesQueryOf(search: OutcomesSearch): OutcomesQuery & {
  from: string;
  to: string;
} {
  return { from: search.from ?? firstOfYear(), to: search.to ?? chicagoToday() };
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
