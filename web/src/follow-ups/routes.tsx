import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { pageParam } from '../app/pager';
import { rootRoute } from '../app/root-route';
import { followUpSearch, type FollowUpSearch } from './api';

// The list's filters (due or recorded, which check) are not personal: they live in the URL.
export const followUpRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/follow-ups',
    component: lazyRouteComponent(() => import('./list-page'), 'FollowUpListPage'),
    validateSearch: (s: Record<string, unknown>): FollowUpSearch =>
      followUpSearch(s, pageParam(s.page)),
  }),
] as const;
