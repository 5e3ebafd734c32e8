import { describe, expect, it } from 'vitest';

import {
  NonFiniteValueError,
  TooFewValuesError,
  ZeroVarianceError,
} from '../../../../shared/analysis/errors.ts';
import { welchTTest } from '../../../../shared/analysis/stats/welch.ts';
import { higher, lower, seededPair } from './fixtures.ts';

describe('Function: welchTTest', () => {
  it('matches scipy two-sided on the literal samples', () => {
    const result = welchTTest(higher, lower);

    // scipy.stats.ttest_ind(higher, lower, equal_var=False)
    expect(result.t).toBeCloseTo(3.574137856337838, 12);
    expect(result.df).toBeCloseTo(14.104551058918476, 10);
    expect(result.pValue).toBeCloseTo(0.0030189861297610894, 12);
  });

  it('halves the p-value for greater when x is the larger sample', () => {
    const result = welchTTest(higher, lower, 'greater');

    // scipy.stats.ttest_ind(higher, lower, equal_var=False, alternative='greater')
    expect(result.pValue).toBeCloseTo(0.0015094930648805447, 12);
  });

  it('returns nearly 1 for greater when x is the smaller sample', () => {
    const result = welchTTest(lower, higher, 'greater');

    // scipy.stats.ttest_ind(lower, higher, equal_var=False, alternative='greater')
    expect(result.t).toBeCloseTo(-3.574137856337838, 12);
    expect(result.pValue).toBeCloseTo(0.9984905069351194, 12);
  });

  it('matches scipy on seeded uniform sums (seed 7, n = 40 and 60)', () => {
    const { x, y } = seededPair();

    const result = welchTTest(x, y, 'greater');

    // scipy.stats.ttest_ind(x, y, equal_var=False, alternative='greater')
    expect(result.t).toBeCloseTo(2.294092362659648, 10);
    expect(result.df).toBeCloseTo(81.42748033524097, 8);
    expect(result.pValue).toBeCloseTo(0.01218068487263129, 10);
  });

  it('returns p = 1 and t = 0 for identical constant samples', () => {
    const result = welchTTest([3, 3, 3], [3, 3], 'greater');

    expect(result).toEqual({ t: 0, df: 3, pValue: 1 });
  });

  it('throws ZeroVarianceError for two different constants', () => {
    expect(() => welchTTest([1, 1, 1], [2, 2])).toThrow(ZeroVarianceError);
    expect(() => welchTTest([1, 1, 1], [2, 2])).toThrow(/constants 1 and 2/);
  });

  it('accepts one constant sample when the other varies', () => {
    const result = welchTTest([5, 5, 5, 5], [1, 2, 3], 'greater');

    // scipy.stats.ttest_ind([5]*4, [1, 2, 3], equal_var=False, alternative='greater')
    expect(result.t).toBeCloseTo(5.196152422706632, 12);
    expect(result.df).toBeCloseTo(2, 12);
  });

  it('throws TooFewValuesError naming the sample for fewer than two values', () => {
    expect(() => welchTTest([], [1, 2])).toThrow(TooFewValuesError);
    expect(() => welchTTest([1, 2], [4])).toThrow(/^y must be a sample of at least 2/);
  });

  it('throws NonFiniteValueError naming the index and value for NaN', () => {
    const run = () => welchTTest([1, 2, 3], [1, Number.NaN]);

    expect(run).toThrow(NonFiniteValueError);
    expect(run).toThrow('y[1] must be a finite number, got NaN');
  });
});
