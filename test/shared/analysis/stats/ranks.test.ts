import { describe, expect, it } from 'vitest';

import { averageRanks, firstSampleU } from '../../../../shared/analysis/stats/ranks.ts';

describe('Function: averageRanks', () => {
  it('gives tied values their mean rank and reports the tie groups', () => {
    // scipy.stats.rankdata([3, 1, 3, 2, 3])
    const ranking = averageRanks([3, 1, 3, 2, 3]);

    expect(Array.from(ranking.ranks)).toEqual([4, 1, 4, 2, 4]);
    expect(ranking.tieSizes).toEqual([1, 1, 3]);
  });

  it('counts U as pairs won by the first values, ties as one half', () => {
    const ranking = averageRanks([2, 5, 1, 2, 7]);

    // x = [2, 5] against y = [1, 2, 7]: 2 beats 1, ties 2; 5 beats 1 and 2.
    expect(firstSampleU(ranking, 2)).toBe(3.5);
  });
});
