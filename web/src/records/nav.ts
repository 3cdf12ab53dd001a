import type { NavItem } from '../app/nav-item';

// Navigation items of the closed-records screens (kept apart from routes.tsx: no import cycle
// with the shell).
export const recordsNav: NavItem[] = [
  { to: '/disclosures', label: 'Disclosures', roles: ['AUDITOR'] },
];
