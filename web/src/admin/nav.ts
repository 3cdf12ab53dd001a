import type { NavItem } from '../app/nav-item';

// Navigation items of the admin screens (kept apart from routes.tsx: no import cycle with the shell).
export const adminNav: NavItem[] = [
  { to: '/admin/staff', label: 'Staff', roles: ['ADMIN'] },
  { to: '/admin/programs', label: 'Programs', roles: ['ADMIN'] },
];
