import type { NavItem } from '../app/nav-item';

// Navigation items of the sessions screens (kept apart from routes.tsx: no import cycle with the shell).
export const sessionsNav: NavItem[] = [
  {
    to: '/my-sessions',
    label: 'My sessions today',
    roles: ['FACILITATOR'],
    // A facilitator takes attendance from "My sessions today"; the page stays under it.
    alsoCurrentOn: /^\/sessions\/[^/]+\/attendance$/,
  },
  { to: '/sessions', label: 'Sessions', roles: ['INTAKE', 'SUPERVISOR', 'FACILITATOR', 'AUDITOR'] },
];
