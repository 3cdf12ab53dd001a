import type { NavItem } from '../app/nav-item';

// Navigation items of the audit screens (kept apart from routes.tsx: no import cycle with the shell).
export const auditNav: NavItem[] = [
  { to: '/audit', label: 'Audit trail', roles: ['AUDITOR', 'ADMIN'] },
];
