import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { pageParam } from '../app/pager';

// Ids only in paths; the page of a list in the search params.
export const remittancesRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/remittances',
    component: lazyRouteComponent(() => import('./list'), 'RemittancesPage'),
    validateSearch: (s: Record<string, unknown>): { page?: number } => ({
      page: pageParam(s.page),
    }),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/remittances/new',
    component: lazyRouteComponent(() => import('./prepare'), 'PrepareBatchPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/remittances/$remittanceId',
    component: lazyRouteComponent(() => import('./batch'), 'BatchPage'),
    validateSearch: (s: Record<string, unknown>): { page?: number } => ({
      page: pageParam(s.page),
    }),
  }),
] as const;
