import type { NavItem } from '../app/nav-item';

// Navigation items of the contact screens (kept apart from routes.tsx: no import cycle with the shell).
export const contactNav: NavItem[] = [
  { to: '/messages', label: 'Messages', roles: ['SUPERVISOR'] },
];
