import { isCalendarDate } from '../common/dates';

/** Follow-up checks are due this many months after an enrollment ends. */
export const FOLLOW_UP_MONTHS = [12, 24] as const;
export type FollowUpMonths = (typeof FOLLOW_UP_MONTHS)[number];

const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The calendar day `months` months after `date` (both YYYY-MM-DD): the same day of the month,
 * or the last day of the month when that month is shorter — 12 months after 2024-02-29 is
 * 2025-02-28, one month after 2025-01-31 is 2025-02-28. PostgreSQL's `date + interval 'N months'`
 * gives the same day (the due list and the report's SQL use it; the tests hold both to these
 * examples).
 */
export function addMonthsClamped(date: string, months: number): string {
  if (!isCalendarDate(date)) throw new RangeError(`${date} is not a calendar date`);
  if (!Number.isInteger(months)) throw new RangeError(`${months} is not a whole number of months`);
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The day a follow-up check falls due: `months` after the exit (the Chicago day it ended). */
export const followUpDueOn = (exitedOn: string, months: FollowUpMonths): string =>
  addMonthsClamped(exitedOn, months);
