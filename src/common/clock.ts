import { chicagoDate } from './dates';

/**
 * The one source of "now" and "today" for every rule that depends on the date: receipts' year,
 * received-on and enrolled-on defaults, deadlines, "overdue", aging buckets, "sessions today",
 * certificates' dates. "Today" is the America/Chicago calendar day of `now()`. Services get it
 * injected and pass its values into SQL; no SQL decides a business date from `now()` or
 * `current_date` (timestamps of when a row was written still come from the database).
 *
 * `CLOCK_START` (refused in production) starts the clock at a given instant, from which it runs
 * on in real time: tests use it to stand at 23:30 and 00:30 in Chicago and across a DST change.
 */
export class Clock {
  constructor(private readonly offsetMs = 0) {}

  /** A clock that reads `start` now and runs on from there. */
  static startingAt(start: Date): Clock {
    return new Clock(start.getTime() - Date.now());
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** YYYY-MM-DD: today in America/Chicago. */
  today(): string {
    return chicagoDate(this.now());
  }

  /** The calendar year (America/Chicago) of a YYYY-MM-DD date, or of today. */
  year(date: string = this.today()): number {
    return Number(date.slice(0, 4));
  }
}

let processClock = new Clock();

/**
 * The clock of this process, for the few places Nest cannot inject into (class-validator
 * decorators). Set once at start-up, from the same value the `Clock` provider gives.
 */
export const programClock = (): Clock => processClock;

export function useProgramClock(clock: Clock): Clock {
  processClock = clock;
  return clock;
}
