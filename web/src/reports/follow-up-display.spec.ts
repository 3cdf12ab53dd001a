import {
  anyHidden,
  countCell,
  defaultExitRange,
  HIDDEN,
  monthsBefore,
  NO_RATE,
  percentNumber,
  rateCell,
  rateWithInterval,
  type FollowUpFigures,
} from './follow-up-display';

const figures = (f: Partial<FollowUpFigures>): FollowUpFigures => ({
  exits: 40,
  checked: 30,
  unableToCheck: 10,
  newChargeSimilar: 0,
  newChargeOther: 0,
  similarRate: 0,
  similarRateLow: 0,
  similarRateHigh: 0.1135,
  suppressed: [],
  ...f,
});

describe('Follow-up report: a rate with its 95% interval', () => {
  it('reads as "12% (8–17%)", in whole percents', () => {
    expect(rateWithInterval(0.12, 0.0812, 0.1698)).toBe('12% (8–17%)');
    // 3 of 20: Wilson 5.2%–36.0%.
    expect(rateWithInterval(0.15, 0.0524, 0.3604)).toBe('15% (5–36%)');
    expect(rateWithInterval(0, 0, 0.2775)).toBe('0% (0–28%)');
    expect(rateWithInterval(1, 0.7225, 1)).toBe('100% (72–100%)');
  });

  it('never rounds a rate that is not 0 down to 0, nor one below 100 up to 100', () => {
    expect(percentNumber(0.004)).toBe('0.4');
    expect(percentNumber(0.0049)).toBe('0.5');
    expect(percentNumber(0.0004)).toBe('<0.1');
    expect(percentNumber(0.996)).toBe('99.6');
    expect(percentNumber(0.99996)).toBe('>99.9');
    expect(rateWithInterval(0.004, 0.0011, 0.0145)).toBe('0.4% (0.1–1%)');
    expect(percentNumber(0.005)).toBe('1');
    expect(percentNumber(0)).toBe('0');
    expect(percentNumber(1)).toBe('100');
  });

  it('keeps the point when the interval is missing', () => {
    expect(rateWithInterval(0.2, null, null)).toBe('20%');
  });
});

describe('Follow-up report: hidden counts', () => {
  it('shows a count that is not suppressed, with thousands separators', () => {
    expect(countCell(figures({ exits: 1234 }), 'exits')).toEqual({ hidden: false, text: '1,234' });
    expect(countCell(figures({ newChargeOther: 0 }), 'newChargeOther')).toEqual({
      hidden: false,
      text: '0',
    });
  });

  it('labels every suppressed count the same neutral way, never as "fewer than 10"', () => {
    // Suppressed because it is from 1 to 9, and because it would give another away (here 0 and 25).
    const row = figures({
      checked: null,
      newChargeSimilar: null,
      newChargeOther: null,
      suppressed: ['checked', 'newChargeSimilar', 'newChargeOther'],
    });
    for (const field of ['checked', 'newChargeSimilar', 'newChargeOther'] as const) {
      expect(countCell(row, field)).toEqual({ hidden: true, text: HIDDEN });
      expect(countCell(row, field).text).not.toMatch(/fewer|less|under|<|10/i);
    }
    expect(countCell(row, 'exits')).toEqual({ hidden: false, text: '40' });
  });

  it('hides the rate when a count it is built on is hidden', () => {
    const hiddenSimilar = figures({
      newChargeSimilar: null,
      similarRate: null,
      similarRateLow: null,
      similarRateHigh: null,
      suppressed: ['newChargeSimilar'],
    });
    expect(rateCell(hiddenSimilar)).toEqual({ hidden: true, text: HIDDEN });
    const hiddenChecked = figures({
      checked: null,
      similarRate: null,
      similarRateLow: null,
      similarRateHigh: null,
      suppressed: ['checked'],
    });
    expect(rateCell(hiddenChecked)).toEqual({ hidden: true, text: HIDDEN });
    // A hidden count the rate is not built on leaves it shown.
    const hiddenOther = figures({
      newChargeSimilar: 12,
      newChargeOther: null,
      similarRate: 0.4,
      similarRateLow: 0.2459,
      similarRateHigh: 0.5768,
      suppressed: ['newChargeOther'],
    });
    expect(rateCell(hiddenOther)).toEqual({ hidden: false, text: '40% (25–58%)' });
  });

  it('shows a dash, not "Hidden", where nobody was checked', () => {
    const none = figures({
      checked: 0,
      similarRate: null,
      similarRateLow: null,
      similarRateHigh: null,
    });
    expect(rateCell(none)).toEqual({ hidden: false, text: NO_RATE });
  });

  it('says whether anything in the report is hidden', () => {
    expect(anyHidden([figures({}), figures({})])).toBe(false);
    expect(anyHidden([figures({}), figures({ exits: null, suppressed: ['exits'] })])).toBe(true);
  });
});

describe('Follow-up report: the exits shown by default', () => {
  it('steps back whole months, to the month’s last day when it is shorter', () => {
    expect(monthsBefore('2027-03-15', 12)).toBe('2026-03-15');
    expect(monthsBefore('2027-03-31', 1)).toBe('2027-02-28');
    expect(monthsBefore('2028-02-29', 12)).toBe('2027-02-28');
    expect(monthsBefore('2027-01-10', 24)).toBe('2025-01-10');
    expect(monthsBefore('2027-01-31', 2)).toBe('2026-11-30');
  });

  it('is the year of exits whose check has fallen due by today', () => {
    expect(defaultExitRange('2027-03-15', 12)).toEqual({ from: '2025-03-16', to: '2026-03-15' });
    expect(defaultExitRange('2027-03-15', 24)).toEqual({ from: '2024-03-16', to: '2025-03-15' });
    expect(defaultExitRange('2027-12-31', 12)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});
