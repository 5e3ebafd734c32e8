import { ZeroVarianceError } from '../errors.ts';
import type { Values } from './check.ts';
import { summarizeSample } from './summary.ts';

/**
 * Hedges' g of x against y: Cohen's d with the pooled standard deviation,
 * sqrt(((n_x - 1) s_x² + (n_y - 1) s_y²) / (n_x + n_y - 2)), times the
 * small-sample correction J = 1 - 3 / (4 (n_x + n_y) - 9). Positive when x is
 * larger. Two constant samples with the same value give 0.
 *
 * @throws TooFewValuesError, NonFiniteValueError on bad samples (two values
 *   each at least); ZeroVarianceError when both are constant and differ.
 */
export function hedgesG(x: Values, y: Values): number {
  const a = summarizeSample(x, 'x');
  const b = summarizeSample(y, 'y');
  const df = a.n + b.n - 2;
  const pooled = Math.sqrt(((a.n - 1) * a.variance + (b.n - 1) * b.variance) / df);
  if (pooled === 0) {
    if (a.mean !== b.mean) throw new ZeroVarianceError('x, y', a.mean, b.mean);
    return 0;
  }

  const correction = 1 - 3 / (4 * (a.n + b.n) - 9);

  return ((a.mean - b.mean) / pooled) * correction;
}
