import { AnalysisParameterError, EmptyAnalysisError } from './errors.ts';
import { kmeansPlusPlus } from './kmeans-plus-plus.ts';
import { seededRandom } from './random.ts';
import type { KMeansOptions, KMeansResult } from './types.ts';
import { LloydSession, type LloydStep } from './kernels/lloyd.ts';

interface Assignment {
  assignments: Int32Array;
  /** Squared distance of each point to its assigned centroid. */
  distances: Float64Array;
}

/**
 * Lloyd's k-means over n points of `dimensions` values (row-major). Starts
 * from `initialCentroids` when given, else from seeded k-means++. Each
 * iteration assigns every point to its nearest centroid (the WebAssembly
 * kernels of `LloydSession`, exact as a float64 search) and moves centroids
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
  const n = points.length / dimensions;

  let centroids =
    initialCentroids?.slice() ??
    kmeansPlusPlus(points, dimensions, k, seededRandom(options.seed));
  const session = new LloydSession(points, n, dimensions, k);
  try {
    let converged = false;
    let iterations = 0;
    while (!converged && iterations < maxIterations) {
      const next = updateCentroids(points, session, centroids, session.step(centroids));
      converged = largestSquaredShift(next, centroids, dimensions) <= tolerance;
      centroids = next;
      iterations++;
    }
    const { assignments } = session.step(centroids);
    const distances = session.assignedDistances(centroids, assignments);

    return {
      k,
      dimensions,
      centroids,
      assignments,
      inertia: sum(distances),
      converged,
      iterations,
    };
  } finally {
    session.close();
  }
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

/**
 * The means of the rows of each centroid; an empty centroid is first given
 * a row (`reseedEmptyClusters`, which needs each row's distance).
 */
function updateCentroids(
  points: Float32Array,
  session: LloydSession,
  centroids: Float64Array,
  step: LloydStep,
): Float64Array {
  const { k, d: dimensions } = session;
  const { sums, counts } = step;
  if (counts.includes(0)) {
    const distances = session.assignedDistances(centroids, step.assignments);
    reseedEmptyClusters(points, dimensions, { ...step, distances }, sums, counts);
  }

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
