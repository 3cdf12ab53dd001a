import { createRootRoute, createRoute, createRouter, Link } from '@tanstack/react-router';
import { EnrollPage } from '../enrollments/enroll';
import { FindParticipantPage } from '../participants/search';
import { ParticipantPage, TABS, type Tab } from '../participants/page';
import { RegisterParticipantPage } from '../participants/register';
import { EditReferralPage, NewReferralPage } from '../referrals/referral-pages';
import { EligibilityResultPage } from '../referrals/result';
import { HomePage } from './home';
import { Root } from './root';
import { PageHeading, usePageTitle } from './ui';

// Ids only in paths; filters of non-personal fields (tab, program) in typed search params.
const rootRoute = createRootRoute({ component: Root, notFoundComponent: NotFound });

const home = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });
const participants = createRoute({
  getParentRoute: () => rootRoute,
  path: '/participants',
  component: FindParticipantPage,
});
const registerParticipant = createRoute({
  getParentRoute: () => rootRoute,
  path: '/participants/new',
  component: RegisterParticipantPage,
});
const participant = createRoute({
  getParentRoute: () => rootRoute,
  path: '/participants/$participantId',
  component: ParticipantPage,
  validateSearch: (s: Record<string, unknown>): { tab?: Tab } =>
    TABS.includes(s.tab as Tab) ? { tab: s.tab as Tab } : {},
});
const newReferral = createRoute({
  getParentRoute: () => rootRoute,
  path: '/participants/$participantId/referrals/new',
  component: NewReferralPage,
});
const referral = createRoute({
  getParentRoute: () => rootRoute,
  path: '/referrals/$referralId',
  component: EligibilityResultPage,
});
const editReferral = createRoute({
  getParentRoute: () => rootRoute,
  path: '/referrals/$referralId/edit',
  component: EditReferralPage,
});
const enroll = createRoute({
  getParentRoute: () => rootRoute,
  path: '/referrals/$referralId/enroll',
  component: EnrollPage,
  validateSearch: (s: Record<string, unknown>): { program: string } => ({
    program: typeof s.program === 'string' ? s.program : '',
  }),
});

const routeTree = rootRoute.addChildren([
  home,
  participants,
  registerParticipant,
  participant,
  newReferral,
  referral,
  editReferral,
  enroll,
]);

export const router = createRouter({ routeTree, scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

function NotFound() {
  usePageTitle('Page not found');
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <p>
        There is no page at this address. If you typed it, check it; otherwise start again from the
        home page.
      </p>
      <Link to="/">Go to the home page</Link>
    </>
  );
}
