import type { NavItem } from '../app/nav';

// Navigation items of the sessions screens (kept apart from routes.tsx: no import cycle with the shell).
export const sessionsNav: NavItem[] = [];
