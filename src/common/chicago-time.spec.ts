import {
  calendarDayText,
  chicagoAppointmentText,
  chicagoInstant,
  chicagoNextDayAt,
  chicagoWallClock,
  nextSendingMinute,
  parseSendingHours,
  shiftChicagoDays,
  withinSendingHours,
} from './chicago-time';

const iso = (d: Date) => d.toISOString();

describe('chicagoInstant', () => {
  it('reads wall-clock time in standard and daylight time', () => {
    expect(iso(chicagoInstant('2026-12-08', '18:00'))).toBe('2026-12-09T00:00:00.000Z');
    expect(iso(chicagoInstant('2026-07-01', '09:00'))).toBe('2026-07-01T14:00:00.000Z');
  });

  it('carries a time in the spring-forward gap past it, and takes the first of a repeated hour', () => {
    // 2027-03-14: 02:00 CST becomes 03:00 CDT.
    expect(iso(chicagoInstant('2027-03-14', '02:30'))).toBe('2027-03-14T08:30:00.000Z');
    expect(chicagoWallClock(chicagoInstant('2027-03-14', '02:30')).time).toBe('03:30');
    // 2026-11-01: 02:00 CDT becomes 01:00 CST; 01:30 happens twice.
    expect(iso(chicagoInstant('2026-11-01', '01:30'))).toBe('2026-11-01T06:30:00.000Z');
  });
});

describe('shiftChicagoDays', () => {
  it('keeps the wall-clock time across the spring DST change (a naive 7 × 24 h is an hour off)', () => {
    const lesson = chicagoInstant('2027-03-16', '18:00');
    expect(iso(lesson)).toBe('2027-03-16T23:00:00.000Z');
    const weekBefore = shiftChicagoDays(lesson, -7);
    expect(iso(weekBefore)).toBe('2027-03-10T00:00:00.000Z');
    expect(iso(new Date(lesson.getTime() - 7 * 86_400_000))).toBe('2027-03-09T23:00:00.000Z');
    expect(chicagoWallClock(weekBefore)).toMatchObject({ date: '2027-03-09', time: '18:00' });
    expect(iso(shiftChicagoDays(lesson, -1))).toBe('2027-03-15T23:00:00.000Z');
  });

  it('keeps the wall-clock time across the autumn DST change', () => {
    const lesson = chicagoInstant('2026-11-03', '18:00');
    expect(iso(lesson)).toBe('2026-11-04T00:00:00.000Z');
    const weekBefore = shiftChicagoDays(lesson, -7);
    expect(iso(weekBefore)).toBe('2026-10-27T23:00:00.000Z');
    expect(chicagoWallClock(weekBefore)).toMatchObject({ date: '2026-10-27', time: '18:00' });
    // The day before the change, the day after it.
    expect(chicagoWallClock(shiftChicagoDays(chicagoInstant('2026-10-31', '18:00'), 1))).toEqual({
      date: '2026-11-01',
      time: '18:00',
      minutes: 18 * 60,
    });
  });

  it('keeps seconds', () => {
    const at = new Date('2026-12-08T15:04:05.000Z');
    expect(iso(shiftChicagoDays(at, 1))).toBe('2026-12-09T15:04:05.000Z');
  });
});

describe('the morning after', () => {
  it('is 09:00 Chicago on the next day, also when the clocks change that night', () => {
    expect(iso(chicagoNextDayAt(chicagoInstant('2027-03-13', '18:00'), '09:00'))).toBe(
      '2027-03-14T14:00:00.000Z',
    );
    expect(iso(chicagoNextDayAt(chicagoInstant('2026-10-31', '18:00'), '09:00'))).toBe(
      '2026-11-01T15:00:00.000Z',
    );
    // 23:30 Chicago is already the next day in UTC: still the next Chicago day.
    expect(iso(chicagoNextDayAt(chicagoInstant('2026-12-08', '23:30'), '09:00'))).toBe(
      '2026-12-09T15:00:00.000Z',
    );
  });
});

describe('sending hours', () => {
  const hours = parseSendingHours('09:00-20:00');

  it('lets 09:00 to 19:59 through and holds 20:00 and 08:59', () => {
    expect(withinSendingHours(chicagoInstant('2026-12-08', '19:59'), hours)).toBe(true);
    expect(withinSendingHours(chicagoInstant('2026-12-08', '09:00'), hours)).toBe(true);
    expect(withinSendingHours(chicagoInstant('2026-12-08', '20:00'), hours)).toBe(false);
    expect(withinSendingHours(chicagoInstant('2026-12-08', '08:59'), hours)).toBe(false);
  });

  it('moves a message due outside them to the next allowed minute', () => {
    const at = (d: string, t: string) => chicagoInstant(d, t);
    expect(iso(nextSendingMinute(at('2026-12-08', '19:59'), hours))).toBe(
      iso(at('2026-12-08', '19:59')),
    );
    expect(iso(nextSendingMinute(at('2026-12-08', '20:00'), hours))).toBe(
      iso(at('2026-12-09', '09:00')),
    );
    expect(iso(nextSendingMinute(at('2026-12-08', '08:59'), hours))).toBe(
      iso(at('2026-12-08', '09:00')),
    );
    // Across the spring change: 09:00 CDT is 14:00Z, not 15:00Z.
    expect(iso(nextSendingMinute(at('2027-03-13', '22:00'), hours))).toBe(
      '2027-03-14T14:00:00.000Z',
    );
  });
});

describe('how messages say a time', () => {
  it('says the Chicago day and time, whatever the instant in UTC', () => {
    expect(chicagoAppointmentText(chicagoInstant('2026-12-08', '18:00'))).toBe(
      'Tue, Dec 8 at 6:00 PM',
    );
    expect(chicagoAppointmentText(chicagoInstant('2027-03-16', '09:30'))).toBe(
      'Tue, Mar 16 at 9:30 AM',
    );
    expect(calendarDayText('2027-06-07')).toBe('Mon, Jun 7');
  });
});
