import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { ApprovalsPage } from './approvals-page';

// The approvals screen's routes (parent: rootRoute from ../app/root-route). Navigation items are in nav.ts.
export const approvalsRoutes = [
  createRoute({ getParentRoute: () => rootRoute, path: '/approvals', component: ApprovalsPage }),
] as const;
