import { addDays } from '../common/dates';
import { addMonthsClamped, followUpDueOn } from './follow-up-dates';

describe('follow-up due dates', () => {
  it('falls on the same day of the month 12 and 24 months after the exit', () => {
    expect(followUpDueOn('2025-06-14', 12)).toBe('2026-06-14');
    expect(followUpDueOn('2025-06-14', 24)).toBe('2027-06-14');
    expect(followUpDueOn('2025-12-31', 12)).toBe('2026-12-31');
    expect(followUpDueOn('2025-01-01', 24)).toBe('2027-01-01');
  });

  it('after an exit on 29 February: the last day of February when the year is not a leap year', () => {
    expect(followUpDueOn('2024-02-29', 12)).toBe('2025-02-28');
    expect(followUpDueOn('2024-02-29', 24)).toBe('2026-02-28');
    // Four years on, February has its 29th again.
    expect(addMonthsClamped('2024-02-29', 48)).toBe('2028-02-29');
    // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
    expect(addMonthsClamped('2096-02-29', 48)).toBe('2100-02-28');
    expect(addMonthsClamped('1996-02-29', 48)).toBe('2000-02-29');
  });

  it('after an exit on the 31st: the last day of a shorter month', () => {
    expect(addMonthsClamped('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonthsClamped('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsClamped('2025-03-31', 1)).toBe('2025-04-30');
    expect(addMonthsClamped('2025-08-31', 13)).toBe('2026-09-30');
    expect(followUpDueOn('2025-05-31', 12)).toBe('2026-05-31');
    expect(addMonthsClamped('2025-01-30', 1)).toBe('2025-02-28');
  });

  it('is 365 or 366 days after the exit, and never earlier for a later exit (every day of 2023-2025)', () => {
    for (let d = '2023-01-01'; d <= '2025-12-31'; d = addDays(d, 1)) {
      const due = followUpDueOn(d, 12);
      const days = (Date.parse(due) - Date.parse(d)) / 86_400_000;
      expect([365, 366]).toContain(days);
      // Months only move forward: a later exit is never due earlier.
      expect(followUpDueOn(addDays(d, 1), 12) >= due).toBe(true);
    }
  });

  it('refuses what is not a calendar date', () => {
    expect(() => addMonthsClamped('2025-02-30', 12)).toThrow(RangeError);
    expect(() => addMonthsClamped('2025-01-01', 1.5)).toThrow(RangeError);
  });
});
