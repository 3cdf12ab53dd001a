import { OFFICE_TIME_ZONE } from '../api/dates';

// Session times are instants; staff read and type them as Chicago wall-clock time.

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: OFFICE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Chicago's offset from UTC in minutes at an instant: −360 (CST) or −300 (CDT). */
function chicagoOffsetMinutes(instant: number): number {
  const p: Record<string, number> = {};
  for (const { type, value } of parts.formatToParts(new Date(instant))) p[type] = Number(value);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A Chicago calendar date and wall-clock time (HH:MM, 24-hour) → ISO 8601 with its offset,
 * e.g. `2026-12-05`, `09:00` → `2026-12-05T09:00:00-06:00`. Daylight saving is taken into
 * account for that very date.
 */
export function chicagoTimestamp(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, h, mi);
  let offset = chicagoOffsetMinutes(wall);
  const second = chicagoOffsetMinutes(wall - offset * 60_000);
  if (second !== offset) offset = second;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date}T${pad(h)}:${pad(mi)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A time as staff type it — `9:00 AM`, `9am`, `2:30 pm`, `14:30`, `0900` — → `HH:MM` (24-hour),
 * or null when it is not a time of day.
 */
export function parseTimeInput(input: string): string | null {
  const text = input.trim().toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ');
  const m = /^(\d{1,2})(?::?(\d{2}))?\s*(am|pm|a|p)?$/.exec(text);
  if (!m) return null;
  let h = Number(m[1]);
  const mi = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.[0];
  if (mi > 59) return null;
  if (half) {
    if (h < 1 || h > 12) return null;
    if (half === 'a' && h === 12) h = 0;
    if (half === 'p' && h !== 12) h += 12;
  } else if (h > 23 || (m[2] === undefined && m[1].length > 2)) return null;
  return `${pad(h)}:${pad(mi)}`;
}

const clock = new Intl.DateTimeFormat('en-US', {
  timeZone: OFFICE_TIME_ZONE,
  hour: 'numeric',
  minute: '2-digit',
});

const clockZone = new Intl.DateTimeFormat('en-US', {
  timeZone: OFFICE_TIME_ZONE,
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** `9:00 AM` (Chicago). */
export function formatClock(iso: string): string {
  return clock.format(new Date(iso));
}

/** `9:00 AM – 12:00 PM CST` (Chicago). */
export function formatTimeRange(startsAt: string, endsAt: string): string {
  return `${clock.format(new Date(startsAt))} – ${clockZone.format(new Date(endsAt))}`;
}

const weekday = new Intl.DateTimeFormat('en-US', {
  timeZone: OFFICE_TIME_ZONE,
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** `Saturday, December 5, 2026` for an instant, in Chicago. */
export function formatSessionDay(iso: string): string {
  return weekday.format(new Date(iso));
}

/** `Saturday, December 5, 2026` for a calendar date (YYYY-MM-DD). */
export function formatLongDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  // Noon UTC is the same calendar day in Chicago.
  return weekday.format(new Date(Date.UTC(y, m - 1, d, 18)));
}
