import { describe, expect, it } from 'vitest';

import {
  defaultDensityQueryRows,
  density,
  runMedianKthDistance,
} from '../../../shared/analysis/density.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import { sampleRows } from '../../../shared/analysis/sample-rows.ts';
import { gaussian } from './planted.ts';

const D = 4;

/** `count` points drawn around `centre` (on the first axis) with the given spread. */
function blob(count: number, centre: number, spread: number, seed: number): number[] {
  const random = seededRandom(seed);

  return Array.from(
    { length: count * D },
    (_, i) => (i % D === 0 ? centre : 0) + spread * gaussian(random),
  );
}

function bruteKthDistances(points: Float32Array, rows: number[], k: number): number[] {
  const n = points.length / D;

  return rows.map((q) => {
    const distances: number[] = [];
    for (let r = 0; r < n; r++) {
      if (r === q) continue;
      let sum = 0;
      for (let j = 0; j < D; j++) {
        sum += ((points[q * D + j] as number) - (points[r * D + j] as number)) ** 2;
      }
      distances.push(Math.sqrt(sum));
    }
    return distances.sort((a, b) => a - b)[k - 1] as number;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;

  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

// 200 dense points at 0, 30 sparse ones far away at 50 with 4x the spread.
const points = Float32Array.from([...blob(200, 0, 1, 1), ...blob(30, 50, 4, 2)]);
const sparseRows = Array.from({ length: 30 }, (_, i) => 200 + i);
const allRows = Array.from({ length: 230 }, (_, i) => i);

describe('Function: density', () => {
  it('tells a separated sparse group by its k-th neighbour distance against brute force', () => {
    const result = density(sparseRows, points, D, 5);
    const memberMedian = median(bruteKthDistances(points, sparseRows, 5));
    const runMedian = median(bruteKthDistances(points, allRows, 5));

    expect(result.medianKthDistance).toBeCloseTo(memberMedian, 5);
    expect(result.runMedianKthDistance).toBeCloseTo(runMedian, 5);
    expect(result.kthDistanceRatio).toBeCloseTo(memberMedian / runMedian, 5);
    expect(result.kthDistanceRatio).toBeGreaterThan(1.5);
    expect(result.sameGroupShare).toBe(1);
    expect(result.chanceSameGroupShare).toBeCloseTo(29 / 229, 12);
  });

  it('gives a ratio near 1 and a share near chance for a random subset of the run', () => {
    const denseHalf = Array.from({ length: 100 }, (_, i) => 2 * i);
    const result = density(denseHalf, points, D, 8);

    expect(result.kthDistanceRatio).toBeGreaterThan(0.7);
    expect(result.kthDistanceRatio).toBeLessThan(1.3);
    expect(Math.abs(result.sameGroupShare - 0.5)).toBeLessThan(0.1);
  });

  it('counts the pool neighbours, few where the pool does not reach', () => {
    const pool = Float32Array.from(blob(200, 0, 1, 3));

    const sparse = density(sparseRows, points, D, 5, { pool });
    const dense = density([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], points, D, 5, { pool });

    expect(sparse.poolNeighbourShare).toBe(0);
    expect(sparse.chancePoolShare).toBeCloseTo(200 / 429, 12);
    expect(dense.poolNeighbourShare).toBeGreaterThan(0.3);
  });

  it('takes the run median when given instead of computing it', () => {
    const result = density(sparseRows, points, D, 5, { runMedianKthDistance: 2 });

    expect(result.runMedianKthDistance).toBe(2);
    expect(result.kthDistanceRatio).toBeCloseTo(result.medianKthDistance / 2, 12);
  });

  it('refuses no members and repeated members', () => {
    expect(() => density([], points, D, 5)).toThrow(
      'parameter memberRows must be at least one row, got 0',
    );
    expect(() => density([1, 1], points, D, 5)).toThrow('must be distinct rows');
  });
});

describe('Function: density, on a sample of a large aggressor', () => {
  it('queries a seeded sample of maxQueryRows members, counting all members as its group', () => {
    const sample = Array.from(
      sampleRows(30, 8, seededRandom(3)),
      (i) => sparseRows[i]!,
    );

    const sampled = density(sparseRows, points, D, 3, { maxQueryRows: 8, seed: 3 });

    expect(sampled.medianKthDistance).toBeCloseTo(
      median(bruteKthDistances(points, sample, 3)),
      9,
    );
    expect(sampled.members).toBe(30);
    expect(sampled.sameGroupShare).toBeGreaterThan(0.9);
  });

  it('queries every member when they are no more than maxQueryRows', () => {
    expect(density(sparseRows, points, D, 3, { maxQueryRows: 30 })).toEqual(
      density(sparseRows, points, D, 3),
    );
  });
});

describe('Function: defaultDensityQueryRows', () => {
  it('keeps 2,000 queries for small runs and 200 at a million rows of 256', () => {
    expect(defaultDensityQueryRows(3000, 100)).toBe(2000);
    expect(defaultDensityQueryRows(1_000_000, 64)).toBe(781);
    expect(defaultDensityQueryRows(1_000_000, 256)).toBe(200);
  });
});

describe('Function: runMedianKthDistance', () => {
  it('samples at most maxQueryRows rows, the same for the same seed', () => {
    const a = runMedianKthDistance(points, D, 5, { maxQueryRows: 50, seed: 4 });
    const b = runMedianKthDistance(points, D, 5, { maxQueryRows: 50, seed: 4 });
    const all = runMedianKthDistance(points, D, 5);

    expect(a).toBe(b);
    expect(Math.abs(a - all) / all).toBeLessThan(0.5);
  });

  it('is 0 when every sample has k duplicates', () => {
    expect(runMedianKthDistance(new Float32Array(20).fill(1), D, 2)).toBe(0);
  });
});
