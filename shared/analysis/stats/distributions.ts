import gammainc from '@stdlib/math-base-special-gammainc';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';

/**
 * The distribution functions the tests need, from stdlib (pure JavaScript).
 * Callers check their arguments; these only name the functions.
 */

/** P(T <= t) for Student's t with `df` degrees of freedom (df may be fractional). */
export function studentTCdf(t: number, df: number): number {
  return tCdf(t, df);
}

/**
 * P(X > x) for chi-square with `df` degrees of freedom: the upper regularised
 * incomplete gamma Q(df / 2, x / 2), precise far into the tail (no 1 - cdf).
 */
export function chiSquareSurvival(x: number, df: number): number {
  return x <= 0 ? 1 : gammainc(x / 2, df / 2, true, true);
}

/** P(Z <= z) for the standard normal. */
export function standardNormalCdf(z: number): number {
  return normalCdf(z, 0, 1);
}

/** The z with P(Z <= z) = p for the standard normal. */
export function standardNormalQuantile(p: number): number {
  return normalQuantile(p, 0, 1);
}
