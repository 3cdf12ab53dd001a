import type { NavItem } from '../app/nav';

// Navigation items of the ledger screens (kept apart from routes.tsx: no import cycle with the shell).
export const ledgerNav: NavItem[] = [];
