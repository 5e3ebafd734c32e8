import { AnalysisParameterError, EmptyAnalysisError } from './errors.ts';
import { kmeansPlusPlus } from './kmeans-plus-plus.ts';
import { seededRandom } from './random.ts';
import type { KMeansOptions, KMeansResult } from './types.ts';
import { rowSquaredNorms } from './vectors.ts';

interface Assignment {
  assignments: Int32Array;
  /** Squared distance of each point to its assigned centroid. */
  distances: Float64Array;
}

/**
 * Lloyd's k-means over n points of `dimensions` values (row-major). Starts
 * from `initialCentroids` when given, else from seeded k-means++. Each
 * iteration assigns every point to its nearest centroid and moves centroids
 * to the means; it stops when no centroid moves by more than `tolerance`
 * (squared distance) or after `maxIterations`. A cluster left empty is
 * reseeded at the point farthest from its centroid. The returned assignments
 * and inertia are taken against the returned centroids.
 */
export function kmeans(
  points: Float32Array,
  dimensions: number,
  options: KMeansOptions,
  initialCentroids?: Float64Array,
): KMeansResult {
  validateKMeansInput(points, dimensions, options, initialCentroids);
  const { k, maxIterations, tolerance } = options;

  const pointNorms = rowSquaredNorms(points, dimensions);
  let centroids =
    initialCentroids?.slice() ??
    kmeansPlusPlus(points, dimensions, k, seededRandom(options.seed));
  let converged = false;
  let iterations = 0;
  while (!converged && iterations < maxIterations) {
    const step = assign(points, dimensions, pointNorms, centroids);
    const next = updateCentroids(points, dimensions, k, step);
    converged = largestSquaredShift(next, centroids, dimensions) <= tolerance;
    centroids = next;
    iterations++;
  }
  const final = assign(points, dimensions, pointNorms, centroids);

  return {
    k,
    dimensions,
    centroids,
    assignments: final.assignments,
    inertia: sum(final.distances),
    converged,
    iterations,
  };
}

function validateKMeansInput(
  points: Float32Array,
  dimensions: number,
  options: KMeansOptions,
  initialCentroids?: Float64Array,
): void {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new AnalysisParameterError('dimensions', dimensions, 'a positive integer');
  }
  if (points.length === 0 || points.length % dimensions !== 0) {
    throw new EmptyAnalysisError(
      `k-means needs a non-empty n x ${dimensions} matrix, got ${points.length} values`,
    );
  }
  const n = points.length / dimensions;
  if (!Number.isInteger(options.k) || options.k < 1 || options.k > n) {
    throw new AnalysisParameterError('k', options.k, `an integer from 1 to n = ${n}`);
  }
  if (!Number.isInteger(options.maxIterations) || options.maxIterations < 1) {
    throw new AnalysisParameterError(
      'maxIterations',
      options.maxIterations,
      'a positive integer',
    );
  }
  if (!(options.tolerance >= 0)) {
    throw new AnalysisParameterError('tolerance', options.tolerance, 'a number >= 0');
  }
  if (initialCentroids && initialCentroids.length !== options.k * dimensions) {
    throw new AnalysisParameterError(
      'initialCentroids',
      initialCentroids.length,
      `k x dimensions = ${options.k * dimensions} values`,
    );
  }
}

function assign(
  points: Float32Array,
  dimensions: number,
  pointNorms: Float64Array,
  centroids: Float64Array,
): Assignment {
  const n = pointNorms.length;
  const k = centroids.length / dimensions;
  const centroidNorms = rowSquaredNorms(centroids, dimensions);
  const assignments = new Int32Array(n);
  const distances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const start = i * dimensions;
    let best = Infinity;
    let bestCluster = 0;
    for (let c = 0; c < k; c++) {
      const offset = c * dimensions;
      let dot = 0;
      for (let j = 0; j < dimensions; j++) {
        dot += (points[start + j] as number) * (centroids[offset + j] as number);
      }
      const d2 = (pointNorms[i] as number) - 2 * dot + (centroidNorms[c] as number);
      if (d2 < best) {
        best = d2;
        bestCluster = c;
      }
    }
    assignments[i] = bestCluster;
    distances[i] = Math.max(0, best);
  }

  return { assignments, distances };
}

function updateCentroids(
  points: Float32Array,
  dimensions: number,
  k: number,
  step: Assignment,
): Float64Array {
  const sums = new Float64Array(k * dimensions);
  const counts = new Int32Array(k);
  step.assignments.forEach((cluster, i) => {
    counts[cluster] = (counts[cluster] as number) + 1;
    addRow(sums, cluster, points, i, dimensions, 1);
  });
  reseedEmptyClusters(points, dimensions, step, sums, counts);

  for (let c = 0; c < k; c++) {
    const count = counts[c] as number;
    for (let j = c * dimensions; j < (c + 1) * dimensions; j++) {
      sums[j] = (sums[j] as number) / count;
    }
  }

  return sums;
}

/**
 * Moves into each empty cluster the point farthest from its own centroid,
 * taken from a cluster that keeps at least one member; ties go to the lower
 * index, so the outcome is deterministic.
 */
function reseedEmptyClusters(
  points: Float32Array,
  dimensions: number,
  step: Assignment,
  sums: Float64Array,
  counts: Int32Array,
): void {
  const empty = [...counts.keys()].filter((c) => counts[c] === 0);
  if (empty.length === 0) {
    return;
  }

  const farthestFirst = [...step.distances.keys()].sort(
    (a, b) => (step.distances[b] as number) - (step.distances[a] as number) || a - b,
  );
  let cursor = 0;
  for (const target of empty) {
    while (
      (counts[step.assignments[farthestFirst[cursor] as number] as number] as number) <
      2
    ) {
      cursor++;
    }
    const i = farthestFirst[cursor++] as number;
    const source = step.assignments[i] as number;
    counts[source] = (counts[source] as number) - 1;
    addRow(sums, source, points, i, dimensions, -1);
    counts[target] = 1;
    addRow(sums, target, points, i, dimensions, 1);
    step.assignments[i] = target;
  }
}

function addRow(
  sums: Float64Array,
  cluster: number,
  points: Float32Array,
  i: number,
  dimensions: number,
  sign: 1 | -1,
): void {
  const offset = cluster * dimensions;
  const start = i * dimensions;
  for (let j = 0; j < dimensions; j++) {
    sums[offset + j] =
      (sums[offset + j] as number) + sign * (points[start + j] as number);
  }
}

function largestSquaredShift(a: Float64Array, b: Float64Array, dimensions: number) {
  let largest = 0;
  for (let c = 0; c < a.length / dimensions; c++) {
    let shift = 0;
    for (let j = c * dimensions; j < (c + 1) * dimensions; j++) {
      const diff = (a[j] as number) - (b[j] as number);
      shift += diff * diff;
    }
    largest = Math.max(largest, shift);
  }

  return largest;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const value of values) {
    total += value;
  }

  return total;
}
