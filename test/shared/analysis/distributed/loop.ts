/**
 * The distributed loop as the state machine runs it, in memory: a map step
 * per partition, a reduce, until converged or the cap; then a final assign.
 */
import { assignNearest } from '../../../../shared/analysis/distributed/assign-nearest.ts';
import { reduceStep } from '../../../../shared/analysis/distributed/reduce-step.ts';
import {
  mergePartials,
  shardPartial,
} from '../../../../shared/analysis/distributed/shard-partial.ts';

export interface LoopResult {
  centroids: Float64Array;
  assignments: Int32Array;
  inertia: number;
  converged: boolean;
  iterations: number;
}

export function distributedLoop(
  partitions: Float32Array[],
  dimensions: number,
  start: Float64Array,
  options: { maxIterations: number; tolerance: number },
): LoopResult {
  let centroids = start;
  let converged = false;
  let iterations = 0;
  while (!converged && iterations < options.maxIterations) {
    const merged = partitions
      .map((points, partition) =>
        shardPartial(points, dimensions, centroids, { partition, firstRow: 0 }),
      )
      .reduce(mergePartials);
    const outcome = reduceStep(centroids, merged, options.tolerance);
    centroids = outcome.centroids;
    converged = outcome.converged;
    iterations++;
  }
  const finals = partitions.map((points) =>
    assignNearest(points, dimensions, centroids),
  );

  return {
    centroids,
    assignments: Int32Array.from(finals.flatMap((f) => [...f.assignments])),
    inertia: finals.reduce((sum, f) => sum + f.distances.reduce((a, b) => a + b, 0), 0),
    converged,
    iterations,
  };
}

/** Rows of a matrix cut at the given row counts. */
export function splitRows(
  points: Float32Array,
  dimensions: number,
  rowCounts: number[],
): Float32Array[] {
  let start = 0;

  return rowCounts.map((rows) => {
    const block = points.slice(start * dimensions, (start + rows) * dimensions);
    start += rows;
    return block;
  });
}
