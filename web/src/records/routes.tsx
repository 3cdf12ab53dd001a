import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { pageParam } from '../app/pager';
import { rootRoute } from '../app/root-route';
import type { DisclosureSearch } from './api';

const day = (v: unknown): string | undefined =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
const uuid = (v: unknown): string | undefined =>
  typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v.toLowerCase() : undefined;

// The Disclosures page's filters are days and a staff member's id, never a person: in the URL.
export const recordsRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/disclosures',
    component: lazyRouteComponent(() => import('./disclosures-page'), 'DisclosuresPage'),
    validateSearch: (s: Record<string, unknown>): DisclosureSearch => ({
      from: day(s.from),
      to: day(s.to),
      actorId: uuid(s.actorId),
      page: pageParam(s.page),
    }),
  }),
] as const;
