import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import type { AuditSearch } from './api';
import type { OpenRecordSearch } from './open-record';
import { pageParam } from '../app/pager';
import { prefetchWhenSignedIn } from '../app/prefetch';
import { auditEventsQuery, auditQueryOf } from './api';

const str = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v.trim() && v.length <= max ? v.trim() : undefined;
const day = (v: unknown): string | undefined =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
/** An ISO timestamp: the home page's "Recent activity" lists the events since the time it counted from. */
const instant = (v: unknown): string | undefined =>
  typeof v === 'string' &&
  /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(v) &&
  !Number.isNaN(Date.parse(v))
    ? v
    : undefined;
const uuid = (v: unknown): string | undefined =>
  typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v.toLowerCase() : undefined;

// The audit trail's filters are ids and codes, never a name: they live in the URL.
export const auditRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/audit',
    component: lazyRouteComponent(() => import('./audit-page'), 'AuditPage'),
    validateSearch: (s: Record<string, unknown>): AuditSearch => ({
      actorId: uuid(s.actorId),
      action: str(s.action, 120),
      entityType: str(s.entityType, 60),
      entityId: str(s.entityId, 100),
      outcome: s.outcome === 'SUCCESS' || s.outcome === 'FAILURE' ? s.outcome : undefined,
      from: day(s.from) ?? instant(s.from),
      to: day(s.to),
      page: pageParam(s.page),
    }),
    // The page of events is asked for as soon as the session allows, while the screen loads.
    loaderDeps: ({ search }) => search,
    loader: ({ deps }) =>
      prefetchWhenSignedIn(['AUDITOR', 'ADMIN'], (c) =>
        c.prefetchQuery(auditEventsQuery(auditQueryOf(deps))),
      ),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/records/$entityType/$entityId',
    component: lazyRouteComponent(() => import('./open-record'), 'OpenRecordPage'),
    validateSearch: (s: Record<string, unknown>): OpenRecordSearch => ({
      tab: s.tab === 'enrollment' || s.tab === 'ledger' ? s.tab : undefined,
      at: typeof s.at === 'string' && !Number.isNaN(Date.parse(s.at)) ? s.at : undefined,
      kind: str(s.kind, 20),
    }),
  }),
] as const;
