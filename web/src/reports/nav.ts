import type { NavItem } from '../app/nav-item';

// Navigation items of the reports screens (kept apart from routes.tsx: no import cycle with the shell).
export const reportsNav: NavItem[] = [
  { to: '/reports', label: 'Reports', roles: ['FINANCE', 'SUPERVISOR', 'AUDITOR', 'INTAKE'] },
];
