import { chicagoDate, chicagoDateTime, writtenDate } from './dates';

describe('chicagoDateTime', () => {
  it('reads an instant on the program office wall clock, standard and daylight time', () => {
    expect(chicagoDateTime(new Date('2026-02-01T00:00:00.000Z'))).toBe('2026-01-31 18:00 CST');
    expect(chicagoDateTime(new Date('2026-07-01T17:30:00.000Z'))).toBe('2026-07-01 12:30 CDT');
  });
});

describe('chicagoDate', () => {
  it('turns at midnight in Chicago, also when asked within the same minute and back again', () => {
    expect(chicagoDate(new Date('2026-01-01T05:59:00.000Z'))).toBe('2025-12-31');
    expect(chicagoDate(new Date('2026-01-01T05:59:59.999Z'))).toBe('2025-12-31');
    expect(chicagoDate(new Date('2026-01-01T06:00:00.000Z'))).toBe('2026-01-01');
    expect(chicagoDate(new Date('2026-01-01T06:00:59.999Z'))).toBe('2026-01-01');
    expect(chicagoDate(new Date('2026-01-01T05:59:30.000Z'))).toBe('2025-12-31');
    // Summer: CDT is UTC-5.
    expect(chicagoDate(new Date('2026-07-02T04:59:59.000Z'))).toBe('2026-07-01');
    expect(chicagoDate(new Date('2026-07-02T05:00:00.000Z'))).toBe('2026-07-02');
  });

  it('refuses an invalid date as Intl does', () => {
    expect(() => chicagoDate(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('writtenDate', () => {
  it('writes a calendar date as people write it, whatever the time zone', () => {
    expect(writtenDate('2026-12-06')).toBe('December 6, 2026');
    expect(writtenDate('2027-01-01')).toBe('January 1, 2027');
    expect(writtenDate('2028-02-29')).toBe('February 29, 2028');
  });
});
