import { describe, expect, it } from 'vitest';

import {
  NonFiniteValueError,
  TooFewValuesError,
} from '../../../../shared/analysis/errors.ts';
import { mannWhitneyU } from '../../../../shared/analysis/stats/mann-whitney.ts';
import { seededPair, tiedA, tiedB } from './fixtures.ts';

describe('Function: mannWhitneyU', () => {
  it('matches scipy for greater on tied samples (tie and continuity corrections)', () => {
    const result = mannWhitneyU(tiedA, tiedB, 'greater');

    // scipy.stats.mannwhitneyu(tiedA, tiedB, alternative='greater', method='asymptotic')
    expect(result.u).toBe(55.5);
    expect(result.pValue).toBeCloseTo(0.031075675471800922, 12);
    // scipy.stats.norm.isf(0.031075675471800922)
    expect(result.z).toBeCloseTo(1.8652144496841798, 10);
  });

  it('doubles the one-sided p-value for two-sided', () => {
    const result = mannWhitneyU(tiedA, tiedB);

    // scipy.stats.mannwhitneyu(tiedA, tiedB, alternative='two-sided', method='asymptotic')
    expect(result.u).toBe(55.5);
    expect(result.pValue).toBeCloseTo(0.062151350943601844, 12);
  });

  it('returns nearly 1 for greater when x tends to be smaller', () => {
    const result = mannWhitneyU(tiedB, tiedA, 'greater');

    // scipy.stats.mannwhitneyu(tiedB, tiedA, alternative='greater', method='asymptotic')
    expect(result.u).toBe(16.5);
    expect(result.pValue).toBeCloseTo(0.9751991928224824, 12);
    // scipy.stats.norm.isf(0.9751991928224824)
    expect(result.z).toBeCloseTo(-1.9633836312465058, 10);
  });

  it('matches scipy on seeded uniform sums (seed 7, n = 40 and 60)', () => {
    const { x, y } = seededPair();

    const greater = mannWhitneyU(x, y, 'greater');
    const twoSided = mannWhitneyU(x, y);

    // scipy.stats.mannwhitneyu(x, y, alternative=..., method='asymptotic')
    expect(greater.u).toBe(1498);
    expect(greater.pValue).toBeCloseTo(0.018165532115527266, 12);
    expect(twoSided.pValue).toBeCloseTo(0.03633106423105453, 12);
  });

  it('returns p = 1 when every value is the same', () => {
    expect(mannWhitneyU([2, 2, 2], [2, 2], 'greater')).toEqual({
      u: 3,
      z: 0,
      pValue: 1,
    });
  });

  it('returns p = 1 two-sided when U sits within the continuity correction of its mean', () => {
    const result = mannWhitneyU([1, 3], [2, 2]);

    expect(result.u).toBe(2);
    expect(result.pValue).toBe(1);
  });

  it('throws TooFewValuesError for an empty sample', () => {
    expect(() => mannWhitneyU([1], [])).toThrow(TooFewValuesError);
  });

  it('throws NonFiniteValueError naming the index for an infinity', () => {
    const run = () => mannWhitneyU([1, Infinity], [2]);

    expect(run).toThrow(NonFiniteValueError);
    expect(run).toThrow('x[1] must be a finite number, got Infinity');
  });
});
