import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';

// The approvals screen's routes (parent: rootRoute from ../app/root-route). Navigation items are in nav.ts.
export const approvalsRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/approvals',
    component: lazyRouteComponent(() => import('./approvals-page'), 'ApprovalsPage'),
  }),
] as const;
