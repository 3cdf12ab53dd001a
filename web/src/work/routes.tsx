import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { chicagoToday } from '../api/dates';
import { pageParam } from '../app/pager';
import { rootRoute } from '../app/root-route';
import type { EnrollmentFilter, ReferralFilter } from './work-lists';

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

// The lists behind the home page's cards.
export const workRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/work/referrals',
    component: lazyRouteComponent(() => import('./work-lists'), 'ReferralWorkListPage'),
    validateSearch: (s: Record<string, unknown>): { filter: ReferralFilter; page?: number } => ({
      filter: s.filter === 'eligibleNotEnrolled' ? 'eligibleNotEnrolled' : 'needsCheck',
      page: pageParam(s.page),
    }),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/work/enrollments',
    component: lazyRouteComponent(() => import('./work-lists'), 'EnrollmentWorkListPage'),
    validateSearch: (s: Record<string, unknown>): { filter: EnrollmentFilter; page?: number } => ({
      filter: s.filter === 'overdue' ? 'overdue' : 'unseated',
      page: pageParam(s.page),
    }),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/work/payments',
    component: lazyRouteComponent(() => import('./work-lists'), 'PaymentsListPage'),
    validateSearch: (s: Record<string, unknown>): { on: string; page?: number } => ({
      on: isDate(s.on) ? s.on : chicagoToday(),
      page: pageParam(s.page),
    }),
  }),
] as const;
