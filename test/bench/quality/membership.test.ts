import { describe, expect, it } from 'vitest';

import { membershipScores } from '../../../bench/quality/membership.ts';
import { rankByScore } from '../../../bench/quality/metrics.ts';

// Five 2-D points; the aggressor holds samples 3 and 4, centred on (5, 0).
const points = Float32Array.from([0, 0, 4, 0, 5.5, 0, 4, 0, 6, 0]);

describe('Function: membershipScores', () => {
  it('ranks the members first, then the others nearest the centroid first', () => {
    const scores = membershipScores(points, 2, [3, 4]);

    expect(rankByScore(scores)).toEqual([3, 4, 2, 1, 0]);
  });

  it('scores non-members by their negative distance to the centroid', () => {
    const scores = membershipScores(points, 2, [3, 4]);

    expect(scores[0]).toBeCloseTo(-5, 12);
    expect(scores[1]).toBeCloseTo(-1, 12);
    expect(scores[2]).toBeCloseTo(-0.5, 12);
    expect(scores[3]! - scores[4]!).toBeCloseTo(0, 12);
  });

  it('throws naming the index of a member that is not a sample', () => {
    expect(() => membershipScores(points, 2, [3, 9])).toThrow(
      expect.objectContaining({ field: 'memberIndexes', value: 9 }),
    );
  });

  it('throws when the aggressor has no member', () => {
    expect(() => membershipScores(points, 2, [])).toThrow(
      expect.objectContaining({ field: 'memberIndexes', value: 0 }),
    );
  });
});
