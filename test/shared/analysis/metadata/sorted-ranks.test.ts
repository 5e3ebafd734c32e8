import { describe, expect, it } from 'vitest';
import {
  orderByValue,
  sortedRanks,
  tieSizes,
} from '../../../../shared/analysis/metadata/sorted-ranks.ts';
import { seededRandom } from '../../../../shared/analysis/random.ts';
import { averageRanks } from '../../../../shared/analysis/stats/ranks.ts';

/** Seeded values with ties, negatives, zeros of both signs and large magnitudes. */
function mixedValues(n: number, seed: number): number[] {
  const random = seededRandom(seed);
  const pool = [0, -0, 1e300, -1e300, 5e-324, -2.5, 7];

  return Array.from({ length: n }, () =>
    random() < 0.3
      ? (pool[Math.floor(random() * pool.length)] as number)
      : Math.round((random() - 0.5) * 200) / 4,
  );
}

describe('Function: sortedRanks', () => {
  it('gives the same average ranks as averageRanks (stats/ranks.ts)', () => {
    const values = mixedValues(5000, 11);

    expect(sortedRanks(values)).toEqual(averageRanks(values).ranks);
  });

  it('ranks a worked example with ties: 10, 20, 10, 30 -> 1.5, 3, 1.5, 4', () => {
    expect(Array.from(sortedRanks([10, 20, 10, 30]))).toEqual([1.5, 3, 1.5, 4]);
  });
});

describe('Function: orderByValue', () => {
  it('orders indexes by value, ties in index order, skipping NaN', () => {
    const values = Float64Array.from([3, NaN, -1, 3, 0, -1]);

    expect(Array.from(orderByValue(values))).toEqual([2, 5, 4, 0, 3]);
  });

  it('agrees with a comparator sort on seeded values', () => {
    const values = mixedValues(3000, 5);

    const expected = values
      .map((_, i) => i)
      .sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);

    expect(Array.from(orderByValue(values))).toEqual(expected);
  });
});

describe('Function: tieSizes', () => {
  it('gives the sizes of the groups of equal values in ascending order', () => {
    const values = [2, 1, 2, 2, 5, 1];

    expect(tieSizes(orderByValue(values), values)).toEqual([2, 3, 1]);
    expect(tieSizes(orderByValue(values), values)).toEqual(
      averageRanks(values).tieSizes,
    );
  });
});
