import { describe, expect, it } from 'vitest';

import { centreOracle } from '../../../bench/quality/centre-oracle.ts';

/** One-dimensional points: the slice sits at 0, everyone else at 100 or farther. */
function points(values: number[]): Float32Array {
  return Float32Array.from(values);
}

describe('Function: centreOracle', () => {
  it('finds a compact slice: its wrong predictions are the nearest wrong ones to their centre', () => {
    const values = [
      ...Array.from({ length: 12 }, (_, i) => i * 0.1),
      ...Array.from({ length: 30 }, (_, i) => 100 + i),
    ];
    const slice = Array.from({ length: 12 }, (_, i) => i);
    const wrong = values.map(() => true);

    const oracle = centreOracle(points(values), 1, slice, wrong);

    expect(oracle.precisionAt10).toBe(1);
    expect(oracle.precisionAt25).toBeCloseTo(12 / 25, 12);
  });

  it('cannot isolate a slice spread among others: precision falls to its share', () => {
    // Slice members at every other position: half of any neighbourhood is theirs.
    const values = Array.from({ length: 40 }, (_, i) => i);
    const slice = values.flatMap((_, i) => (i % 2 === 0 ? [i] : []));
    const wrong = values.map(() => true);

    const oracle = centreOracle(points(values), 1, slice, wrong);

    expect(oracle.precisionAt10).toBeGreaterThanOrEqual(0.4);
    expect(oracle.precisionAt10).toBeLessThanOrEqual(0.6);
  });

  it('ranks only wrong predictions: right ones near the centre do not count', () => {
    const values = [0, 0.1, 0.2, 0.3, 50, 51, 52, 53, 54, 55, 56, 57];
    const slice = [0, 1, 4, 5];
    const wrong = values.map((_, i) => i >= 4);

    const oracle = centreOracle(points(values), 1, slice, wrong);

    // Wrong: 8 samples (50..57), 2 of them in the slice; the centre is 50.5.
    expect(oracle.precisionAt10).toBeCloseTo(2 / 8, 12);
  });
});
