import { describe, expect, it } from 'vitest';

import { seededRandom } from '../../../shared/analysis/random.ts';
import { symmetricEigen } from '../../../shared/analysis/symmetric-eigen.ts';
import { topEigenpairs } from '../../../shared/analysis/top-eigenvectors.ts';

const SETTINGS = { seed: 1, maxIterations: 2000, tolerance: 1e-10 };

/** A random symmetric positive semi-definite d x d matrix, AᵀA. */
function randomCovariance(d: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const a = Float64Array.from({ length: d * d }, () => random() - 0.5);
  const c = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let r = 0; r < d; r++) sum += a[r * d + i]! * a[r * d + j]!;
      c[i * d + j] = sum;
    }
  }

  return c;
}

describe('Function: topEigenpairs', () => {
  it('matches the full Jacobi decomposition on the largest pairs', () => {
    const c = randomCovariance(24, 4);

    const top = topEigenpairs(c, 24, 6, SETTINGS);

    const full = symmetricEigen(c, 24);
    expect(top.converged).toBe(true);
    expect(top.values).toHaveLength(6);
    top.values.forEach((value, i) => expect(value).toBeCloseTo(full.values[i]!, 8));
    top.vectors.forEach((v, i) => {
      const dot = v.reduce((s, x, j) => s + x * full.vectors[i]![j]!, 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 8);
    });
  });

  it('gives every pair of a matrix smaller than the count asked for', () => {
    const c = new Float64Array([4, 0, 0, 0, 9, 0, 0, 0, 1]);

    const top = topEigenpairs(c, 3, 5, SETTINGS);

    expect(Array.from(top.values)).toEqual([9, 4, 1].map((v) => expect.closeTo(v, 12)));
    expect(top.iterations).toBe(1);
  });
});
