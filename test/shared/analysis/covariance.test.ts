import { describe, expect, it } from 'vitest';

import { covariance } from '../../../shared/analysis/covariance.ts';
import { setKernelThreads } from '../../../shared/analysis/kernels/kernels.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import { gaussian } from './planted.ts';

/**
 * The scalar float64 algorithm the kernel reproduces bit for bit: centred
 * blocks of 256 rows, each block's column products summed over its rows in
 * order and added to the total.
 */
function blockedCovariance(points: Float32Array, d: number): Float64Array {
  const n = points.length / d;
  const mean = new Float64Array(d);
  for (let i = 0; i < n * d; i++) mean[i % d] = mean[i % d]! + points[i]!;
  mean.forEach((sum, j) => (mean[j] = sum / n));
  const sums = new Float64Array(d * d);
  for (let r0 = 0; r0 < n; r0 += 256) {
    const rows = Math.min(256, n - r0);
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        let s = 0;
        for (let r = 0; r < rows; r++) {
          const row = (r0 + r) * d;
          s += (points[row + a]! - mean[a]!) * (points[row + b]! - mean[b]!);
        }
        sums[a * d + b] = sums[a * d + b]! + s;
      }
    }
  }
  const matrix = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      matrix[a * d + b] = matrix[b * d + a] = sums[a * d + b]! / (n - 1);
    }
  }
  return matrix;
}

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

  it('equals the scalar blocked float64 sums bit for bit, on one thread and on two', () => {
    const random = seededRandom(12);
    for (const d of [1, 2, 11, 19]) {
      const points = Float32Array.from({ length: 700 * d }, () => 3 + gaussian(random));
      const expected = Array.from(blockedCovariance(points, d));

      setKernelThreads(1);
      const one = covariance(points, d);
      setKernelThreads(2);
      const two = covariance(points, d);

      expect(Array.from(one.matrix)).toEqual(expected);
      expect(two).toEqual(one);
    }
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
