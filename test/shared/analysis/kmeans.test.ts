import { kmeans as referenceKMeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';

import { AnalysisParameterError } from '../../../shared/analysis/errors.ts';
import { kmeans } from '../../../shared/analysis/kmeans.ts';
import { kmeansPlusPlus } from '../../../shared/analysis/kmeans-plus-plus.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import { plantedClusters, toRows } from './planted.ts';

const options = { k: 4, seed: 3, maxIterations: 100, tolerance: 1e-6 };

describe('Function: kmeans', () => {
  it('matches ml-kmeans from the same initial centroids on planted clusters', () => {
    const data = plantedClusters([60, 40, 30, 20], 5, 6, 11);
    const initial = kmeansPlusPlus(data.points, 5, 4, seededRandom(5));

    const ours = kmeans(data.points, 5, options, initial);
    const reference = referenceKMeans(toRows(data.points, 5), 4, {
      initialization: toRows(initial, 5),
      maxIterations: 100,
      tolerance: 1e-6,
    });

    expect(Array.from(ours.assignments)).toEqual(reference.clusters);
    expect(ours.iterations).toBe(reference.iterations);
    expect(ours.converged).toBe(reference.converged);
    toRows(ours.centroids, 5).forEach((row, c) =>
      row.forEach((value, j) =>
        expect(value).toBeCloseTo(reference.centroids[c]![j]!, 9),
      ),
    );
  });

  it('recovers planted clusters exactly from its own seeded start', () => {
    const data = plantedClusters([50, 50, 50], 3, 10, 2);

    const result = kmeans(data.points, 3, { ...options, k: 3 });

    const pairs = new Set(result.assignments.map((a, i) => a * 10 + data.truth[i]!));
    expect(pairs.size).toBe(3);
    expect(result.converged).toBe(true);
  });

  it('returns the inertia of its assignments against its centroids', () => {
    const data = plantedClusters([20, 20], 2, 5, 4);

    const result = kmeans(data.points, 2, { ...options, k: 2 });

    const rows = toRows(data.points, 2);
    const centroids = toRows(result.centroids, 2);
    const expected = rows.reduce((sum, row, i) => {
      const centroid = centroids[result.assignments[i]!]!;
      return sum + (row[0]! - centroid[0]!) ** 2 + (row[1]! - centroid[1]!) ** 2;
    }, 0);
    expect(result.inertia).toBeCloseTo(expected, 6);
  });

  it('returns the same result for the same seed', () => {
    const data = plantedClusters([30, 30, 30], 4, 3, 8);

    const first = kmeans(data.points, 4, { ...options, k: 3 });
    const second = kmeans(data.points, 4, { ...options, k: 3 });

    expect(second).toEqual(first);
  });

  it('stops at maxIterations and reports that it did not converge', () => {
    const data = plantedClusters([40, 40, 40], 3, 1, 9);

    const result = kmeans(data.points, 3, { ...options, k: 3, maxIterations: 1 });

    expect(result.iterations).toBe(1);
    expect(result.converged).toBe(false);
  });

  it('reseeds empty clusters at the farthest points, the lower index on a tie', () => {
    const points = Float32Array.from([0, 0, 1, 0, 0, 1, 10, 10]);
    const initial = Float64Array.from([0, 0, 100, 100, 200, 200]);

    const result = kmeans(points, 2, { ...options, k: 3 }, initial);

    expect(Array.from(result.assignments)).toEqual([0, 2, 0, 1]);
    expect(Array.from(result.centroids)).toEqual([0, 0.5, 10, 10, 1, 0]);
    expect(result.converged).toBe(true);
  });

  it('refuses k larger than the number of points', () => {
    const points = Float32Array.from([0, 1, 2]);

    expect(() => kmeans(points, 1, { ...options, k: 4 })).toThrow(
      /parameter k must be an integer from 1 to n = 3, got 4/,
    );
  });

  it('refuses an empty matrix, a bad iteration cap and a negative tolerance', () => {
    const points = Float32Array.from([0, 1, 2, 3]);

    expect(() => kmeans(new Float32Array(0), 2, options)).toThrow(/non-empty/);
    expect(() => kmeans(points, 2, { ...options, k: 1, maxIterations: 0 })).toThrow(
      AnalysisParameterError,
    );
    expect(() => kmeans(points, 2, { ...options, k: 1, tolerance: -1 })).toThrow(
      /tolerance must be a number >= 0, got -1/,
    );
  });
});

describe('Function: kmeansPlusPlus', () => {
  it('starts one centroid in each well-separated planted cluster', () => {
    const data = plantedClusters([25, 25, 25, 25], 4, 50, 6);

    const centroids = toRows(kmeansPlusPlus(data.points, 4, 4, seededRandom(1)), 4);

    const axes = centroids.map((row) => row.indexOf(Math.max(...row)));
    expect(new Set(axes).size).toBe(4);
  });

  it('picks distinct points when the data holds duplicates', () => {
    const points = Float32Array.from([1, 1, 1, 1, 5, 5]);

    const centroids = Array.from(kmeansPlusPlus(points, 2, 3, seededRandom(1)));

    expect([...centroids].sort()).toEqual([1, 1, 1, 1, 5, 5]);
  });
});
