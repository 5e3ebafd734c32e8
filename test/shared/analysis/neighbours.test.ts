import { describe, expect, it } from 'vitest';

import { AnalysisParameterError } from '../../../shared/analysis/errors.ts';
import { setKernelThreads } from '../../../shared/analysis/kernels/kernels.ts';
import { nearestNeighbours } from '../../../shared/analysis/neighbours.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import { gaussian } from './planted.ts';

function randomMatrix(rows: number, d: number, seed: number): Float32Array {
  const random = seededRandom(seed);

  return Float32Array.from({ length: rows * d }, () => gaussian(random));
}

/** Every reference row's squared distance, sorted, ties by index: the brute force. */
function bruteForce(
  queries: Float32Array,
  reference: Float32Array,
  d: number,
  k: number,
  selfRows?: number[],
) {
  const result: Array<Array<[number, number]>> = [];
  for (let q = 0; q < queries.length / d; q++) {
    const all: Array<[number, number]> = [];
    for (let r = 0; r < reference.length / d; r++) {
      if (r === selfRows?.[q]) continue;
      let sum = 0;
      for (let j = 0; j < d; j++) {
        sum += ((queries[q * d + j] as number) - (reference[r * d + j] as number)) ** 2;
      }
      all.push([r, sum]);
    }
    result.push(all.sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, k));
  }

  return result;
}

function expectBruteForce(
  found: ReturnType<typeof nearestNeighbours>,
  expected: Array<Array<[number, number]>>,
) {
  expected.forEach((row, q) => {
    row.forEach(([index, squared], i) => {
      expect(found.indices[q * found.k + i]).toBe(index);
      expect(found.squaredDistances[q * found.k + i]).toBeCloseTo(squared, 6);
    });
  });
}

describe('Function: nearestNeighbours', () => {
  it('finds the same neighbours as brute force across several blocks', () => {
    const d = 7;
    const queries = randomMatrix(70, d, 1);
    const reference = randomMatrix(600, d, 2);

    const found = nearestNeighbours(queries, reference, d, { k: 5 });

    expect(found.indices.length).toBe(70 * 5);
    expectBruteForce(found, bruteForce(queries, reference, d, 5));
  });

  it('leaves out each query’s own row when the queries come from the reference', () => {
    const d = 3;
    const reference = randomMatrix(300, d, 3);
    const selfRows = [0, 17, 299, 256];
    const queries = Float32Array.from(
      selfRows.flatMap((r) => Array.from(reference.subarray(r * d, r * d + d))),
    );

    const found = nearestNeighbours(queries, reference, d, { k: 4, selfRows });

    expectBruteForce(found, bruteForce(queries, reference, d, 4, selfRows));
    selfRows.forEach((row, q) => {
      expect(Array.from(found.indices.subarray(q * 4, q * 4 + 4))).not.toContain(row);
    });
  });

  it('breaks ties in distance by the lower reference index', () => {
    const reference = Float32Array.from([2, -1, 1, 5, -2]);

    const found = nearestNeighbours(Float32Array.from([0]), reference, 1, { k: 4 });

    expect(Array.from(found.indices)).toEqual([1, 2, 0, 4]);
    expect(Array.from(found.squaredDistances)).toEqual([1, 1, 4, 4]);
  });

  it('returns exactly the float64 search over many tiles, on one thread and on two', () => {
    const d = 9;
    const queries = randomMatrix(130, d, 5);
    const reference = randomMatrix(9000, d, 6);
    const float64 = (threadCount: number) => {
      setKernelThreads(threadCount);
      return nearestNeighbours(queries, reference, d, { k: 3 });
    };

    const one = float64(1);
    const two = float64(2);
    setKernelThreads(2);

    expect(two).toEqual(one);
    for (const q of [0, 64, 129]) {
      const norm = (m: Float32Array, r: number) =>
        m.subarray(r * d, r * d + d).reduce((sum, v) => sum + v * v, 0);
      const distances = Array.from({ length: 9000 }, (_, r) => {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += queries[q * d + j]! * reference[r * d + j]!;
        return Math.max(0, norm(queries, q) - 2 * dot + norm(reference, r));
      });
      const order = distances
        .map((value, r) => [value, r] as const)
        .sort((a, b) => a[0] - b[0] || a[1] - b[1])
        .slice(0, 3);
      expect(Array.from(one.indices.subarray(q * 3, q * 3 + 3))).toEqual(
        order.map(([, r]) => r),
      );
      expect(Array.from(one.squaredDistances.subarray(q * 3, q * 3 + 3))).toEqual(
        order.map(([value]) => value),
      );
    }
  });

  it('keeps the nearer row where float32 rounding cannot tell two rows apart', () => {
    const reference = Float32Array.from([
      1000 - 6.103515625e-5,
      0,
      1000 + 6.103515625e-5,
      0.001,
    ]);

    const found = nearestNeighbours(Float32Array.from([1000, 0.0001]), reference, 2, {
      k: 1,
    });

    expect(Array.from(found.indices)).toEqual([0]);
  });

  it('refuses k above the candidate rows', () => {
    const reference = randomMatrix(3, 2, 4);

    expect(() =>
      nearestNeighbours(reference, reference, 2, { k: 3, selfRows: [0, 1, 2] }),
    ).toThrow(
      'parameter k must be an integer from 1 to the 2 candidate reference rows',
    );
  });

  it('refuses a non-finite value and a self row out of range', () => {
    const reference = Float32Array.from([0, 1, 2, Infinity]);

    expect(() =>
      nearestNeighbours(Float32Array.from([0]), reference, 1, { k: 1 }),
    ).toThrow('parameter reference[3][0] must be a finite number, got Infinity');
    expect(() =>
      nearestNeighbours(Float32Array.from([0]), Float32Array.from([0, 1]), 1, {
        k: 1,
        selfRows: [2],
      }),
    ).toThrow(AnalysisParameterError);
  });
});
