/**
 * One Map item of distributed k-means: reads the partition's output files
 * one at a time and, against the centroids at `centroidsKey`, either writes
 * the partition's partial sums (step 'partial', each loop iteration) or each
 * sample's final cluster (step 'assign', once the loop is done). Memory
 * holds one output file and k x d sums, whatever the run's size.
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import {
  getCentroids,
  getClusteringPlan,
  putAssignments,
  putPartial,
} from '../../shared/aws/clustering-files.ts';
import type { AssignmentLine } from '../../shared/aws/clustering-files.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { assignNearest } from '../../shared/analysis/distributed/assign-nearest.ts';
import type { ClusteringPlanDocument } from '../../shared/analysis/distributed/documents.ts';
import {
  emptyPartial,
  mergePartials,
  shardPartial,
} from '../../shared/analysis/distributed/shard-partial.ts';
import type {
  ClusterShardInput,
  ClusterShardOutput,
} from '../../shared/pipeline/types.ts';
import { ClusteringStateError } from './errors.ts';
import { readOutputRows } from './output-rows.ts';

interface ShardWork {
  input: ClusterShardInput;
  plan: ClusteringPlanDocument;
  keys: string[];
  centroids: Float64Array;
}

export async function clusterShard(
  input: ClusterShardInput,
  deps: PipelineDeps,
): Promise<ClusterShardOutput> {
  const work = await loadShardWork(input, deps);

  const output =
    input.step === 'partial'
      ? await writePartial(work, deps)
      : await writeAssignments(work, deps);
  deps.logger.info('cluster shard done', {
    runId: input.runId,
    step: input.step,
    partition: input.partition,
    iteration: input.iteration,
    files: work.keys.length,
    rows: output.rows,
  });

  return output;
}

async function loadShardWork(
  input: ClusterShardInput,
  deps: PipelineDeps,
): Promise<ShardWork> {
  if (input.step !== 'partial' && input.step !== 'assign') {
    throw new ClusteringStateError(
      input.runId,
      'step',
      input.step,
      "'partial' or 'assign'",
    );
  }
  const plan = await getClusteringPlan(deps.s3, input.bucket, input.runId);
  const keys = plan.partitions[input.partition];
  if (!Number.isInteger(input.partition) || keys === undefined) {
    const needed = `a partition from 0 to ${plan.partitions.length - 1}`;
    throw new ClusteringStateError(input.runId, 'partition', input.partition, needed);
  }
  const doc = await getCentroids(deps.s3, input.bucket, input.centroidsKey);
  if (doc.k !== plan.k || doc.dimensions !== plan.dimensions) {
    const needed = `k = ${plan.k} x ${plan.dimensions} dimensions as planned`;
    const found = `k = ${doc.k} x ${doc.dimensions} at ${input.centroidsKey}`;
    throw new ClusteringStateError(input.runId, 'centroids', found, needed);
  }

  return { input, plan, keys, centroids: Float64Array.from(doc.centroids) };
}

async function writePartial(
  { input, plan, keys, centroids }: ShardWork,
  deps: PipelineDeps,
): Promise<ClusterShardOutput> {
  let partial = emptyPartial(plan.k, plan.dimensions);
  for (const key of keys) {
    const rows = await readOutputRows(deps.s3, input.bucket, key, plan.dimensions);
    const place = { partition: input.partition, firstRow: partial.rows };
    const filePartial = shardPartial(rows.points, plan.dimensions, centroids, place);
    partial = mergePartials(partial, filePartial);
  }
  const key = s3Keys.clusterPartial(input.runId, input.iteration, input.partition);
  await putPartial(deps.s3, input.bucket, key, partial);

  return { partition: input.partition, rows: partial.rows, key };
}

async function writeAssignments(
  { input, plan, keys, centroids }: ShardWork,
  deps: PipelineDeps,
): Promise<ClusterShardOutput> {
  const lines: AssignmentLine[] = [];
  for (const key of keys) {
    const rows = await readOutputRows(deps.s3, input.bucket, key, plan.dimensions);
    const nearest = assignNearest(rows.points, plan.dimensions, centroids);
    rows.ids.forEach((id, i) =>
      lines.push({
        id,
        cluster: nearest.assignments[i] as number,
        distance: nearest.distances[i] as number,
      }),
    );
  }
  const key = s3Keys.clusterAssignments(input.runId, input.partition);
  await putAssignments(deps.s3, input.bucket, key, lines);

  return { partition: input.partition, rows: lines.length, key };
}
