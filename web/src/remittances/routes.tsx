import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { pageParam } from '../app/pager';
import { BatchPage } from './batch';
import { RemittancesPage } from './list';
import { PrepareBatchPage } from './prepare';

// Ids only in paths; the page of a list in the search params.
export const remittancesRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/remittances',
    component: RemittancesPage,
    validateSearch: (s: Record<string, unknown>): { page?: number } => ({
      page: pageParam(s.page),
    }),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/remittances/new',
    component: PrepareBatchPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/remittances/$remittanceId',
    component: BatchPage,
    validateSearch: (s: Record<string, unknown>): { page?: number } => ({
      page: pageParam(s.page),
    }),
  }),
] as const;
