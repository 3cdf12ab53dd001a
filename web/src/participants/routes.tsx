import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { TABS, type Tab } from './tabs';

// Ids only in paths; non-personal choices (tab, program) in typed search params.
export const participantRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/participants',
    component: lazyRouteComponent(() => import('./search'), 'FindParticipantPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/participants/new',
    component: lazyRouteComponent(() => import('./register'), 'RegisterParticipantPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/participants/$participantId',
    component: lazyRouteComponent(() => import('./page'), 'ParticipantPage'),
    validateSearch: (s: Record<string, unknown>): { tab?: Tab } =>
      TABS.includes(s.tab as Tab) ? { tab: s.tab as Tab } : {},
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/participants/$participantId/referrals/new',
    component: lazyRouteComponent(() => import('../referrals/referral-pages'), 'NewReferralPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/referrals/$referralId',
    component: lazyRouteComponent(() => import('../referrals/result'), 'EligibilityResultPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/referrals/$referralId/edit',
    component: lazyRouteComponent(() => import('../referrals/referral-pages'), 'EditReferralPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/referrals/$referralId/enroll',
    component: lazyRouteComponent(() => import('../enrollments/enroll'), 'EnrollPage'),
    validateSearch: (s: Record<string, unknown>): { program: string } => ({
      program: typeof s.program === 'string' ? s.program : '',
    }),
  }),
] as const;
