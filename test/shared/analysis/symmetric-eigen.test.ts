import { describe, expect, it } from 'vitest';

import { symmetricEigen } from '../../../shared/analysis/symmetric-eigen.ts';

describe('Function: symmetricEigen', () => {
  it('matches numpy eigh on a 3 x 3 matrix, up to the sign of each vector', () => {
    // np.linalg.eigh([[4,1,2],[1,3,0],[2,0,5]]), reversed to descending (numpy 2.4.6).
    const values = [6.669079088282287, 3.4760236029181333, 1.8548973087995761];
    const vectors = [
      [-0.6311789687764832, -0.1720265367929077, -0.7563200248659909],
      [-0.374361954783072, -0.7864356987513781, 0.4912962635115686],
      [-0.6793130619863363, 0.5932333119173852, 0.4319814827585529],
    ];

    const eigen = symmetricEigen(Float64Array.from([4, 1, 2, 1, 3, 0, 2, 0, 5]), 3);

    expect(eigen.converged).toBe(true);
    values.forEach((value, i) => expect(eigen.values[i]).toBeCloseTo(value, 12));
    vectors.forEach((expected, i) => {
      const actual = eigen.vectors[i] as Float64Array;
      const sign = Math.sign((actual[0] as number) * (expected[0] as number));
      expected.forEach((v, j) =>
        expect(sign * (actual[j] as number)).toBeCloseTo(v, 12),
      );
    });
  });

  it('returns a diagonal matrix as is, in descending order, with no sweep', () => {
    const eigen = symmetricEigen(Float64Array.from([1, 0, 0, 3]), 2);

    expect(Array.from(eigen.values)).toEqual([3, 1]);
    expect(eigen.vectors.map((v) => Array.from(v))).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(eigen.sweeps).toBe(0);
  });

  it('refuses a matrix that is not size x size', () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(
      'parameter size must be the side of a 5-entry square matrix, got 2',
    );
  });
});
