// What the ledger screens lend to the participant page.
export { LedgerTab } from './ledger-tab';
