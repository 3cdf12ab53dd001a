import type { NavItem } from '../app/nav-item';

// Navigation items of the remittances screens (kept apart from routes.tsx: no import cycle with the shell).
export const remittancesNav: NavItem[] = [
  { to: '/remittances', label: 'Remittances', roles: ['FINANCE', 'SUPERVISOR', 'AUDITOR'] },
];
