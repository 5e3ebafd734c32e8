/**
 * Prepare: read and check the upload, mark the run running, and write the
 * run's work files (see write-work.ts). work/<runId>/ is cleared first and
 * the run record's fields from an earlier attempt are removed, so a
 * re-executed Prepare never mixes in old files or figures. The manifest is
 * read at the version that started the run when the upload names one. A
 * BundleError is thrown as it is: NotifyFailure records it.
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { s3BundleSource } from '../../shared/aws/bundle-source.ts';
import { MANIFEST_FILE, s3Keys } from '../../shared/aws/keys.ts';
import { requireManifestKey } from '../../shared/aws/manifest-key.ts';
import type { ManifestLocation } from '../../shared/aws/manifest-key.ts';
import { updateRun } from '../../shared/aws/runs.ts';
import type { RunField } from '../../shared/aws/runs.ts';
import { deletePrefix } from '../../shared/aws/s3-io.ts';
import { planClustering } from '../../shared/analysis/distributed/plan.ts';
import type { ClusteringPlan } from '../../shared/analysis/distributed/plan.ts';
import { loadBundle } from '../../shared/bundle/load.ts';
import type { LoadedBundle } from '../../shared/bundle/load.ts';
import type { PipelineState, Prepared } from '../../shared/pipeline/types.ts';
import { writeWork } from './write-work.ts';
import type { WrittenWork } from './write-work.ts';

export interface PrepareOptions {
  /** Samples per shard: one Infer task's work. Default 500. */
  shardSize?: number;
}

export const DEFAULT_SHARD_SIZE = 500;

/** What an earlier attempt of the same run may have left on its record. */
export const EARLIER_ATTEMPT_FIELDS: readonly RunField[] = [
  'finishedAtEpochMs',
  'counts',
  'overall',
  'resultsKey',
  'aggressorCount',
  'testsNote',
  'error',
];

export async function prepare(
  state: PipelineState,
  deps: PipelineDeps,
  options: PrepareOptions = {},
): Promise<Prepared> {
  const location = requireManifestKey(state.manifestKey);
  const shardSize = checkedShardSize(options.shardSize ?? DEFAULT_SHARD_SIZE);

  await startAttempt(state, location, deps);
  const bundle = await loadUpload(state, location, deps);
  const target = { bucket: state.bucket, runId: state.runId, shardSize };
  const work = await writeWork(deps, target, bundle);
  const clustering = clusteringPlanOf(bundle, deps);
  deps.logger.info('work written', {
    runId: state.runId,
    shards: work.shards.length,
    outputFiles: work.outputFiles,
    clusteringPath: clustering.path,
    clusteringReason: clustering.reason,
  });

  return {
    ...preparedOf(state, location, bundle, work),
    ...(clustering.path === 'distributed' && { clustering }),
  };
}

/** Single-node or distributed, from samples x dimensions (docs/architecture.md). */
function clusteringPlanOf(bundle: LoadedBundle, deps: PipelineDeps): ClusteringPlan {
  const dimensions =
    bundle.embeddings?.cols ?? bundle.samples[0]?.embedding?.length ?? null;

  return planClustering({
    sampleCount: bundle.samples.length,
    dimensions,
    setting: deps.config.clusteringPath,
    singleNodeMaxEmbeddingBytes: deps.config.singleNodeMaxEmbeddingBytes,
  });
}

function checkedShardSize(shardSize: number): number {
  if (!Number.isInteger(shardSize) || shardSize < 1) {
    throw new RangeError(`shardSize must be a positive integer, got ${shardSize}`);
  }

  return shardSize;
}

/** Clears the run's work folder and marks the run running, as a fresh attempt. */
async function startAttempt(
  state: PipelineState,
  { project }: ManifestLocation,
  deps: PipelineDeps,
): Promise<void> {
  const running = { status: 'running' as const, startedAtEpochMs: deps.nowEpochMs() };

  await deletePrefix(deps.s3, state.bucket, s3Keys.workPrefix(state.runId));
  await updateRun(
    deps.ddb,
    deps.config.table,
    project,
    state.runId,
    running,
    EARLIER_ATTEMPT_FIELDS,
  );
}

/** The bundle, its manifest pinned to the uploaded version when one is given. */
async function loadUpload(
  state: PipelineState,
  location: ManifestLocation,
  deps: PipelineDeps,
): Promise<LoadedBundle> {
  const { project, modelVersion } = location;
  const versionIds: Record<string, string> = {};
  if (state.manifestVersionId) versionIds[MANIFEST_FILE] = state.manifestVersionId;
  const prefix = s3Keys.evaluationPrefix(project, modelVersion);
  const source = s3BundleSource(deps.s3, state.bucket, prefix, { versionIds });
  const bundle = await loadBundle(source, location);
  deps.logger.info('bundle loaded', {
    runId: state.runId,
    samples: bundle.samples.length,
    manifestVersionId: state.manifestVersionId,
  });

  return bundle;
}

function preparedOf(
  state: PipelineState,
  { project, modelVersion }: ManifestLocation,
  bundle: LoadedBundle,
  work: WrittenWork,
): Prepared {
  const endpoint = bundle.manifest.inference?.endpoint;

  return {
    bucket: state.bucket,
    runId: state.runId,
    project,
    modelVersion,
    sampleCount: bundle.samples.length,
    poolCount: bundle.pool?.length ?? 0,
    needsInference: endpoint !== undefined,
    ...(endpoint !== undefined && { endpoint }),
    shards: work.shards,
  };
}
