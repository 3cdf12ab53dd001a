import { isTimestampWithOffset } from './validators';

describe('isTimestampWithOffset', () => {
  it.each([
    ['2026-11-28T18:30:00-06:00', true],
    ['2026-11-28T18:30Z', true],
    ['2026-11-28T18:30:00.123456+00:00', true],
    ['2026-02-30T10:00:00-06:00', false],
    ['2026-11-28T24:00:00Z', false],
    ['2026-11-28T18:30:00', false],
    ['2026-11-28T18:30:00+15:00', false],
    ['2026-11-28', false],
    [20261128, false],
  ])('%p → %p', (value, expected) => {
    expect(isTimestampWithOffset(value)).toBe(expected);
  });
});
