import type { NavItem } from '../app/nav-item';

// Navigation items of the ledger screens (kept apart from routes.tsx: no import cycle with the shell).
// None: a ledger is reached from its participant's page ("Ledger" tab), payments of a day from
// the home page's "Payments today" card.
export const ledgerNav: NavItem[] = [];
