import { describe, expect, it } from 'vitest';

import { covariance } from '../../../shared/analysis/covariance.ts';

describe('Function: covariance', () => {
  it('matches numpy on an odd number of columns', () => {
    // np.cov(X, rowvar=False) for X = [[1,2,4],[3,1,0],[5,7,1],[2,2,9]] (numpy 2.4.6).
    const points = Float32Array.from([1, 2, 4, 3, 1, 0, 5, 7, 1, 2, 2, 9]);
    const expected = [
      2.9166666666666665, 3.6666666666666665, -3.833333333333333, 3.6666666666666665,
      7.333333333333333, -3.0, -3.833333333333333, -3.0, 16.333333333333332,
    ];

    const result = covariance(points, 3);

    expect(Array.from(result.mean)).toEqual([2.75, 3, 3.5]);
    Array.from(result.matrix).forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i] as number, 12);
    });
  });

  it('accumulates across row blocks the same as in one pass', () => {
    const rows = 600;
    const points = Float32Array.from(
      { length: rows * 2 },
      (_, i) => ((i * 37) % 11) - 5,
    );
    const xs = Array.from({ length: rows }, (_, r) => points[2 * r] as number);
    const ys = Array.from({ length: rows }, (_, r) => points[2 * r + 1] as number);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const [mx, my] = [mean(xs), mean(ys)];
    const cxy = xs.reduce((s, x, r) => s + (x - mx) * ((ys[r] as number) - my), 0);

    const result = covariance(points, 2);

    expect(result.matrix[1]).toBeCloseTo(cxy / (rows - 1), 10);
    expect(result.matrix[2]).toBe(result.matrix[1]);
  });

  it('is zero for a single row', () => {
    expect(Array.from(covariance(Float32Array.from([1, 2]), 2).matrix)).toEqual([
      0, 0, 0, 0,
    ]);
  });
});
