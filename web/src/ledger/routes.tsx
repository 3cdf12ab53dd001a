import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';

// The ledger screens' routes (parent: rootRoute from ../app/root-route). Navigation items are in nav.ts.
// Only the enrollment's id is in the path: whose ledger it is never appears in a URL.
export const ledgerRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/enrollments/$enrollmentId/payments/new',
    component: lazyRouteComponent(() => import('./payment-page'), 'RecordPaymentPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/enrollments/$enrollmentId/waiver-requests/new',
    component: lazyRouteComponent(() => import('./waiver-page'), 'RequestWaiverPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/enrollments/$enrollmentId/refunds/new',
    component: lazyRouteComponent(() => import('./refund-page'), 'RecordRefundPage'),
  }),
] as const;
