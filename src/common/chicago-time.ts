import { addDays, PROGRAM_TZ } from './dates';

/**
 * Wall-clock time in America/Chicago, the one place instants are computed from a local date and
 * time. "7 days before a class at 18:00" is 18:00 seven calendar days earlier, whatever the
 * offset then: across a DST change that is 7 × 24 hours ± one hour, never a naive
 * `− 7 × 86,400,000 ms`. A local time that does not exist (02:30 on the morning clocks spring
 * forward) becomes the instant after the gap (03:30 CDT); one that happens twice (01:30 on the
 * morning they fall back) is the first of the two.
 */

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: PROGRAM_TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallOf(at: number): Wall {
  const p = Object.fromEntries(
    parts.formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]),
  ) as Record<string, number>;
  return {
    year: p.year,
    month: p.month,
    day: p.day,
    hour: p.hour,
    minute: p.minute,
    second: p.second,
  };
}

const asUtc = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** Chicago's offset from UTC at an instant, in ms (−6 h in winter, −5 h in summer). */
const offsetAt = (at: number): number => asUtc(wallOf(at)) - Math.floor(at / 1000) * 1000;

/** The instant at which Chicago's wall clock reads `date` (YYYY-MM-DD) `time` (HH:MM). */
export function chicagoInstant(date: string, time: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const before = wall - offsetAt(wall - 12 * 3_600_000);
  const after = wall - offsetAt(wall + 12 * 3_600_000);
  const reads = (at: number) => asUtc(wallOf(at)) === wall;
  const valid = [before, after].filter(reads).sort((a, b) => a - b);
  // No valid candidate: the time falls in the spring-forward gap; the offset before the change
  // carries it past the gap.
  return new Date(valid[0] ?? before);
}

/** The Chicago calendar day (YYYY-MM-DD) and wall-clock time (HH:MM) of an instant. */
export function chicagoWallClock(at: Date): { date: string; time: string; minutes: number } {
  const w = wallOf(at.getTime());
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${w.year}-${pad(w.month)}-${pad(w.day)}`,
    time: `${pad(w.hour)}:${pad(w.minute)}`,
    minutes: w.hour * 60 + w.minute,
  };
}

/** The same wall-clock time `days` calendar days later (negative: earlier). */
export function shiftChicagoDays(at: Date, days: number): Date {
  const { date, time } = chicagoWallClock(at);
  const seconds = at.getTime() - chicagoInstant(date, time).getTime();
  return new Date(chicagoInstant(addDays(date, days), time).getTime() + seconds);
}

/** HH:MM on the Chicago day after the one `at` falls on. */
export function chicagoNextDayAt(at: Date, time: string): Date {
  return chicagoInstant(addDays(chicagoWallClock(at).date, 1), time);
}

/** Sending hours, minutes after local midnight: from `start` (included) to `end` (excluded). */
export interface SendingHours {
  start: number;
  end: number;
  startText: string;
}

/** "09:00-20:00" (validated by the configuration). */
export function parseSendingHours(text: string): SendingHours {
  const [start, end] = text.split('-');
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return { start: minutes(start), end: minutes(end), startText: start };
}

export function withinSendingHours(at: Date, hours: SendingHours): boolean {
  const { minutes } = chicagoWallClock(at);
  return minutes >= hours.start && minutes < hours.end;
}

/** `at` itself when messages may go out then, else the next minute they may. */
export function nextSendingMinute(at: Date, hours: SendingHours): Date {
  const { date, minutes } = chicagoWallClock(at);
  if (minutes >= hours.start && minutes < hours.end) return at;
  if (minutes < hours.start) return chicagoInstant(date, hours.startText);
  return chicagoInstant(addDays(date, 1), hours.startText);
}

const appointmentFmt = new Intl.DateTimeFormat('en-US', {
  timeZone: PROGRAM_TZ,
  weekday: 'short',
  month: 'short',
  day: 'numeric',
});
const timeFmt = new Intl.DateTimeFormat('en-US', {
  timeZone: PROGRAM_TZ,
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

/** "Tue, Dec 8": the Chicago day of an instant, as messages say it. */
export const chicagoDayText = (at: Date): string => appointmentFmt.format(at);

/** "Tue, Dec 8 at 6:00 PM": an appointment's Chicago date and time, as messages say it. */
export const chicagoAppointmentText = (at: Date): string =>
  `${chicagoDayText(at)} at ${timeFmt.format(at).replace(/\u202f/g, ' ')}`;

/** "Mon, Jun 7" for a calendar date (YYYY-MM-DD). */
export const calendarDayText = (date: string): string =>
  chicagoDayText(chicagoInstant(date, '12:00'));
