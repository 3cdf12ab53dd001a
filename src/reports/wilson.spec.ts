import { roundRate, wilsonInterval } from './wilson';

const pct = (x: number) => Math.round(x * 1000) / 10;

describe('Wilson 95% interval', () => {
  it('3 of 20: 5.2% to 36.0% (p = 15%)', () => {
    const i = wilsonInterval(3, 20)!;
    expect([pct(i.low), pct(i.high)]).toEqual([5.2, 36.0]);
    expect([roundRate(i.low), roundRate(i.high)]).toEqual([0.0524, 0.3604]);
  });

  it('matches published values (Newcombe 1998, table I; R binom::binom.wilson)', () => {
    // 81 of 263: 0.2553 to 0.3662 (Newcombe's example a).
    const a = wilsonInterval(81, 263)!;
    expect([roundRate(a.low), roundRate(a.high)]).toEqual([0.2553, 0.3662]);
    // 15 of 148: 0.0624 to 0.1605 (example b).
    const b = wilsonInterval(15, 148)!;
    expect([roundRate(b.low), roundRate(b.high)]).toEqual([0.0624, 0.1605]);
    // 1 of 29: 0.0061 to 0.1718 (example d).
    const d = wilsonInterval(1, 29)!;
    expect([roundRate(d.low), roundRate(d.high)]).toEqual([0.0061, 0.1718]);
  });

  it('0 of n starts at exactly 0 and ends above 0: z²/(n + z²)', () => {
    // Newcombe's example e: 0 of 20 → 0 to 0.1611.
    const e = wilsonInterval(0, 20)!;
    expect(e.low).toBe(0);
    expect(roundRate(e.high)).toBe(0.1611);
    const z2 = 1.959963984540054 ** 2;
    for (const n of [1, 10, 100, 1000]) {
      const i = wilsonInterval(0, n)!;
      expect(i.low).toBe(0);
      expect(i.high).toBeCloseTo(z2 / (n + z2), 12);
    }
  });

  it('n of n ends at exactly 1 and mirrors 0 of n', () => {
    // Newcombe's example f: 29 of 29 → 0.8830 to 1.
    const f = wilsonInterval(29, 29)!;
    expect(f.high).toBe(1);
    expect(roundRate(f.low)).toBe(0.883);
    for (const n of [1, 7, 50, 400]) {
      const full = wilsonInterval(n, n)!;
      const none = wilsonInterval(0, n)!;
      expect(full.high).toBe(1);
      expect(full.low).toBeCloseTo(1 - none.high, 12);
    }
  });

  it('always contains the observed proportion and stays within 0–1', () => {
    for (let n = 1; n <= 60; n++) {
      for (let k = 0; k <= n; k++) {
        const i = wilsonInterval(k, n)!;
        expect(i.low).toBeGreaterThanOrEqual(0);
        expect(i.high).toBeLessThanOrEqual(1);
        expect(i.low).toBeLessThanOrEqual(k / n);
        expect(i.high).toBeGreaterThanOrEqual(k / n);
        expect(i.high).toBeGreaterThan(i.low);
      }
    }
  });

  it('has no interval for 0 of 0, and refuses what is not a proportion', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(RangeError);
  });
});
