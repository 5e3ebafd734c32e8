import { StatisticInputError } from '../errors.ts';
import type { Values } from './check.ts';

/**
 * Benjamini–Hochberg q-values, in the order of the p-values given: the p-value
 * of rank i (ascending) times m / i, made monotone by taking the smallest such
 * value at or above each rank, capped at 1. No p-values give no q-values.
 *
 * @throws StatisticInputError on a p-value outside [0, 1] or NaN.
 */
export function benjaminiHochberg(pValues: Values): number[] {
  pValues.forEach((p: number, i: number) => {
    if (!(p >= 0 && p <= 1)) {
      throw new StatisticInputError(`pValues[${i}]`, p, 'a probability in [0, 1]');
    }
  });

  const m = pValues.length;
  const order = Array.from(pValues, (_, i) => i).sort(
    (i, j) => (pValues[i] as number) - (pValues[j] as number) || i - j,
  );
  const qValues = new Array<number>(m);
  let smallest = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1] as number;
    smallest = Math.min(smallest, (pValues[index] as number) * (m / rank));
    qValues[index] = smallest;
  }

  return qValues;
}
