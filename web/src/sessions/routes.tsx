import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { pageParam } from '../app/pager';
import { rootRoute } from '../app/root-route';
import { SessionsPage, validateSessionsSearch } from './list';

const day = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;

// The sessions screens' routes (parent: rootRoute from ../app/root-route). Navigation items are in nav.ts.
// Ids only in paths; dates and the program (not personal) in typed search params.
export const sessionsRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/sessions',
    component: SessionsPage,
    validateSearch: validateSessionsSearch,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/sessions/new',
    component: lazyRouteComponent(() => import('./schedule'), 'ScheduleSessionPage'),
    validateSearch: (s: Record<string, unknown>): { on?: string } =>
      day(s.on) ? { on: day(s.on) } : {},
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/my-sessions',
    component: lazyRouteComponent(() => import('./mine'), 'MySessionsTodayPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/sessions/$sessionId',
    component: lazyRouteComponent(() => import('./session-page'), 'SessionPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/sessions/$sessionId/attendance',
    component: lazyRouteComponent(() => import('./attendance'), 'AttendancePage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/sessions/$sessionId/attendance/history',
    component: lazyRouteComponent(() => import('./history'), 'AttendanceHistoryPage'),
    validateSearch: (s: Record<string, unknown>): { page?: number } => ({
      page: pageParam(s.page),
    }),
  }),
] as const;
