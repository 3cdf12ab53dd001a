import type { NavItem } from '../app/nav-item';
import { ApprovalsBadge } from './badge';

// Navigation items of the approvals screen (kept apart from routes.tsx: no import cycle with the shell).
export const approvalsNav: NavItem[] = [
  { to: '/approvals', label: 'Approvals', roles: ['SUPERVISOR'], badge: ApprovalsBadge },
];
