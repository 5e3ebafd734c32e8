import { checkSample } from './check.ts';
import type { Values } from './check.ts';
import { averageRanks, firstSampleU } from './ranks.ts';

/**
 * Cliff's delta of x against y: (#(x > y) - #(x < y)) / (n_x n_y) over all
 * pairs, from -1 (every x below every y) to 1. Computed from the rank sum as
 * 2U / (n_x n_y) - 1, in O(n log n).
 *
 * @throws TooFewValuesError on an empty sample; NonFiniteValueError on NaN
 *   or an infinity.
 */
export function cliffsDelta(x: Values, y: Values): number {
  checkSample(x, 'x', 1);
  checkSample(y, 'y', 1);

  const u = firstSampleU(averageRanks([...x, ...y]), x.length);

  return (2 * u) / (x.length * y.length) - 1;
}
