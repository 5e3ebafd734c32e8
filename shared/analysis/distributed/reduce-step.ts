import { AnalysisParameterError, EmptyAnalysisError } from '../errors.ts';
import { compareCandidates } from './shard-partial.ts';
import type { ReduceOutcome, ShardPartial } from './types.ts';

/**
 * The reduce step of distributed Lloyd's k-means: the new centroids are the
 * means of the merged sums; an empty cluster is reseeded with the farthest
 * point of a cluster that keeps a member, as `kmeans` does; converged when
 * no centroid moved by more than `tolerance` (squared distance).
 */
export function reduceStep(
  previous: Float64Array,
  merged: ShardPartial,
  tolerance: number,
): ReduceOutcome {
  checkReduceInput(previous, merged, tolerance);
  const { k, dimensions } = merged;

  const sums = merged.sums.slice();
  const counts = merged.counts.slice();
  const reseeded = reseedEmptyClusters(merged, sums, counts);
  const centroids = meansOf(sums, counts, dimensions);
  const shift = largestSquaredShift(centroids, previous, dimensions, k);

  return {
    centroids,
    shift,
    converged: shift <= tolerance,
    reseeded,
    inertia: merged.inertia,
    rows: merged.rows,
  };
}

function checkReduceInput(
  previous: Float64Array,
  merged: ShardPartial,
  tolerance: number,
): void {
  if (previous.length !== merged.k * merged.dimensions) {
    throw new AnalysisParameterError(
      'centroids',
      previous.length,
      `k x dimensions = ${merged.k * merged.dimensions} values`,
    );
  }
  if (!(tolerance >= 0)) {
    throw new AnalysisParameterError('tolerance', tolerance, 'a number >= 0');
  }
  if (merged.rows < merged.k) {
    throw new EmptyAnalysisError(
      `distributed k-means needs at least k = ${merged.k} points, got ${merged.rows}`,
    );
  }
}

/** Moves candidates into empty clusters; returns the clusters reseeded. */
function reseedEmptyClusters(
  merged: ShardPartial,
  sums: Float64Array,
  counts: number[],
): number[] {
  const empty = [...counts.keys()].filter((c) => counts[c] === 0);
  const candidates = [...merged.farthest].sort(compareCandidates);
  const clusterOf = candidates.map((candidate) => candidate.cluster);

  let cursor = 0;
  for (const target of empty) {
    while (
      cursor < candidates.length &&
      (counts[clusterOf[cursor] as number] as number) < 2
    ) {
      cursor++;
    }
    const candidate = candidates[cursor++];
    if (candidate === undefined) {
      throw new EmptyAnalysisError(
        `cluster ${target} is empty and no point is left to reseed it`,
      );
    }
    counts[candidate.cluster] = (counts[candidate.cluster] as number) - 1;
    addVector(sums, candidate.cluster, candidate.vector, -1);
    counts[target] = 1;
    addVector(sums, target, candidate.vector, 1);
  }

  return empty;
}

function addVector(
  sums: Float64Array,
  cluster: number,
  vector: readonly number[],
  sign: 1 | -1,
): void {
  const offset = cluster * vector.length;
  vector.forEach((value, j) => {
    sums[offset + j] = (sums[offset + j] as number) + sign * value;
  });
}

function meansOf(sums: Float64Array, counts: number[], dimensions: number) {
  return sums.map((sum, j) => sum / (counts[Math.floor(j / dimensions)] as number));
}

function largestSquaredShift(
  a: Float64Array,
  b: Float64Array,
  dimensions: number,
  k: number,
): number {
  let largest = 0;
  for (let c = 0; c < k; c++) {
    let shift = 0;
    for (let j = c * dimensions; j < (c + 1) * dimensions; j++) {
      const diff = (a[j] as number) - (b[j] as number);
      shift += diff * diff;
    }
    largest = Math.max(largest, shift);
  }

  return largest;
}
