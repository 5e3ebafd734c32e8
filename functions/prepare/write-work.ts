/**
 * Writes a loaded bundle under work/<runId>/: run.json (what later steps
 * need of the manifest), samples.jsonl, then input shards and
 * inference.json when the manifest names an endpoint, else the precomputed
 * outputs.
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { putRunContext, runContextOf } from '../../shared/aws/run-context.ts';
import { putJson, putLines } from '../../shared/aws/s3-io.ts';
import type { LoadedBundle } from '../../shared/bundle/load.ts';
import type { InferenceSettings } from '../../shared/bundle/types.ts';
import type { ShardRef } from '../../shared/pipeline/types.ts';
import { analysisSample, chunk, precomputedOutputs, shardLine } from './work-files.ts';

export interface WorkTarget {
  bucket: string;
  runId: string;
  /** Samples per file: one Infer task's work. */
  shardSize: number;
}

export interface WrittenWork {
  /** Shards to infer; empty when the outputs were precomputed. */
  shards: ShardRef[];
  /** Output files written from precomputed outputs; 0 when inferring. */
  outputFiles: number;
}

export async function writeWork(
  deps: PipelineDeps,
  target: WorkTarget,
  bundle: LoadedBundle,
): Promise<WrittenWork> {
  const { bucket, runId } = target;
  await putRunContext(deps.s3, bucket, runId, runContextOf(bundle.manifest));
  const samples = bundle.samples.map(analysisSample);
  await putLines(deps.s3, bucket, s3Keys.samples(runId), samples);

  const inference = bundle.manifest.inference;
  if (inference) {
    const shards = await writeShards(deps, target, bundle, inference);
    return { shards, outputFiles: 0 };
  }
  const outputFiles = await writeOutputs(deps, target, bundle);

  return { shards: [], outputFiles };
}

async function writeShards(
  deps: PipelineDeps,
  { bucket, runId, shardSize }: WorkTarget,
  bundle: LoadedBundle,
  inference: InferenceSettings,
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
  { bucket, runId, shardSize }: WorkTarget,
  bundle: LoadedBundle,
): Promise<number> {
  const files = chunk(precomputedOutputs(bundle), shardSize);
  for (const [index, outputs] of files.entries()) {
    await putLines(deps.s3, bucket, s3Keys.output(runId, index), outputs);
  }

  return files.length;
}
