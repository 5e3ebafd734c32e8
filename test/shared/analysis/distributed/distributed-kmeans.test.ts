import { describe, expect, it } from 'vitest';
import { kmeans } from '../../../../shared/analysis/kmeans.ts';
import { plantedClusters } from '../planted.ts';
import { distributedLoop, splitRows } from './loop.ts';

const OPTIONS = { k: 4, seed: 3, maxIterations: 100, tolerance: 1e-10 };

/** Rows 0, 1, 2 and 3 of the matrix as the start, like a poor k-means++ draw. */
function firstRows(points: Float32Array, dimensions: number, k: number) {
  return Float64Array.from(points.subarray(0, k * dimensions));
}

function maxAbsDifference(a: Float64Array, b: Float64Array): number {
  return a.reduce(
    (largest, v, j) => Math.max(largest, Math.abs(v - (b[j] as number))),
    0,
  );
}

describe('Distributed k-means: map over partitions, reduce, repeat', () => {
  it('ends where single-node k-means ends from the same start: assignments, centroids, iterations', () => {
    const data = plantedClusters([120, 90, 60, 30], 6, 5, 11);
    const start = firstRows(data.points, 6, OPTIONS.k);
    const partitions = splitRows(data.points, 6, [70, 1, 129, 100]);

    const single = kmeans(data.points, 6, OPTIONS, start);
    const distributed = distributedLoop(partitions, 6, start, OPTIONS);

    expect(single.iterations).toBeGreaterThan(2);
    expect(distributed.iterations).toBe(single.iterations);
    expect(distributed.converged).toBe(true);
    expect([...distributed.assignments]).toEqual([...single.assignments]);
    expect(maxAbsDifference(distributed.centroids, single.centroids)).toBeLessThan(
      1e-9,
    );
    expect(distributed.inertia).toBeCloseTo(single.inertia, 6);
  });

  it('reseeds an empty cluster with the same point as single-node k-means', () => {
    const data = plantedClusters([50, 50, 40], 3, 6, 5);
    const far = [1e3, 1e3, 1e3];
    const start = Float64Array.from([
      ...data.points.subarray(0, 3),
      ...data.points.subarray(60, 63),
      ...far,
      ...far.map((v) => v + 1),
    ]);
    const options = { ...OPTIONS, k: 4 };
    const partitions = splitRows(data.points, 3, [45, 45, 50]);

    const single = kmeans(data.points, 3, options, start);
    const distributed = distributedLoop(partitions, 3, start, options);

    expect(new Set(single.assignments).size).toBe(4);
    expect([...distributed.assignments]).toEqual([...single.assignments]);
    expect(maxAbsDifference(distributed.centroids, single.centroids)).toBeLessThan(
      1e-9,
    );
    expect(distributed.iterations).toBe(single.iterations);
  });

  it('stops at the iteration cap unconverged, as single-node k-means does', () => {
    const data = plantedClusters([80, 80, 80], 4, 1, 9);
    const start = firstRows(data.points, 4, 3);
    const options = { ...OPTIONS, k: 3, maxIterations: 2, tolerance: 0 };

    const single = kmeans(data.points, 4, options, start);
    const distributed = distributedLoop(
      splitRows(data.points, 4, [100, 140]),
      4,
      start,
      options,
    );

    expect(single.converged).toBe(false);
    expect(distributed).toMatchObject({ converged: false, iterations: 2 });
    expect([...distributed.assignments]).toEqual([...single.assignments]);
  });
});
