import { kmeans as referenceKMeans } from 'ml-kmeans';
import { afterEach, describe, expect, it } from 'vitest';

import { AnalysisParameterError } from '../../../../shared/analysis/errors.ts';
import {
  kernels,
  setKernelThreads,
} from '../../../../shared/analysis/kernels/kernels.ts';
import {
  assignAndAccumulate,
  CHUNK_ROWS,
  LloydSession,
} from '../../../../shared/analysis/kernels/lloyd.ts';
import { seededRandom } from '../../../../shared/analysis/random.ts';
import { gaussian, plantedClusters, toRows } from '../planted.ts';

/** The float64 search the kernel must reproduce: ‖x‖² − 2 x·c + ‖c‖², first minimum. */
function float64Nearest(points: Float32Array, d: number, centroids: Float64Array) {
  const n = points.length / d;
  const k = centroids.length / d;
  const norm = (m: ArrayLike<number>, r: number) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (m[r * d + j] as number) ** 2;
    return s;
  };
  return Int32Array.from({ length: n }, (_, i) => {
    let best = Infinity;
    let bestC = 0;
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += points[i * d + j]! * centroids[c * d + j]!;
      const d2 = norm(points, i) - 2 * dot + norm(centroids, c);
      if (d2 < best) [best, bestC] = [d2, c];
    }
    return bestC;
  });
}

function gaussianMatrix(rows: number, d: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: rows * d }, () => gaussian(random));
}

afterEach(() => setKernelThreads(2));

describe('Class: LloydSession', () => {
  it('assigns every row as a float64 search does, for every k and width', () => {
    for (const [d, k] of [
      [1, 1],
      [3, 5],
      [7, 9],
      [33, 17],
    ] as const) {
      const points = gaussianMatrix(203, d, d + k);
      const centroids = Float64Array.from(gaussianMatrix(k, d, 99), (v) => v * 0.5);
      const session = new LloydSession(points, 203, d, k);

      const step = session.step(centroids);
      session.close();

      expect(Array.from(step.assignments)).toEqual(
        Array.from(float64Nearest(points, d, centroids)),
      );
    }
  });

  it('settles near-ties as the float64 search does (the lower index on exact ties)', () => {
    const d = 4;
    const centroids = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1e-9]);
    const points = Float32Array.from([
      ...[0.5, 0.5, 0, 0],
      ...[0.5, 0.5000001, 0, 0],
      ...[1, 0, 0, 0],
      ...[1, 0, 0, 1e-7],
    ]);
    const session = new LloydSession(points, 4, d, 3);

    const step = session.step(centroids);
    session.close();

    expect(Array.from(step.assignments)).toEqual(
      Array.from(float64Nearest(points, d, centroids)),
    );
    expect(step.assignments[0]).toBe(0);
  });

  it('takes the float64 winner where float32 rounding cannot tell two centroids apart', () => {
    const centroids = Float64Array.from([1000 - 2e-5, 0, 1000 + 1e-5, 0]);
    const session = new LloydSession(Float32Array.from([1000, 0]), 1, 2, 2);

    const step = session.step(centroids);
    session.close();

    expect(Math.fround(centroids[0]!)).toBe(Math.fround(centroids[2]!));
    expect(Array.from(step.assignments)).toEqual([1]);
  });

  it('sums and counts the rows of each centroid', () => {
    const points = Float32Array.from([0, 0, 2, 2, 10, 10, 12, 12, 11, 13]);
    const session = new LloydSession(points, 5, 2, 2);

    const step = session.step(Float64Array.from([1, 1, 11, 11]));
    session.close();

    expect(Array.from(step.counts)).toEqual([2, 3]);
    expect(Array.from(step.sums)).toEqual([2, 2, 33, 35]);
  });

  it('gives the same step on one thread and on two, across many chunks', () => {
    const n = CHUNK_ROWS * 2 + 1001;
    const points = gaussianMatrix(n, 6, 4);
    const centroids = Float64Array.from(gaussianMatrix(10, 6, 5));
    const run = (threads: number) => {
      setKernelThreads(threads);
      const session = new LloydSession(points, n, 6, 10);
      try {
        const step = session.step(centroids);
        return {
          ...step,
          distances: session.assignedDistances(centroids, step.assignments),
        };
      } finally {
        session.close();
      }
    };

    const one = run(1);
    const two = run(2);

    expect(two).toEqual(one);
    expect(Array.from(one.assignments.subarray(0, 500))).toEqual(
      Array.from(float64Nearest(points.subarray(0, 500 * 6), 6, centroids)),
    );
  });

  it('frees its kernel memory when closed', () => {
    const before = kernels().memory.allocatedBytes;
    const session = new LloydSession(gaussianMatrix(100, 3, 1), 100, 3, 4);

    session.close();

    expect(kernels().memory.allocatedBytes).toBe(before);
  });

  it('refuses centroids of the wrong size and rows fewer than n', () => {
    const session = new LloydSession(gaussianMatrix(10, 2, 1), 10, 2, 3);

    expect(() => session.step(new Float64Array(5))).toThrow(
      /parameter centroids must be k x d = 6, got 5/,
    );
    session.close();
    expect(() => new LloydSession(new Float32Array(6), 4, 2, 1)).toThrow(
      AnalysisParameterError,
    );
  });
});

describe('Function: assignAndAccumulate', () => {
  it('matches one ml-kmeans iteration from the same centroids', () => {
    const data = plantedClusters([70, 50, 30], 5, 4, 21);
    const initial = Float64Array.from(data.points.subarray(0, 15));

    const ours = assignAndAccumulate(data.points, 150, 5, initial, 3);
    const reference = referenceKMeans(toRows(data.points, 5), 3, {
      initialization: toRows(initial, 5),
      maxIterations: 1,
    });

    const means = toRows(ours.sums, 5).map((row, c) =>
      row.map((value) => value / ours.counts[c]!),
    );
    means.forEach((row, c) =>
      row.forEach((value, j) =>
        expect(value).toBeCloseTo(reference.centroids[c]![j]!, 9),
      ),
    );
  });

  it('reports the inertia of its assignments', () => {
    const points = Float32Array.from([0, 0, 2, 0, 10, 0]);

    const result = assignAndAccumulate(
      points,
      3,
      2,
      Float64Array.from([1, 0, 10, 0]),
      2,
    );

    expect(Array.from(result.assignments)).toEqual([0, 0, 1]);
    expect(result.inertia).toBeCloseTo(2, 12);
  });
});
