import { describe, expect, it } from 'vitest';

import {
  quantileThresholds,
  roundThreshold,
} from '../../../../shared/analysis/rules/thresholds.ts';

describe('Function: roundThreshold', () => {
  it('returns the roundest number between two neighbouring values', () => {
    expect(roundThreshold(4987, 5012)).toBe(5000);
    expect(roundThreshold(0.3, 0.35)).toBe(0.3);
    expect(roundThreshold(0.3121, 0.318)).toBe(0.313);
    expect(roundThreshold(-3.5, -1.2)).toBe(-3);
    expect(roundThreshold(7, 8)).toBe(7);
  });

  it('returns a threshold that splits the values as the lower one does', () => {
    const pairs: Array<[number, number]> = [
      [1.0000001, 1.0000002],
      [123456.7, 123456.8],
      [-0.001, 0.001],
      [0, 1e-9],
    ];

    for (const [low, high] of pairs) {
      const t = roundThreshold(low, high);
      expect(t >= low && t < high, `${low}..${high} gave ${t}`).toBe(true);
    }
  });
});

describe('Function: quantileThresholds', () => {
  it('cuts 1..100 at the deciles', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i + 1);

    expect(quantileThresholds(values, 10)).toEqual([
      10, 20, 30, 40, 50, 60, 70, 80, 90,
    ]);
  });

  it('gives a cut once when ties make quantiles coincide, and none past the largest value', () => {
    const values = Float64Array.from([1, 1, 1, 1, 1, 1, 1, 2, 3, 3]);

    expect(quantileThresholds(values, 10)).toEqual([1, 2]);
  });
});
