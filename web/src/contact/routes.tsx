import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { pageParam } from '../app/pager';
import { rootRoute } from '../app/root-route';

// The contact screens' routes (parent: rootRoute from ../app/root-route). Navigation items are in
// nav.ts; the participant's "Contact and reminders" tab is a tab of the participant page.
export const contactRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/messages',
    component: lazyRouteComponent(() => import('./messages-page'), 'MessagesPage'),
    validateSearch: (s: Record<string, unknown>): { page?: number } => {
      const page = pageParam(s.page);
      return page ? { page } : {};
    },
  }),
] as const;
