// The fees report's groupings: the route checks the URL's `groupBy` against them without loading the report.
export const GROUPINGS = ['program', 'method', 'month', 'day'] as const;
export type Grouping = (typeof GROUPINGS)[number];
