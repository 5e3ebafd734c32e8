import { describe, expect, it } from 'vitest';

import { StatisticInputError } from '../../../../shared/analysis/errors.ts';
import { wilsonInterval } from '../../../../shared/analysis/stats/wilson.ts';

describe('Function: wilsonInterval', () => {
  it.each([
    // scipy.stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method='wilson')
    [7, 40, 0.08745413746035918, 0.3194999033178771],
    [3, 10, 0.10779126740630102, 0.6032218525388546],
    [0, 25, 0, 0.1331922509390485],
    [25, 25, 0.8668077490609516, 1],
  ])('matches scipy for %i of %i', (successes, trials, low, high) => {
    const [lower, upper] = wilsonInterval(successes, trials);

    expect(lower).toBeCloseTo(low, 12);
    expect(upper).toBeCloseTo(high, 12);
  });

  it('narrows at a lower confidence', () => {
    const [lower, upper] = wilsonInterval(3, 10, 0.9);

    // scipy.stats.binomtest(3, 10).proportion_ci(confidence_level=0.9, method='wilson')
    expect(lower).toBeCloseTo(0.1268765839031979, 12);
    expect(upper).toBeCloseTo(0.5583002041301649, 12);
  });

  it('throws StatisticInputError for no trials, too many successes or a bad confidence', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(StatisticInputError);
    expect(() => wilsonInterval(0, 0)).toThrow('trials must be an integer >= 1, got 0');
    expect(() => wilsonInterval(5, 4)).toThrow(
      'successes must be an integer in [0, 4], got 5',
    );
    expect(() => wilsonInterval(1, 4, 1)).toThrow(
      /confidence must be a number between 0/,
    );
  });
});
