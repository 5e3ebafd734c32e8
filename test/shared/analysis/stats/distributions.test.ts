import { describe, expect, it } from 'vitest';

import {
  chiSquareSurvival,
  standardNormalCdf,
  standardNormalQuantile,
  studentTCdf,
} from '../../../../shared/analysis/stats/distributions.ts';

describe('Distribution functions', () => {
  it('match scipy for t with fractional df, chi-square tails and the normal', () => {
    // scipy.stats.t.cdf(-2.5, 7.3)
    expect(studentTCdf(-2.5, 7.3)).toBeCloseTo(0.019825117332800214, 13);
    // scipy.stats.chi2.sf(3.2, 3)
    expect(chiSquareSurvival(3.2, 3)).toBeCloseTo(0.36180502749753174, 13);
    // scipy.stats.norm.cdf(-1.7); scipy.stats.norm.ppf(0.975)
    expect(standardNormalCdf(-1.7)).toBeCloseTo(0.04456546275854304, 14);
    expect(standardNormalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
  });

  it('keeps relative precision in the chi-square tail where 1 - cdf would give 0', () => {
    // scipy.stats.chi2.sf(150, 4)
    expect(chiSquareSurvival(150, 4) / 2.035764090974152e-31).toBeCloseTo(1, 10);
  });

  it('returns survival 1 at and below zero', () => {
    expect(chiSquareSurvival(0, 2)).toBe(1);
  });
});
