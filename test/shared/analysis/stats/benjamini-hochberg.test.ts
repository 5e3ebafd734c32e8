import { describe, expect, it } from 'vitest';

import { StatisticInputError } from '../../../../shared/analysis/errors.ts';
import { benjaminiHochberg } from '../../../../shared/analysis/stats/benjamini-hochberg.ts';

describe('Function: benjaminiHochberg', () => {
  it('matches scipy, in input order, with ties and a monotone step', () => {
    const pValues = [0.01, 0.04, 0.03, 0.5, 0.002, 0.04, 0.9, 0.2];

    const qValues = benjaminiHochberg(pValues);

    // scipy.stats.false_discovery_control(pValues, method='bh')
    const expected = [
      0.04, 0.064, 0.064, 0.5714285714285714, 0.016, 0.064, 0.9, 0.26666666666666666,
    ];
    qValues.forEach((q, i) => expect(q).toBeCloseTo(expected[i] as number, 14));
  });

  it('lowers a q-value to the q of a larger p-value when that is smaller', () => {
    // scipy.stats.false_discovery_control([0.8, 0.9, 0.95], method='bh')
    expect(benjaminiHochberg([0.8, 0.9, 0.95])).toEqual([0.95, 0.95, 0.95]);
  });

  it('caps q-values at 1', () => {
    expect(benjaminiHochberg(Float64Array.from([1, 1]))).toEqual([1, 1]);
  });

  it('returns no q-values for no p-values', () => {
    expect(benjaminiHochberg([])).toEqual([]);
  });

  it('throws StatisticInputError naming the index of a p-value above 1 or NaN', () => {
    expect(() => benjaminiHochberg([0.1, 1.5])).toThrow(StatisticInputError);
    expect(() => benjaminiHochberg([0.1, 1.5])).toThrow(
      'pValues[1] must be a probability',
    );
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(/pValues\[0\].*got NaN/);
  });
});
