import { describe, expect, it } from 'vitest';

import {
  TooFewValuesError,
  ZeroVarianceError,
} from '../../../../shared/analysis/errors.ts';
import { cliffsDelta } from '../../../../shared/analysis/stats/cliffs-delta.ts';
import { hedgesG } from '../../../../shared/analysis/stats/hedges-g.ts';
import { higher, lower, tiedA, tiedB } from './fixtures.ts';

describe('Function: hedgesG', () => {
  it('matches the pooled-deviation formula computed with numpy', () => {
    // numpy: (mean(x) - mean(y)) / sqrt(((n1-1) var(x, ddof=1) + (n2-1) var(y, ddof=1))
    //   / (n1+n2-2)) * (1 - 3 / (4 (n1+n2) - 9))
    expect(hedgesG(higher, lower)).toBeCloseTo(1.5214713822039478, 12);
  });

  it('changes sign when the samples swap', () => {
    expect(hedgesG(lower, higher)).toBeCloseTo(-hedgesG(higher, lower), 14);
  });

  it('returns 0 for identical constants and throws ZeroVarianceError for different ones', () => {
    expect(hedgesG([4, 4], [4, 4, 4])).toBe(0);
    expect(() => hedgesG([4, 4], [5, 5])).toThrow(ZeroVarianceError);
  });

  it('throws TooFewValuesError for a sample of one', () => {
    expect(() => hedgesG([1], [1, 2])).toThrow(TooFewValuesError);
  });
});

describe('Function: cliffsDelta', () => {
  it('matches 2U / (n1 n2) - 1 from scipy on tied samples', () => {
    // 2 * scipy.stats.mannwhitneyu(tiedA, tiedB).statistic / (8 * 9) - 1
    expect(cliffsDelta(tiedA, tiedB)).toBeCloseTo(0.5416666666666667, 14);
    // 2 * scipy.stats.mannwhitneyu(higher, lower).statistic / (10 * 9) - 1
    expect(cliffsDelta(higher, lower)).toBeCloseTo(0.7333333333333334, 14);
  });

  it('counts pairs directly on a small case: 1 and -1 at the extremes, 0 for equal', () => {
    expect(cliffsDelta([5, 6], [1, 2, 3])).toBe(1);
    expect(cliffsDelta([1], [5, 6])).toBe(-1);
    expect(cliffsDelta([2, 2], [2])).toBe(0);
  });

  it('throws TooFewValuesError for an empty sample', () => {
    expect(() => cliffsDelta([], [1])).toThrow(TooFewValuesError);
  });
});
