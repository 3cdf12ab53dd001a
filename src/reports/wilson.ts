/** z for a two-sided 95% interval: the 0.975 quantile of the standard normal distribution. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * The Wilson score interval for a proportion: `successes` of `n` (Wilson 1927; the interval
 * Brown, Cai and DasGupta 2001 recommend for small n, where the textbook p ± z·√(p(1−p)/n) can
 * fall below 0 and is far too narrow near 0 and 1):
 *
 *   centre = (p + z²/2n) / (1 + z²/n),  half-width = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²)
 *
 * It always lies within 0–1, is never empty (0 of n gives 0 to a positive upper bound), and is
 * exact at the ends: 0 of n starts at 0 and n of n ends at 1. Null when n is 0 (no proportion).
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): Interval | null {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || successes > n)
    throw new RangeError(`${successes} of ${n} is not a count out of a total`);
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/** A proportion as the reports give it: rounded to 4 decimals (0.1234 = 12.34%). */
export const roundRate = (x: number): number => Math.round(x * 10_000) / 10_000;
