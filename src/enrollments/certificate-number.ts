/**
 * `C-YYYY-` (the year of completion, America/Chicago) and the first 8 hex digits of the
 * enrollment id, uppercased: short enough to read to a clerk, unique by the column's index.
 */
export const certificateNumber = (enrollmentId: string, closedOn: string): string =>
  `C-${closedOn.slice(0, 4)}-${enrollmentId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
