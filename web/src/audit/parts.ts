// What the audit screens lend to other features' pages: a record's history.
export { HistoryTab } from './history-tab';
