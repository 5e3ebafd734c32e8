import { describe, expect, it } from 'vitest';
import {
  bootstrapDifference,
  quantileSorted,
} from '../../../shared/tracking/bootstrap.ts';
import { TrackingParameterError } from '../../../shared/tracking/errors.ts';

/** `ones` ones then zeros, `n` values in all. */
const bernoulli = (ones: number, n: number) =>
  Float64Array.from({ length: n }, (_, i) => (i < ones ? 1 : 0));

describe('Function: bootstrapDifference', () => {
  it('gives the same interval for the same seed and another for another seed', () => {
    const current = bernoulli(100, 200);
    const previous = bernoulli(60, 200);

    const first = bootstrapDifference(current, previous, { seed: 7 });
    const again = bootstrapDifference(current, previous, { seed: 7 });
    const other = bootstrapDifference(current, previous, { seed: 8 });

    expect(again).toEqual(first);
    expect(other.interval).not.toEqual(first.interval);
    expect(first.difference).toBeCloseTo(0.2, 12);
  });

  it('matches the normal-approximation interval of a difference of proportions', () => {
    // 0.5 vs 0.3 on 200 each: Wald SE = sqrt(0.25/200 + 0.21/200) = 0.047958,
    // so the 95% interval is 0.2 ± 1.95996 x 0.047958 = [0.10600, 0.29400].
    const out = bootstrapDifference(bernoulli(100, 200), bernoulli(60, 200), {
      replicates: 4000,
    });

    expect(out.interval[0]).toBeCloseTo(0.106, 1);
    expect(out.interval[1]).toBeCloseTo(0.294, 1);
    expect(out.interval[1] - out.interval[0]).toBeGreaterThan(0.188 * 0.9);
    expect(out.interval[1] - out.interval[0]).toBeLessThan(0.188 * 1.1);
  });

  it('gives a zero-width interval when every value is the same', () => {
    const out = bootstrapDifference(bernoulli(5, 5), bernoulli(0, 9));

    expect(out.interval).toEqual([1, 1]);
  });

  it('refuses empty groups, too few replicates and a level outside (0, 1)', () => {
    expect(() => bootstrapDifference([], [1])).toThrow(TrackingParameterError);
    expect(() => bootstrapDifference([1], [1], { replicates: 10 })).toThrow(
      'replicates must be an integer >= 100, got 10',
    );
    expect(() => bootstrapDifference([1], [1], { level: 1 })).toThrow(
      'level must be between 0 and 1, got 1',
    );
  });
});

describe('Function: quantileSorted', () => {
  it('interpolates between order statistics like R quantile type 7', () => {
    // R: quantile(c(1, 2, 4, 8), c(0.25, 0.9), type = 7) -> 1.75, 6.8
    const sorted = [1, 2, 4, 8];

    expect(quantileSorted(sorted, 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted(sorted, 0.9)).toBeCloseTo(6.8, 12);
    expect(quantileSorted(sorted, 1)).toBe(8);
  });
});
