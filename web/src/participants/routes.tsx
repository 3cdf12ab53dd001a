import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { EnrollPage } from '../enrollments/enroll';
import { EditReferralPage, NewReferralPage } from '../referrals/referral-pages';
import { EligibilityResultPage } from '../referrals/result';
import { ParticipantPage, TABS, type Tab } from './page';
import { RegisterParticipantPage } from './register';
import { FindParticipantPage } from './search';

// Ids only in paths; non-personal choices (tab, program) in typed search params.
export const participantRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/participants',
    component: FindParticipantPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/participants/new',
    component: RegisterParticipantPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/participants/$participantId',
    component: ParticipantPage,
    validateSearch: (s: Record<string, unknown>): { tab?: Tab } =>
      TABS.includes(s.tab as Tab) ? { tab: s.tab as Tab } : {},
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/participants/$participantId/referrals/new',
    component: NewReferralPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/referrals/$referralId',
    component: EligibilityResultPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/referrals/$referralId/edit',
    component: EditReferralPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/referrals/$referralId/enroll',
    component: EnrollPage,
    validateSearch: (s: Record<string, unknown>): { program: string } => ({
      program: typeof s.program === 'string' ? s.program : '',
    }),
  }),
] as const;
