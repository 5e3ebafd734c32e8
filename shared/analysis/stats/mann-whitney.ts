import { checkSample } from './check.ts';
import type { Values } from './check.ts';
import { standardNormalCdf } from './distributions.ts';
import { averageRanks, firstSampleU } from './ranks.ts';
import type { Alternative, MannWhitneyResult } from './types.ts';

/**
 * Mann–Whitney U test of x against y by the normal approximation, with the
 * tie correction of the variance and a continuity correction of 1/2 (as
 * scipy.stats.mannwhitneyu with method='asymptotic'). With 'greater' it tests
 * whether x tends to be larger than y. When every value is the same there is
 * nothing to rank: z = 0 and p = 1.
 *
 * @throws TooFewValuesError on an empty sample; NonFiniteValueError on NaN
 *   or an infinity.
 */
export function mannWhitneyU(
  x: Values,
  y: Values,
  alternative: Alternative = 'two-sided',
): MannWhitneyResult {
  checkSample(x, 'x', 1);
  checkSample(y, 'y', 1);

  const ranking = averageRanks([...x, ...y]);
  const u = firstSampleU(ranking, x.length);

  return mannWhitneyOfU(u, ranking.tieSizes, x.length, y.length, alternative);
}

/**
 * The test from U and the pooled sample's tie sizes, for callers that rank
 * once and test many groups (same figures as `mannWhitneyU`).
 */
export function mannWhitneyOfU(
  u: number,
  tieSizes: readonly number[],
  nx: number,
  ny: number,
  alternative: Alternative = 'two-sided',
): MannWhitneyResult {
  const spread = uStandardDeviation({ tieSizes }, nx, ny);
  if (spread === 0) {
    return { u, z: 0, pValue: 1 };
  }
  const z = correctedZ(u - (nx * ny) / 2, spread, alternative);
  const pValue =
    alternative === 'greater'
      ? standardNormalCdf(-z)
      : Math.min(1, 2 * standardNormalCdf(-Math.abs(z)));

  return { u, z, pValue };
}

function uStandardDeviation(
  { tieSizes }: { tieSizes: readonly number[] },
  nx: number,
  ny: number,
): number {
  const n = nx + ny;
  const tieTerm = tieSizes.reduce((sum, t) => sum + (t ** 3 - t), 0);

  return Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
}

/** Moves the deviation 1/2 toward zero ('two-sided') or down ('greater'). */
function correctedZ(deviation: number, spread: number, alternative: Alternative) {
  if (alternative === 'greater') {
    return (deviation - 0.5) / spread;
  }

  return (Math.sign(deviation) * Math.max(0, Math.abs(deviation) - 0.5)) / spread;
}
