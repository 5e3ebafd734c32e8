import { ZeroVarianceError } from '../errors.ts';
import type { Values } from './check.ts';
import { studentTCdf } from './distributions.ts';
import { summarizeSample } from './summary.ts';
import type { SampleSummary } from './summary.ts';
import type { Alternative, WelchResult } from './types.ts';

/**
 * Welch's t-test of two samples of at least two finite values each (unequal
 * variances). With 'greater' it tests mean x > mean y.
 *
 * @throws TooFewValuesError, NonFiniteValueError on bad samples;
 *   ZeroVarianceError when both samples are constant with different values.
 */
export function welchTTest(
  x: Values,
  y: Values,
  alternative: Alternative = 'two-sided',
): WelchResult {
  return welchTTestFromSummaries(
    summarizeSample(x, 'x'),
    summarizeSample(y, 'y'),
    alternative,
  );
}

/**
 * Welch's t-test from the samples' summaries. Two constant samples with the
 * same value show no difference: t = 0, df = n_x + n_y - 2 (the Welch
 * formula is 0 / 0 there) and p = 1.
 */
export function welchTTestFromSummaries(
  x: SampleSummary,
  y: SampleSummary,
  alternative: Alternative = 'two-sided',
): WelchResult {
  const a = x.variance / x.n;
  const b = y.variance / y.n;
  const difference = x.mean - y.mean;
  if (a + b === 0) {
    if (difference !== 0) throw new ZeroVarianceError('x, y', x.mean, y.mean);
    return { t: 0, df: x.n + y.n - 2, pValue: 1 };
  }

  const t = difference / Math.sqrt(a + b);
  const df = (a + b) ** 2 / (a ** 2 / (x.n - 1) + b ** 2 / (y.n - 1));
  const pValue =
    alternative === 'greater' ? studentTCdf(-t, df) : 2 * studentTCdf(-Math.abs(t), df);

  return { t, df, pValue: Math.min(1, pValue) };
}
