import { AnalysisParameterError } from '../errors.ts';
import { assignNearest } from './assign-nearest.ts';
import type { NearestCentroids } from './assign-nearest.ts';
import type { FarthestCandidate, ShardPartial } from './types.ts';

/**
 * Farthest points each partial keeps: 2k - 1. Reseeding empty clusters skips
 * at most one point per cluster (a cluster's only member) and takes at most
 * k - 1, so the global 2k - 1 farthest always suffice, and they are among
 * the union of every partition's 2k - 1 farthest.
 */
export function candidateLimit(k: number): number {
  return 2 * k - 1;
}

/** A partial with nothing summed yet. */
export function emptyPartial(k: number, dimensions: number): ShardPartial {
  return {
    k,
    dimensions,
    rows: 0,
    counts: new Array<number>(k).fill(0),
    sums: new Float64Array(k * dimensions),
    inertia: 0,
    farthest: [],
  };
}

export interface PartialPlace {
  partition: number;
  /** Row of the first point within its partition. */
  firstRow: number;
}

/**
 * The map step over a block of points: assigns each to its nearest centroid
 * and returns the per-cluster sums and counts, the inertia and the farthest
 * points (for reseeding).
 */
export function shardPartial(
  points: Float32Array,
  dimensions: number,
  centroids: Float64Array,
  place: PartialPlace,
): ShardPartial {
  const k = checkedShape(points, dimensions, centroids);
  const pass = assignNearest(points, dimensions, centroids);

  let inertia = 0;
  for (const distance of pass.distances) inertia += distance;
  return {
    k,
    dimensions,
    rows: pass.assignments.length,
    counts: Array.from(pass.counts),
    sums: pass.sums,
    inertia,
    farthest: farthestOf(points, dimensions, pass, place, k),
  };
}

function checkedShape(
  points: Float32Array,
  dimensions: number,
  centroids: Float64Array,
): number {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new AnalysisParameterError('dimensions', dimensions, 'a positive integer');
  }
  if (points.length % dimensions !== 0) {
    throw new AnalysisParameterError(
      'points',
      points.length,
      `a multiple of ${dimensions} values`,
    );
  }
  if (centroids.length === 0 || centroids.length % dimensions !== 0) {
    throw new AnalysisParameterError(
      'centroids',
      centroids.length,
      `k x ${dimensions} values, k >= 1`,
    );
  }

  return centroids.length / dimensions;
}

function farthestOf(
  points: Float32Array,
  dimensions: number,
  { assignments, distances }: NearestCentroids,
  place: PartialPlace,
  k: number,
): FarthestCandidate[] {
  return farthestRows(distances, candidateLimit(k)).map((i) => ({
    distance: distances[i] as number,
    partition: place.partition,
    row: place.firstRow + i,
    cluster: assignments[i] as number,
    vector: Array.from(points.subarray(i * dimensions, (i + 1) * dimensions)),
  }));
}

/**
 * The rows of the `limit` largest distances, largest first, the lower row
 * first on a tie: one pass keeping a short sorted list, not a full sort.
 */
function farthestRows(distances: Float64Array, limit: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < distances.length; i++) {
    const distance = distances[i] as number;
    const last = rows[rows.length - 1];
    if (rows.length === limit && distance <= (distances[last as number] as number)) {
      continue;
    }
    let at = rows.length;
    while (at > 0 && (distances[rows[at - 1] as number] as number) < distance) at--;
    rows.splice(at, 0, i);
    if (rows.length > limit) rows.pop();
  }

  return rows;
}

/** Farthest first; on a tie, the earlier place in the whole matrix first. */
export function compareCandidates(a: FarthestCandidate, b: FarthestCandidate): number {
  return b.distance - a.distance || a.partition - b.partition || a.row - b.row;
}

/** Two partials against the same centroids as one: sums added, candidates merged. */
export function mergePartials(a: ShardPartial, b: ShardPartial): ShardPartial {
  if (a.k !== b.k || a.dimensions !== b.dimensions) {
    throw new AnalysisParameterError(
      'partial',
      `k = ${b.k}, ${b.dimensions} dimensions`,
      `k = ${a.k} and ${a.dimensions} dimensions, as the partials merged with it`,
    );
  }

  return {
    k: a.k,
    dimensions: a.dimensions,
    rows: a.rows + b.rows,
    counts: a.counts.map((count, c) => count + (b.counts[c] as number)),
    sums: a.sums.map((sum, j) => sum + (b.sums[j] as number)),
    inertia: a.inertia + b.inertia,
    farthest: [...a.farthest, ...b.farthest]
      .sort(compareCandidates)
      .slice(0, candidateLimit(a.k)),
  };
}
