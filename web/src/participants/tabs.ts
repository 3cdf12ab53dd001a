// The participant page's tabs: the route checks the URL's `tab` against them without loading the page.
export const TABS = [
  'referrals',
  'enrollment',
  'attendance',
  'ledger',
  'contact',
  'history',
] as const;
export type Tab = (typeof TABS)[number];
