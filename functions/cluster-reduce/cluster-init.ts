/**
 * ClusterInit: starts distributed k-means. Lists the run's output files,
 * splits them into partitions (the Map items of each pass), chooses k as
 * the analysis does, and writes the plan and the seeded start: k-means++
 * over a sample of the files. Returns the loop state kept at `$.clustering`.
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { putCentroids, putClusteringPlan } from '../../shared/aws/clustering-files.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { getRunContext } from '../../shared/aws/run-context.ts';
import type { RunContext } from '../../shared/aws/run-context.ts';
import { listKeys } from '../../shared/aws/s3-io.ts';
import { ANALYSIS_DEFAULTS } from '../../shared/analysis/analyze.ts';
import { selectK } from '../../shared/analysis/choose-k.ts';
import type { ClusteringPlanDocument } from '../../shared/analysis/distributed/documents.ts';
import {
  initialCentroids,
  sampleFileIndexes,
  sampleRows,
} from '../../shared/analysis/distributed/initial-centroids.ts';
import { DISTRIBUTED_LIMITS } from '../../shared/analysis/distributed/limits.ts';
import { partitionFiles } from '../../shared/analysis/distributed/plan.ts';
import { seededRandom } from '../../shared/analysis/random.ts';
import type {
  ClusteringLoop,
  PipelineState,
  Prepared,
} from '../../shared/pipeline/types.ts';
import { ClusteringStateError } from '../cluster-shard/errors.ts';
import { readOutputRows } from '../cluster-shard/output-rows.ts';

/** The rows the start is drawn from. */
interface StartSample {
  points: Float32Array;
  /** 0 when no sampled row could be clustered. */
  dimensions: number;
}

export async function clusterInit(
  state: PipelineState,
  deps: PipelineDeps,
): Promise<ClusteringLoop> {
  const prepared = requirePrepared(state);
  const { bucket, runId } = prepared;
  const files = await listKeys(deps.s3, bucket, s3Keys.outputsPrefix(runId));
  if (files.length === 0) {
    throw new ClusteringStateError(runId, 'outputs', 0, 'at least one output file');
  }

  const context = await getRunContext(deps.s3, bucket, runId);
  const k = kOf(prepared.sampleCount, context);
  const sample = await readSample(files, prepared, deps);
  if (sample.dimensions === 0) {
    const needed = 'clusterable embeddings in the sampled output files';
    throw new ClusteringStateError(runId, 'outputs', files.length, needed);
  }
  const plan = planOf(k, sample.dimensions, files);
  const start = initialCentroids(sample.points, sample.dimensions, k, plan.seed);
  await putClusteringPlan(deps.s3, bucket, runId, plan);
  const centroidsKey = await putCentroids(deps.s3, bucket, runId, {
    iteration: 0,
    k,
    dimensions: sample.dimensions,
    centroids: Array.from(start),
  });
  deps.logger.info('distributed clustering planned', {
    runId,
    k,
    dimensions: sample.dimensions,
    files: files.length,
    partitions: plan.partitions.length,
    sampledRows: sample.points.length / sample.dimensions,
  });

  return {
    k,
    dimensions: sample.dimensions,
    partitions: plan.partitions.map((_, index) => index),
    iteration: 0,
    maxIterations: plan.maxIterations,
    centroidsKey,
    converged: false,
    done: false,
    shift: null,
    inertia: null,
  };
}

export function requirePrepared(state: PipelineState): Prepared {
  if (state.prepared === undefined) {
    throw new ClusteringStateError(
      state.runId,
      '$.prepared',
      undefined,
      'set by Prepare',
    );
  }

  return state.prepared;
}

/** k as the analysis chooses it (shared/analysis/choose-k.ts), on every sample of the run. */
function kOf(sampleCount: number, context: RunContext): number {
  const classes =
    context.task === 'classification' ? (context.classes?.length ?? 1) : 0;
  const minSupport = Math.max(
    ANALYSIS_DEFAULTS.minAggressorSize,
    Math.ceil(ANALYSIS_DEFAULTS.minSupportFraction * sampleCount),
  );

  return selectK({ n: sampleCount, minSupport, minK: classes > 0 ? 2 * classes : 2 }).k;
}

/** The seeded sample the start is drawn from: a few files, at most so many rows. */
async function readSample(
  files: readonly string[],
  { bucket }: Prepared,
  deps: PipelineDeps,
): Promise<StartSample> {
  const { initSampleFiles, initSampleRows } = DISTRIBUTED_LIMITS;
  const seed = ANALYSIS_DEFAULTS.seed;
  const chosen = sampleFileIndexes(files.length, initSampleFiles, seed);

  const blocks: Float32Array[] = [];
  let dimensions = 0;
  for (const index of chosen) {
    const rows = await readOutputRows(
      deps.s3,
      bucket,
      files[index] as string,
      dimensions,
    );
    dimensions = rows.dimensions;
    blocks.push(rows.points);
  }
  const all = concatenated(blocks);
  const random = seededRandom(seed);

  if (dimensions === 0) return { points: all, dimensions };

  return { points: sampleRows(all, dimensions, initSampleRows, random), dimensions };
}

function concatenated(blocks: readonly Float32Array[]): Float32Array {
  const all = new Float32Array(blocks.reduce((sum, b) => sum + b.length, 0));
  let offset = 0;
  for (const block of blocks) {
    all.set(block, offset);
    offset += block.length;
  }

  return all;
}

function planOf(
  k: number,
  dimensions: number,
  files: string[],
): ClusteringPlanDocument {
  return {
    k,
    dimensions,
    seed: ANALYSIS_DEFAULTS.seed,
    tolerance: ANALYSIS_DEFAULTS.tolerance,
    maxIterations: Math.min(
      ANALYSIS_DEFAULTS.maxIterations,
      DISTRIBUTED_LIMITS.maxIterations,
    ),
    partitions: partitionFiles(files, DISTRIBUTED_LIMITS.maxPartitions),
  };
}
