import { createRoute, createRouter } from '@tanstack/react-router';
import { adminRoutes } from '../admin/routes';
import { approvalsRoutes } from '../approvals/routes';
import { auditRoutes } from '../audit/routes';
import { contactRoutes } from '../contact/routes';
import { followUpRoutes } from '../follow-ups/routes';
import { ledgerRoutes } from '../ledger/routes';
import { participantRoutes } from '../participants/routes';
import { recordsRoutes } from '../records/routes';
import { remittancesRoutes } from '../remittances/routes';
import { reportsRoutes } from '../reports/routes';
import { sessionsRoutes } from '../sessions/routes';
import { workRoutes } from '../work/routes';
import { HomePage } from './home';
import { rootRoute } from './root-route';

const home = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });

const routeTree = rootRoute.addChildren([
  home,
  ...participantRoutes,
  ...workRoutes,
  ...sessionsRoutes,
  ...ledgerRoutes,
  ...approvalsRoutes,
  ...remittancesRoutes,
  ...contactRoutes,
  ...followUpRoutes,
  ...reportsRoutes,
  ...auditRoutes,
  ...recordsRoutes,
  ...adminRoutes,
]);

export const router = createRouter({ routeTree });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
