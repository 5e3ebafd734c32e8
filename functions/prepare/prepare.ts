/**
 * Prepare: read and check the upload, mark the run running, and write the
 * run's work files: samples.jsonl, then input shards (and inference.json)
 * when the manifest names an endpoint, else the precomputed outputs.
 * work/<runId>/ is cleared first, so a re-executed Prepare never mixes in
 * old files. A BundleError is thrown as it is: NotifyFailure records it.
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { s3BundleSource } from '../../shared/aws/bundle-source.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { requireManifestKey } from '../../shared/aws/manifest-key.ts';
import { updateRun } from '../../shared/aws/runs.ts';
import { deletePrefix, putJson, putLines } from '../../shared/aws/s3-io.ts';
import { loadBundle } from '../../shared/bundle/load.ts';
import type { LoadedBundle } from '../../shared/bundle/load.ts';
import type { InferenceSettings } from '../../shared/bundle/types.ts';
import type { PipelineState, Prepared, ShardRef } from '../../shared/pipeline/types.ts';
import { analysisSample, chunk, precomputedOutputs, shardLine } from './work-files.ts';

export interface PrepareOptions {
  /** Samples per shard: one Infer task's work. Default 500. */
  shardSize?: number;
}

export const DEFAULT_SHARD_SIZE = 500;

export async function prepare(
  state: PipelineState,
  deps: PipelineDeps,
  options: PrepareOptions = {},
): Promise<Prepared> {
  const { bucket, runId, manifestKey } = state;
  const { project, modelVersion } = requireManifestKey(manifestKey);
  const shardSize = options.shardSize ?? DEFAULT_SHARD_SIZE;
  if (!Number.isInteger(shardSize) || shardSize < 1) {
    throw new RangeError(`shardSize must be a positive integer, got ${shardSize}`);
  }
  const { s3, config, logger } = deps;

  await deletePrefix(s3, bucket, s3Keys.workPrefix(runId));
  await updateRun(deps.ddb, config.table, project, runId, {
    status: 'running',
    startedAtEpochMs: deps.nowEpochMs(),
  });
  const source = s3BundleSource(
    s3,
    bucket,
    s3Keys.evaluationPrefix(project, modelVersion),
  );
  const bundle = await loadBundle(source, { project, modelVersion });
  logger.info('bundle loaded', { runId, samples: bundle.samples.length });

  const { shards, outputFiles } = await writeWork(
    deps,
    bucket,
    runId,
    bundle,
    shardSize,
  );
  logger.info('work written', { runId, shards: shards.length, outputFiles });

  const prepared: Prepared = {
    bucket,
    runId,
    project,
    modelVersion,
    sampleCount: bundle.samples.length,
    needsInference: bundle.manifest.inference !== undefined,
    shards,
  };
  if (bundle.manifest.inference) prepared.endpoint = bundle.manifest.inference.endpoint;

  return prepared;
}

/** samples.jsonl, then input shards or precomputed outputs. */
async function writeWork(
  deps: PipelineDeps,
  bucket: string,
  runId: string,
  bundle: LoadedBundle,
  shardSize: number,
): Promise<{ shards: ShardRef[]; outputFiles: number }> {
  const samples = bundle.samples.map(analysisSample);
  await putLines(deps.s3, bucket, s3Keys.samples(runId), samples);

  const inference = bundle.manifest.inference;
  if (inference) {
    const shards = await writeShards(deps, bucket, runId, bundle, inference, shardSize);
    return { shards, outputFiles: 0 };
  }
  const outputFiles = await writeOutputs(deps, bucket, runId, bundle, shardSize);

  return { shards: [], outputFiles };
}

async function writeShards(
  deps: PipelineDeps,
  bucket: string,
  runId: string,
  bundle: LoadedBundle,
  inference: InferenceSettings,
  shardSize: number,
): Promise<ShardRef[]> {
  await putJson(deps.s3, bucket, s3Keys.inferenceSettings(runId), inference);

  const shards: ShardRef[] = [];
  for (const [index, samples] of chunk(bundle.samples, shardSize).entries()) {
    const key = s3Keys.shard(runId, index);
    await putLines(deps.s3, bucket, key, samples.map(shardLine));
    shards.push({ index, key, count: samples.length });
  }

  return shards;
}

async function writeOutputs(
  deps: PipelineDeps,
  bucket: string,
  runId: string,
  bundle: LoadedBundle,
  shardSize: number,
): Promise<number> {
  const files = chunk(precomputedOutputs(bundle), shardSize);
  for (const [index, outputs] of files.entries()) {
    await putLines(deps.s3, bucket, s3Keys.output(runId, index), outputs);
  }

  return files.length;
}
