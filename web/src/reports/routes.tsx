import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { pageParam } from '../app/pager';
import { prefetchWhenSignedIn } from '../app/prefetch';
import { chicagoToday } from '../api/dates';
import { balancesReport, feesQueryOf, feesReport, outcomesQueryOf, outcomesReport } from './api';
import type { BalancesSearch } from './balances';
import { dateParam } from './common';
import type { FeesSearch } from './api';
import { GROUPINGS, type Grouping } from './groupings';
import type { FollowUpReportSearch } from './follow-up';
import type { OutcomesSearch } from './api';

/** A whole number of days from the URL (0 to 3650), or nothing. */
function daysParam(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 3650 ? n : undefined;
}

// The reports' filters are dates and a grouping (nothing personal): they live in the URL, so a
// view can be bookmarked and its CSV is exactly what the screen shows.
export const reportsRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/reports',
    component: lazyRouteComponent(() => import('./index-page'), 'ReportsPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/reports/fees',
    component: lazyRouteComponent(() => import('./fees'), 'FeesReportPage'),
    validateSearch: (s: Record<string, unknown>): FeesSearch => ({
      from: dateParam(s.from),
      to: dateParam(s.to),
      groupBy: GROUPINGS.includes(s.groupBy as Grouping) ? (s.groupBy as Grouping) : undefined,
    }),
    // The report is asked for as soon as the session allows, while the screen loads.
    loaderDeps: ({ search }) => search,
    loader: ({ deps }) =>
      prefetchWhenSignedIn(['FINANCE', 'SUPERVISOR', 'AUDITOR'], (c) =>
        c.prefetchQuery(feesReport(feesQueryOf(deps))),
      ),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/reports/balances',
    component: lazyRouteComponent(() => import('./balances'), 'BalancesReportPage'),
    validateSearch: (s: Record<string, unknown>): BalancesSearch => ({
      asOf: dateParam(s.asOf),
      olderThanDays: daysParam(s.olderThanDays),
      page: pageParam(s.page),
    }),
    loaderDeps: ({ search }) => search,
    loader: ({ deps }) =>
      prefetchWhenSignedIn(['FINANCE', 'SUPERVISOR', 'AUDITOR'], (c) =>
        c.prefetchQuery(balancesReport(deps.asOf ?? chicagoToday(), deps.olderThanDays, deps.page)),
      ),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/reports/outcomes',
    component: lazyRouteComponent(() => import('./outcomes'), 'OutcomesReportPage'),
    validateSearch: (s: Record<string, unknown>): OutcomesSearch => ({
      from: dateParam(s.from),
      to: dateParam(s.to),
    }),
    loaderDeps: ({ search }) => search,
    loader: ({ deps }) =>
      prefetchWhenSignedIn(['INTAKE', 'SUPERVISOR', 'AUDITOR'], (c) =>
        c.prefetchQuery(outcomesReport(outcomesQueryOf(deps))),
      ),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/reports/follow-up',
    component: lazyRouteComponent(() => import('./follow-up'), 'FollowUpReportPage'),
    validateSearch: (s: Record<string, unknown>): FollowUpReportSearch => ({
      exitFrom: dateParam(s.exitFrom),
      exitTo: dateParam(s.exitTo),
      months: Number(s.months) === 24 ? 24 : Number(s.months) === 12 ? 12 : undefined,
    }),
  }),
] as const;
