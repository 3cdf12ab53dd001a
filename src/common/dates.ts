/** Calendar dates are the program office's: America/Chicago. */
export const PROGRAM_TZ = 'America/Chicago';

const fmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: PROGRAM_TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

let cachedMinute = NaN;
let cachedDate = '';

/**
 * YYYY-MM-DD of the instant in America/Chicago. Kept for the UTC minute it was computed in (the
 * zone's offsets are whole hours, so its midnight falls on a minute boundary): every payment asks
 * for today, and Intl formatting is the dear part.
 */
export function chicagoDate(at: Date = new Date()): string {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== cachedMinute) {
    cachedDate = fmt.format(at);
    cachedMinute = minute;
  }
  return cachedDate;
}

const timeFmt = new Intl.DateTimeFormat('en-US', {
  timeZone: PROGRAM_TZ,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** "2026-02-01 18:05 CST": an instant as the program office's wall clock reads it. */
export function chicagoDateTime(at: Date): string {
  const parts = Object.fromEntries(timeFmt.formatToParts(at).map((p) => [p.type, p.value]));
  return `${chicagoDate(at)} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A calendar date as people write it: "2026-12-06" → "December 6, 2026". */
export function writtenDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${MONTH_NAMES[m - 1]} ${d}, ${y}`;
}

/** Whole years between two calendar dates (YYYY-MM-DD), birthdays counted on the day. */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [oy, om, od] = on.split('-').map(Number);
  let age = oy - by;
  if (om < bm || (om === bm && od < bd)) age -= 1;
  return age;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const isCalendarDate = (value: string): boolean => {
  // Years before 1900 are refused too: no date this product records is older, and PostgreSQL
  // refuses year 0.
  if (!/^(19|2\d)\d{2}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
};
