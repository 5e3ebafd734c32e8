/**
 * Writes a loaded bundle under work/<runId>/: run.json (what later steps
 * need of the manifest), samples.jsonl, the pool's pool.jsonl, then input
 * shards (evaluation and pool) and inference.json when the manifest names an
 * endpoint, else the precomputed outputs.
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { putRunContext, runContextOf } from '../../shared/aws/run-context.ts';
import { putJson, putLines } from '../../shared/aws/s3-io.ts';
import type { LoadedBundle } from '../../shared/bundle/load.ts';
import type { Sample } from '../../shared/bundle/types.ts';
import type { SampleOutput } from '../../shared/analysis/types.ts';
import type { ShardRef } from '../../shared/pipeline/types.ts';
import {
  analysisSample,
  chunk,
  poolLine,
  poolOutput,
  precomputedOutputs,
  shardLine,
} from './work-files.ts';

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

  const pool = bundle.pool ?? [];
  if (pool.length > 0)
    await putLines(deps.s3, bucket, s3Keys.pool(runId), pool.map(poolLine));

  const inference = bundle.manifest.inference;
  if (inference) {
    await putJson(deps.s3, bucket, s3Keys.inferenceSettings(runId), inference);
    const shards = await writeShards(deps, target, bundle.samples, 'evaluation');
    const poolShards = await writeShards(deps, target, pool, 'pool');
    return { shards: [...shards, ...poolShards], outputFiles: 0 };
  }
  const outputFiles = await writeOutputs(
    deps,
    target,
    bundle.samples.length,
    (start, count) => precomputedOutputs(bundle, start, count),
    'evaluation',
  );
  await writeOutputs(
    deps,
    target,
    pool.length,
    (start, count) => pool.slice(start, start + count).map(poolOutput),
    'pool',
  );

  return { shards: [], outputFiles };
}

type SampleSet = 'evaluation' | 'pool';

async function writeShards(
  deps: PipelineDeps,
  { bucket, runId, shardSize }: WorkTarget,
  samples: readonly Sample[],
  set: SampleSet,
): Promise<ShardRef[]> {
  const shards: ShardRef[] = [];
  for (const [index, slice] of chunk(samples, shardSize).entries()) {
    const key =
      set === 'pool' ? s3Keys.poolShard(runId, index) : s3Keys.shard(runId, index);
    await putLines(deps.s3, bucket, key, slice.map(shardLine));
    shards.push({ index, key, count: slice.length, ...(set === 'pool' && { set }) });
  }

  return shards;
}

/** Writes `total` outputs a shard at a time, each shard's lines made when written. */
async function writeOutputs(
  deps: PipelineDeps,
  { bucket, runId, shardSize }: WorkTarget,
  total: number,
  outputsOf: (start: number, count: number) => SampleOutput[],
  set: SampleSet,
): Promise<number> {
  let files = 0;
  for (let start = 0; start < total; start += shardSize, files++) {
    const key =
      set === 'pool' ? s3Keys.poolOutput(runId, files) : s3Keys.output(runId, files);
    await putLines(deps.s3, bucket, key, outputsOf(start, shardSize));
  }

  return files;
}
