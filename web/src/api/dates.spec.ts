import {
  addDays,
  ageOn,
  chicagoToday,
  formatDate,
  formatTimestamp,
  parseDateInput,
  toDateInput,
} from './dates';

describe('Chicago dates', () => {
  it('takes today from Chicago, not from the browser or UTC', () => {
    // 05:30 UTC on 1 March is still 29 February in Chicago (CST, UTC−6) in a leap year.
    expect(chicagoToday(new Date('2028-03-01T05:30:00Z'))).toBe('2028-02-29');
    expect(chicagoToday(new Date('2028-03-01T06:30:00Z'))).toBe('2028-03-01');
    // In summer Chicago is UTC−5.
    expect(chicagoToday(new Date('2026-07-04T04:59:00Z'))).toBe('2026-07-03');
    expect(chicagoToday(new Date('2026-07-04T05:00:00Z'))).toBe('2026-07-04');
  });

  it('changes day at Chicago midnight on both sides of the DST change', () => {
    // 8 March 2026: clocks go forward at 02:00 CST.
    expect(chicagoToday(new Date('2026-03-08T05:59:00Z'))).toBe('2026-03-07');
    expect(chicagoToday(new Date('2026-03-08T06:00:00Z'))).toBe('2026-03-08');
    expect(chicagoToday(new Date('2026-03-09T04:59:00Z'))).toBe('2026-03-08');
    expect(chicagoToday(new Date('2026-03-09T05:00:00Z'))).toBe('2026-03-09');
  });

  it('shows timestamps in Chicago time with the zone', () => {
    expect(formatTimestamp('2026-11-29T01:30:00Z')).toBe('Nov 28, 2026, 7:30 PM CST');
    expect(formatTimestamp('2026-07-01T17:05:00Z')).toBe('Jul 1, 2026, 12:05 PM CDT');
    expect(formatTimestamp(null)).toBe('—');
  });

  it('shows a calendar date as written, whatever the time zone', () => {
    expect(formatDate('2026-03-07')).toBe('Mar 7, 2026');
    expect(formatDate('1986-04-28')).toBe('Apr 28, 1986');
  });

  it('reads dates typed as month/day/year or ISO, and refuses impossible ones', () => {
    expect(parseDateInput('04/28/1986')).toBe('1986-04-28');
    expect(parseDateInput('4/8/1986')).toBe('1986-04-08');
    expect(parseDateInput(' 2026-03-14 ')).toBe('2026-03-14');
    expect(parseDateInput('02/29/2027')).toBeNull();
    expect(parseDateInput('13/01/2026')).toBeNull();
    expect(parseDateInput('28/04/1986')).toBeNull();
    expect(parseDateInput('yesterday')).toBeNull();
  });

  it('fills a date field the way dates are typed, and back', () => {
    expect(toDateInput('2026-03-07')).toBe('03/07/2026');
    expect(parseDateInput(toDateInput('1986-04-28'))).toBe('1986-04-28');
    expect(toDateInput(undefined)).toBe('');
    expect(toDateInput('2026-03-07T10:00:00Z')).toBe('');
  });

  it('does calendar arithmetic and ages without time zones', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-08', -1)).toBe('2026-03-07');
    expect(ageOn('2008-03-14', '2026-03-13')).toBe(17);
    expect(ageOn('2008-03-14', '2026-03-14')).toBe(18);
  });
});
