import { adminNav } from '../admin/nav';
import { approvalsNav } from '../approvals/nav';
import { auditNav } from '../audit/nav';
import { contactNav } from '../contact/nav';
import { recordsNav } from '../records/nav';
import { ledgerNav } from '../ledger/nav';
import { remittancesNav } from '../remittances/nav';
import { reportsNav } from '../reports/nav';
import { sessionsNav } from '../sessions/nav';
import type { SessionUser } from '../api/session';
import type { NavItem } from './nav-item';

/** Navigation shows only what the signed-in roles may use; the API still decides. */
export const NAV: NavItem[] = [
  { to: '/', label: 'Home', roles: 'any' },
  {
    to: '/participants',
    label: 'Participants',
    roles: ['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR'],
  },
  { to: '/participants/new', label: 'Register participant', roles: ['INTAKE', 'SUPERVISOR'] },
  ...sessionsNav,
  ...ledgerNav,
  ...approvalsNav,
  ...contactNav,
  ...remittancesNav,
  ...reportsNav,
  ...auditNav,
  ...recordsNav,
  ...adminNav,
];

export function navItems(user: SessionUser | null): NavItem[] {
  if (!user) return [];
  return NAV.filter((i) => i.roles === 'any' || i.roles.some((r) => user.roles.includes(r)));
}
