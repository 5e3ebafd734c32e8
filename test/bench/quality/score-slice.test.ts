import { describe, expect, it } from 'vitest';

import { NOTHING_FOUND, scoreSlice } from '../../../bench/quality/score-slice.ts';

/** 1-D points: a slice of 12 at x = 10..10.11, 40 others spread over 0..3.9. */
const slice = Array.from({ length: 12 }, (_, i) => i);
const points = Float32Array.from([
  ...slice.map((i) => 10 + i / 100),
  ...Array.from({ length: 40 }, (_, i) => i / 10),
]);
const others = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => 12 + from + i);

describe('Function: scoreSlice', () => {
  it('takes the best of the top aggressors by P@10 and reports its rank', () => {
    const aggressors = [others(0, 15), others(15, 30), [...slice, ...others(38, 40)]];

    const score = scoreSlice(aggressors, slice, points, 1);

    expect(score.aggressorRank).toBe(3);
    expect(score.precisionAt10).toBe(1);
    expect(score.precisionAt25).toBeCloseTo(12 / 25, 12);
    expect(score.auroc).toBe(1);
  });

  it('ignores aggressors ranked below the fifth', () => {
    const aggressors = [
      ...Array.from({ length: 5 }, (_, r) => others(r * 5, r * 5 + 5)),
      slice,
    ];

    const score = scoreSlice(aggressors, slice, points, 1);

    expect(score.precisionAt10).toBe(0);
    expect(score.aggressorRank).not.toBe(6);
  });

  it('keeps the better-ranked aggressor when two tie on P@10 and AUROC', () => {
    const score = scoreSlice([slice, slice], slice, points, 1);

    expect(score.aggressorRank).toBe(1);
  });

  it('returns nothing found, at chance AUROC, when the method reports no aggressor', () => {
    expect(scoreSlice([], slice, points, 1)).toEqual(NOTHING_FOUND);
    expect(NOTHING_FOUND).toEqual({
      precisionAt10: 0,
      precisionAt25: 0,
      auroc: 0.5,
      aggressorRank: null,
    });
  });
});
