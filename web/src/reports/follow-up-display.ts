import type { Schemas } from '../api/client';

// The rules of how the follow-up report is read on screen: a rate with its interval, and the
// counts the report hides. Kept apart from the page so each rule has its test.

export type FollowUpFigures = Schemas['FollowUpFiguresDto'];
export type FollowUpCountField = FollowUpFigures['suppressed'][number];

/**
 * The word for every count the report hides. Counts from 1 to 9 are hidden, and so are further
 * counts — of any size, 0 included — that would let a hidden one be worked out by subtraction;
 * so the word never says how big the hidden count is.
 */
export const HIDDEN = 'Hidden';

/** What the rate column shows when nobody in the row was checked (there is no rate). */
export const NO_RATE = '—';

/**
 * A proportion (0–1) as a percentage, without the sign: whole percents, except where rounding
 * would turn a rate that is not 0 into 0, or one that is not 100 into 100 (a rate of 0.4% is
 * not "0%"): those keep one decimal.
 */
export function percentNumber(proportion: number): string {
  const pct = proportion * 100;
  const whole = Math.round(pct);
  if ((whole === 0 && pct > 0) || (whole === 100 && pct < 100)) {
    const one = (Math.round(pct * 10) / 10).toFixed(1);
    // Below 0.05% or above 99.95% even one decimal rounds to the edge.
    if (one === '0.0') return '<0.1';
    if (one === '100.0') return '>99.9';
    return one;
  }
  return String(whole);
}

/** A rate with its 95% interval: "12% (8–17%)". */
export function rateWithInterval(rate: number, low: number | null, high: number | null): string {
  const point = `${percentNumber(rate)}%`;
  if (low === null || high === null) return point;
  return `${point} (${percentNumber(low)}–${percentNumber(high)}%)`;
}

/** One count of the report as shown: its number, or that it is hidden. */
export function countCell(
  figures: FollowUpFigures,
  field: FollowUpCountField,
): { hidden: boolean; text: string } {
  const value = figures[field];
  if (figures.suppressed.includes(field) || value === null) return { hidden: true, text: HIDDEN };
  return { hidden: false, text: value.toLocaleString('en-US') };
}

/**
 * The rate of new similar charges among those checked, as shown: hidden when a count it is built
 * on is hidden; a dash when nobody was checked; otherwise the rate and its interval.
 */
export function rateCell(figures: FollowUpFigures): { hidden: boolean; text: string } {
  if (figures.suppressed.includes('checked') || figures.suppressed.includes('newChargeSimilar'))
    return { hidden: true, text: HIDDEN };
  if (figures.similarRate === null) {
    // The API leaves the rate out when nobody was checked, and when a count under it is hidden.
    return figures.checked === 0
      ? { hidden: false, text: NO_RATE }
      : { hidden: true, text: HIDDEN };
  }
  return {
    hidden: false,
    text: rateWithInterval(figures.similarRate, figures.similarRateLow, figures.similarRateHigh),
  };
}

/** Whether anything in the report is hidden (the table then says why under it). */
export function anyHidden(figures: FollowUpFigures[]): boolean {
  return figures.some((f) => f.suppressed.length > 0);
}

/** The day `months` months before `day`: the last day of the month when that one is shorter. */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The exits the report shows when no dates are chosen: the twelve months of exits whose check
 * has fallen due by `today` — those that ended `months` months ago or earlier, a year's worth.
 */
export function defaultExitRange(today: string, months: 12 | 24): { from: string; to: string } {
  const to = monthsBefore(today, months);
  const yearBefore = monthsBefore(to, 12);
  const [y, m, d] = yearBefore.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return { from: next, to };
}
