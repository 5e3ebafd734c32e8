/**
 * ClusterReduce: one reduce step of distributed k-means. Merges every
 * partition's partial sums of the current iteration, writes the new
 * centroids and says whether the loop is done (converged, or at the cap).
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import {
  getCentroids,
  getClusteringPlan,
  getPartial,
  putCentroids,
} from '../../shared/aws/clustering-files.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { reduceStep } from '../../shared/analysis/distributed/reduce-step.ts';
import { mergePartials } from '../../shared/analysis/distributed/shard-partial.ts';
import type { ShardPartial } from '../../shared/analysis/distributed/types.ts';
import type { ClusteringLoop, PipelineState } from '../../shared/pipeline/types.ts';
import { ClusteringStateError } from '../cluster-shard/errors.ts';

export async function clusterReduce(
  state: PipelineState,
  deps: PipelineDeps,
): Promise<ClusteringLoop> {
  const loop = requireLoop(state);
  const { bucket, runId } = state;
  const plan = await getClusteringPlan(deps.s3, bucket, runId);
  const previous = await getCentroids(deps.s3, bucket, loop.centroidsKey);

  const merged = await mergedPartials(state, loop, plan.partitions.length, deps);
  const outcome = reduceStep(
    Float64Array.from(previous.centroids),
    merged,
    plan.tolerance,
  );
  const iteration = loop.iteration + 1;
  const centroidsKey = await putCentroids(deps.s3, bucket, runId, {
    iteration,
    k: plan.k,
    dimensions: plan.dimensions,
    centroids: Array.from(outcome.centroids),
  });
  const done = outcome.converged || iteration >= plan.maxIterations;
  deps.logger.info('distributed clustering reduced', {
    runId,
    iteration,
    rows: outcome.rows,
    shift: outcome.shift,
    inertia: outcome.inertia,
    reseeded: outcome.reseeded.length,
    converged: outcome.converged,
    done,
  });

  return {
    ...loop,
    iteration,
    centroidsKey,
    converged: outcome.converged,
    done,
    shift: outcome.shift,
    inertia: outcome.inertia,
  };
}

function requireLoop(state: PipelineState): ClusteringLoop {
  if (state.clustering === undefined) {
    throw new ClusteringStateError(
      state.runId,
      '$.clustering',
      undefined,
      'set by ClusterInit',
    );
  }

  return state.clustering;
}

async function mergedPartials(
  state: PipelineState,
  loop: ClusteringLoop,
  partitions: number,
  deps: PipelineDeps,
): Promise<ShardPartial> {
  let merged: ShardPartial | undefined;
  for (let partition = 0; partition < partitions; partition++) {
    const key = s3Keys.clusterPartial(state.runId, loop.iteration, partition);
    const partial = await getPartial(deps.s3, state.bucket, key);
    merged = merged === undefined ? partial : mergePartials(merged, partial);
  }

  return merged as ShardPartial;
}
