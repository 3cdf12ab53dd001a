/** Calendar arithmetic on day numbers (days since 1970-01-01), the seed's unit of time. */

export const dayOf = (date: string): number =>
  Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

export const dateOf = (day: number): string =>
  new Date(day * 86_400_000).toISOString().slice(0, 10);

/** 0 = Sunday … 6 = Saturday */
export const weekdayOf = (day: number): number => (day + 4) % 7;

/** America/Chicago wall-clock time on that day, `minute` minutes after midnight. */
export function localTs(day: number, minute: number): string {
  const m = Math.max(0, Math.min(24 * 60 - 1, Math.floor(minute)));
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return `${dateOf(day)} ${hh}:${mm}:00`;
}

/** Last day of the month the day falls in. */
export function monthEnd(day: number): number {
  const d = new Date(day * 86_400_000);
  return dayOf(
    new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10),
  );
}
