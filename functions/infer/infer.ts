/**
 * Infer: one shard of `{ id, input }` lines -> SageMaker InvokeEndpoint
 * calls -> one `SampleOutput` line per sample in work/<runId>/outputs/.
 * See batch-planner.ts for how calls are sized and invoke.ts for retries.
 */
import type { SampleOutput } from '../../shared/analysis/types.ts';
import { delay } from '../../shared/aws/backoff.ts';
import type { RetryPolicy } from '../../shared/aws/backoff.ts';
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { putLines } from '../../shared/aws/s3-io.ts';
import type { InferInput, InferOutput } from '../../shared/pipeline/types.ts';
import { BatchPlanner } from './batch-planner.ts';
import type { PlannedBatch } from './batch-planner.ts';
import { EndpointNotFoundError } from './errors.ts';
import { invokeWithRetry } from './invoke.ts';
import { readPredictions } from './predictions.ts';
import { readBatchSettings } from './settings.ts';
import { readShard } from './shard.ts';

/** Tuning that is not part of the upload contract; defaults suit Lambda. */
export interface InferTuning extends Partial<RetryPolicy> {
  probeBatchSize?: number;
}

export const DEFAULT_PROBE_BATCH_SIZE = 4;
const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
  sleep: delay,
  random: Math.random,
};

export async function infer(
  input: InferInput,
  deps: PipelineDeps,
  tuning: InferTuning = {},
): Promise<InferOutput> {
  const { bucket, runId, shard } = input;
  const settings = await readBatchSettings(deps.s3, bucket, runId);
  const items = await readShard(deps.s3, bucket, shard.key);
  const planner = new BatchPlanner(items, {
    maxBatchSize: settings.maxBatchSize,
    maxBatchBytes: settings.maxBatchBytes,
    probeBatchSize: tuning.probeBatchSize ?? DEFAULT_PROBE_BATCH_SIZE,
  });
  const call = callBatch(input, deps, planner, { ...DEFAULT_RETRY, ...tuning });

  const outputs = new Map<string, SampleOutput>();
  const worker = async () => {
    for (let batch = planner.next(); batch; batch = planner.next()) {
      for (const output of await call(batch)) outputs.set(output.id, output);
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker)).catch(
    (error: unknown) => {
      if (!(error instanceof EndpointNotFoundError)) throw error;
      throw error.inManifest(`s3://${bucket}/${input.manifestKey}`);
    },
  );

  const ordered = items.map((item) => outputs.get(item.id) as SampleOutput);
  const outputKey =
    shard.set === 'pool'
      ? s3Keys.poolOutput(runId, shard.index)
      : s3Keys.output(runId, shard.index);
  await putLines(deps.s3, bucket, outputKey, ordered);
  const failed = ordered.filter((output) => output.error !== undefined).length;
  deps.logger.info('shard inferred', {
    runId,
    shard: shard.index,
    samples: items.length,
    failed,
  });

  return { index: shard.index, outputKey, scored: ordered.length - failed, failed };
}

function callBatch(
  input: InferInput,
  deps: PipelineDeps,
  planner: BatchPlanner,
  policy: RetryPolicy,
): (batch: PlannedBatch) => Promise<SampleOutput[]> {
  const fields = { runId: input.runId, shard: input.shard.index };

  return async (batch) => {
    if (batch.kind === 'oversized') {
      const { item, budgetBytes } = batch;
      deps.logger.warn('sample too large for a call', {
        ...fields,
        sampleId: item.id,
        bytes: item.bytes,
      });
      return [
        {
          id: item.id,
          error: `input of ${item.bytes} bytes exceeds the batch budget of ${budgetBytes} bytes`,
        },
      ];
    }

    const ids = batch.items.map((item) => item.id);
    const body = `{"instances":[${batch.items.map((item) => item.json).join(',')}]}`;
    const result = await invokeWithRetry(deps.sagemaker, input.endpoint, body, policy);
    if (!result.ok) {
      deps.logger.warn('batch failed', {
        ...fields,
        size: ids.length,
        reason: result.reason,
      });
      return ids.map((id) => ({ id, error: result.reason }));
    }
    planner.observe(result.bytes, ids.length);

    return readPredictions(result.body, ids);
  };
}
