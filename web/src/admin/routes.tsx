import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { pageParam } from '../app/pager';

// Administration (ADMIN): staff accounts and program settings. Ids only in paths.
export const adminRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/staff',
    component: lazyRouteComponent(() => import('./staff-list'), 'StaffListPage'),
    validateSearch: (s: Record<string, unknown>): { page?: number } => ({
      page: pageParam(s.page),
    }),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/staff/new',
    component: lazyRouteComponent(() => import('./staff-new'), 'AddStaffPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/staff/$staffId',
    component: lazyRouteComponent(() => import('./staff-page'), 'StaffPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/programs',
    component: lazyRouteComponent(() => import('./programs'), 'ProgramsPage'),
  }),
] as const;
