import { describe, expect, it } from 'vitest';
import { EmptyAnalysisError } from '../../../../shared/analysis/errors.ts';
import {
  initialCentroids,
  sampleFileIndexes,
  sampleRows,
} from '../../../../shared/analysis/distributed/initial-centroids.ts';
import { kmeansPlusPlus } from '../../../../shared/analysis/kmeans-plus-plus.ts';
import { seededRandom } from '../../../../shared/analysis/random.ts';
import { plantedClusters } from '../planted.ts';

describe('Function: sampleFileIndexes', () => {
  it('picks the same distinct files for the same seed, in ascending order', () => {
    const first = sampleFileIndexes(100, 8, 1);
    const again = sampleFileIndexes(100, 8, 1);
    const other = sampleFileIndexes(100, 8, 2);

    expect(first).toEqual(again);
    expect(first).not.toEqual(other);
    expect(new Set(first).size).toBe(8);
    expect([...first].sort((a, b) => a - b)).toEqual(first);
    expect(first.every((i) => i >= 0 && i < 100)).toBe(true);
  });

  it('takes every file when there are no more than wanted', () => {
    expect(sampleFileIndexes(3, 8, 1)).toEqual([0, 1, 2]);
  });

  it('rejects a count below one', () => {
    expect(() => sampleFileIndexes(0, 8, 1)).toThrow(/fileCount.*0/);
  });
});

describe('Function: sampleRows', () => {
  it('keeps maxRows distinct rows in their original order', () => {
    const points = Float32Array.from({ length: 200 }, (_, i) => Math.floor(i / 2));

    const sample = sampleRows(points, 2, 10, seededRandom(4));

    const rows = Array.from({ length: 10 }, (_, r) => sample[r * 2] as number);
    expect(rows).toHaveLength(10);
    expect(new Set(rows).size).toBe(10);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);
    rows.forEach((row, r) => expect(sample[r * 2 + 1]).toBe(row));
  });

  it('returns the points themselves when they are no more than maxRows', () => {
    const points = Float32Array.from([1, 2, 3, 4]);

    expect(sampleRows(points, 2, 5, seededRandom(1))).toBe(points);
  });
});

describe('Function: initialCentroids', () => {
  it('is seeded k-means++ over the sample: the same seed gives the same start', () => {
    const { points } = plantedClusters([30, 30, 30], 3, 8, 2);

    const start = initialCentroids(points, 3, 3, 7);

    expect([...start]).toEqual([...kmeansPlusPlus(points, 3, 3, seededRandom(7))]);
    expect([...initialCentroids(points, 3, 3, 7)]).toEqual([...start]);
  });

  it('refuses a sample with fewer points than k', () => {
    expect(() => initialCentroids(Float32Array.from([1, 2]), 2, 2, 1)).toThrow(
      EmptyAnalysisError,
    );
  });
});
