import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { RecordPaymentPage } from './payment-page';
import { RecordRefundPage } from './refund-page';
import { RequestWaiverPage } from './waiver-page';

// The ledger screens' routes (parent: rootRoute from ../app/root-route). Navigation items are in nav.ts.
// Only the enrollment's id is in the path: whose ledger it is never appears in a URL.
export const ledgerRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/enrollments/$enrollmentId/payments/new',
    component: RecordPaymentPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/enrollments/$enrollmentId/waiver-requests/new',
    component: RequestWaiverPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/enrollments/$enrollmentId/refunds/new',
    component: RecordRefundPage,
  }),
] as const;
