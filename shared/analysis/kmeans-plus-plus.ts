import type { RandomSource } from './random.ts';
import { gatherRows, sampleRows } from './sample-rows.ts';
import { squaredDistanceToRow } from './vectors.ts';

/**
 * Rows k-means++ draws from: larger sets are first sampled to this many, so
 * the start costs O(sample k d), not O(n k d), at a million rows.
 */
export const KMEANS_PLUS_PLUS_SAMPLE_ROWS = 32768;

/**
 * k-means++ seeding (Arthur and Vassilvitskii, 2007): the first centroid is a
 * uniformly drawn point, each next one a point drawn with probability
 * proportional to its squared distance to the nearest centroid so far. When
 * every remaining distance is zero (duplicated points), the lowest-index
 * point not yet chosen is taken. With more than `sampleRows` points, it runs
 * on a sample of that many drawn first from `random` (sorted by row), so the
 * start is deterministic for a seed. Returns k x dimensions, row-major.
 */
export function kmeansPlusPlus(
  points: Float32Array,
  dimensions: number,
  k: number,
  random: RandomSource,
  sampleSize = KMEANS_PLUS_PLUS_SAMPLE_ROWS,
): Float64Array {
  const rows = points.length / dimensions;
  if (rows > sampleSize && sampleSize >= k) {
    const sample = gatherRows(points, dimensions, sampleRows(rows, sampleSize, random));
    return seedCentroids(sample, dimensions, k, random);
  }

  return seedCentroids(points, dimensions, k, random);
}

function seedCentroids(
  points: Float32Array,
  dimensions: number,
  k: number,
  random: RandomSource,
): Float64Array {
  const n = points.length / dimensions;
  const centroids = new Float64Array(k * dimensions);
  const nearest = new Float64Array(n).fill(Infinity);
  const chosen = new Set<number>();

  let index = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    chosen.add(index);
    centroids.set(
      points.subarray(index * dimensions, (index + 1) * dimensions),
      c * dimensions,
    );
    const total = updateNearest(points, dimensions, centroids, c, nearest);
    index =
      total > 0 ? drawProportional(nearest, total, random) : firstUnchosen(n, chosen);
  }

  return centroids;
}

function updateNearest(
  points: Float32Array,
  dimensions: number,
  centroids: Float64Array,
  c: number,
  nearest: Float64Array,
): number {
  let total = 0;
  for (let i = 0; i < nearest.length; i++) {
    const d2 = squaredDistanceToRow(points, i, centroids, c, dimensions);
    const best = Math.min(nearest[i] as number, d2);
    nearest[i] = best;
    total += best;
  }

  return total;
}

function drawProportional(weights: Float64Array, total: number, random: RandomSource) {
  const target = random() * total;
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i] as number;
    if (weight <= 0) {
      continue;
    }
    cumulative += weight;
    last = i;
    if (cumulative > target) {
      return i;
    }
  }

  return last;
}

function firstUnchosen(n: number, chosen: Set<number>): number {
  for (let i = 0; i < n; i++) {
    if (!chosen.has(i)) {
      return i;
    }
  }

  return 0;
}
