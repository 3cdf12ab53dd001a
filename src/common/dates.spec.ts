import { chicagoDateTime } from './dates';

describe('chicagoDateTime', () => {
  it('reads an instant on the program office wall clock, standard and daylight time', () => {
    expect(chicagoDateTime(new Date('2026-02-01T00:00:00.000Z'))).toBe('2026-01-31 18:00 CST');
    expect(chicagoDateTime(new Date('2026-07-01T17:30:00.000Z'))).toBe('2026-07-01 12:30 CDT');
  });
});
