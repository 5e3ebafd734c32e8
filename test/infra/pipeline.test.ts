import 'core-js/actual/promise/with-resolvers.js';
import { describe, it, expect } from 'vitest';
import { StateMachine } from 'aws-local-stepfunctions';
import { RUN_ID_MAX_LENGTH } from '../../functions/on-upload/run-id.ts';
import {
  buildPipelineDefinition,
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  TASK_STATE_NAMES,
  TRANSIENT_ERRORS,
} from '../../infra/pipeline.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import type { PipelineArns } from '../../infra/pipeline.ts';
import type {
  InferInput,
  InferOutput,
  NotifyOutput,
  PipelineState,
  Prepared,
  RunInput,
  ShardRef,
} from '../../shared/pipeline/types.ts';

const ARNS: PipelineArns = {
  prepare: 'arn:aws:lambda:eu-west-1:123456789012:function:prepare',
  infer: 'arn:aws:lambda:eu-west-1:123456789012:function:infer',
  analyze: 'arn:aws:lambda:eu-west-1:123456789012:function:analyze',
  runTests: 'arn:aws:lambda:eu-west-1:123456789012:function:run-tests',
  notify: 'arn:aws:lambda:eu-west-1:123456789012:function:notify',
};

const INPUT: RunInput = {
  bucket: 'uploads',
  manifestKey: 'evaluations/spam/v2/manifest.json',
  runId: 'spam-v2-0123456789abcdef',
  uploadedAtEpochMs: 1_700_000_000_000,
};

type Handler = (input: unknown) => Promise<unknown>;

/** The execution's output: the state with Notify's result kept at `$.notified`. */
type FinalState = PipelineState & { notified?: NotifyOutput };

class NamedError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** Step Functions' limit on a state's input or output, UTF-8 bytes. */
const STATE_PAYLOAD_LIMIT_BYTES = 256 * 1024;

function shards(count: number, runId = INPUT.runId, samples = 10): ShardRef[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    key: s3Keys.shard(runId, index),
    count: samples + index,
  }));
}

function prepared(shardRefs: ShardRef[], runId = INPUT.runId): Prepared {
  return {
    bucket: INPUT.bucket,
    runId,
    project: 'spam',
    modelVersion: 'v2',
    sampleCount: 30,
    poolCount: 0,
    needsInference: shardRefs.length > 0,
    endpoint: shardRefs.length > 0 ? 'spam-endpoint' : undefined,
    shards: shardRefs,
  };
}

/** Stand-ins for the functions, recording every input they receive. */
function standIns(overrides: Partial<Record<string, Handler>> = {}) {
  const calls: Record<string, unknown[]> = {};
  const record =
    (name: string, fn: Handler): Handler =>
    async (input) => {
      (calls[name] ??= []).push(structuredClone(input));
      return fn(input);
    };
  const defaults: Record<string, Handler> = {
    [TASK_STATE_NAMES.prepare]: async () => prepared([]),
    [TASK_STATE_NAMES.infer]: async (input) => inferOutput(input as InferInput),
    [TASK_STATE_NAMES.analyze]: async () => ({
      resultsKey: 'results/spam/v2/run/aggressors.json',
      aggressorCount: 2,
      sampleCount: 30,
      failedCount: 0,
    }),
    [TASK_STATE_NAMES.runTests]: async () => ({ evaluated: 0, note: 'no saved tests' }),
    [TASK_STATE_NAMES.notify]: async (input) => ({
      status: (input as PipelineState).failure ? 'failed' : 'succeeded',
      delivered: true,
    }),
  };
  const merged = { ...defaults, ...overrides };
  const handlers = Object.fromEntries(
    Object.entries(merged).map(([name, fn]) => [name, record(name, fn!)]),
  );
  handlers[TASK_STATE_NAMES.notifyFailure] = record(
    TASK_STATE_NAMES.notifyFailure,
    merged[TASK_STATE_NAMES.notify]!,
  );
  return { handlers, calls };
}

function inferOutput(input: InferInput): InferOutput {
  return {
    index: input.shard.index,
    outputKey: `work/${input.runId}/outputs/${input.shard.index}.jsonl`,
    scored: input.shard.count,
    failed: 0,
  };
}

async function execute(handlers: Record<string, Handler>) {
  const machine = new StateMachine(buildPipelineDefinition(ARNS) as never);
  const execution = machine.run(INPUT as never, {
    overrides: {
      taskResourceLocalHandlers: handlers as never,
      retryIntervalOverrides: Object.fromEntries(
        Object.values(TASK_STATE_NAMES).map((name) => [name, 0]),
      ),
    },
  });
  try {
    return {
      output: (await execution.result) as unknown as FinalState,
      error: undefined,
    };
  } catch (error) {
    return { output: undefined, error: error as Error };
  }
}

/** The error the RunFailed state ended the execution with. */
function failedWith(error: Error | undefined) {
  const cause = error?.cause as Error | undefined;

  return cause && { name: cause.name, message: cause.message };
}

describe('Function: buildPipelineDefinition', () => {
  it('skips Infer when Prepare reports precomputed outputs', async () => {
    const { handlers, calls } = standIns();

    const { output, error } = await execute(handlers);

    expect(error).toBeUndefined();
    expect(calls[TASK_STATE_NAMES.infer]).toBeUndefined();
    expect(calls[TASK_STATE_NAMES.analyze]).toEqual([
      { ...INPUT, prepared: prepared([]) },
    ]);
    expect(output?.notified).toEqual({ status: 'succeeded', delivered: true });
    expect(output?.tests).toEqual({ evaluated: 0, note: 'no saved tests' });
  });

  it('runs Infer once per shard and gives Analyze the prepared state without the Map results', async () => {
    const shardRefs = shards(3);
    const { handlers, calls } = standIns({
      [TASK_STATE_NAMES.prepare]: async () => prepared(shardRefs),
    });

    const { output, error } = await execute(handlers);

    expect(error).toBeUndefined();
    const inferInputs = calls[TASK_STATE_NAMES.infer] as InferInput[];
    expect(inferInputs).toHaveLength(3);
    expect([...inferInputs].sort((a, b) => a.shard.index - b.shard.index)).toEqual(
      shardRefs.map((shard) => ({
        bucket: INPUT.bucket,
        runId: INPUT.runId,
        manifestKey: INPUT.manifestKey,
        endpoint: 'spam-endpoint',
        shard,
      })),
    );
    expect(calls[TASK_STATE_NAMES.analyze]).toEqual([
      { ...INPUT, prepared: prepared(shardRefs) },
    ]);
    expect(output?.notified?.status).toBe('succeeded');
  });

  it('sends a BundleError from Prepare to NotifyFailure once, unretried, and fails the execution', async () => {
    const { handlers, calls } = standIns({
      [TASK_STATE_NAMES.prepare]: async () => {
        throw new NamedError('BundleError', 'manifest.json line 1: task "x" unknown');
      },
    });

    const { error } = await execute(handlers);

    expect(calls[TASK_STATE_NAMES.prepare]).toHaveLength(1);
    expect(calls[TASK_STATE_NAMES.analyze]).toBeUndefined();
    expect(calls[TASK_STATE_NAMES.notify]).toBeUndefined();
    const notifyInput = calls[TASK_STATE_NAMES.notifyFailure]![0] as PipelineState;
    expect(notifyInput.failure).toEqual({
      Error: 'BundleError',
      Cause: 'manifest.json line 1: task "x" unknown',
    });
    expect(notifyInput.runId).toBe(INPUT.runId);
    expect(failedWith(error)).toEqual({
      name: 'BundleError',
      message: 'manifest.json line 1: task "x" unknown',
    });
  });

  it('catches an error in one Infer shard and sends it to NotifyFailure', async () => {
    const { handlers, calls } = standIns({
      [TASK_STATE_NAMES.prepare]: async () => prepared(shards(3)),
      [TASK_STATE_NAMES.infer]: async (input) => {
        const { shard } = input as InferInput;
        if (shard.index === 1) throw new NamedError('ModelError', 'shard 1: HTTP 400');
        return inferOutput(input as InferInput);
      },
    });

    const { error } = await execute(handlers);

    expect(failedWith(error)).toEqual({
      name: 'ModelError',
      message: 'shard 1: HTTP 400',
    });
    expect(calls[TASK_STATE_NAMES.analyze]).toBeUndefined();
    const notifyInput = calls[TASK_STATE_NAMES.notifyFailure]![0] as PipelineState;
    expect(notifyInput.failure).toEqual({
      Error: 'ModelError',
      Cause: 'shard 1: HTTP 400',
    });
    expect(Object.keys(notifyInput).sort()).toEqual(
      [...Object.keys(INPUT), 'failure', 'prepared'].sort(),
    );
  });

  it('sends a failure of the success-path Notify to NotifyFailure, so the run is marked failed', async () => {
    const { handlers, calls } = standIns({
      [TASK_STATE_NAMES.notify]: async (input) => {
        if ((input as PipelineState).failure)
          return { status: 'failed', delivered: true };
        throw new NamedError('WebhookError', 'HTTP 500 from the webhook');
      },
    });

    const { error } = await execute(handlers);

    expect(calls[TASK_STATE_NAMES.notify]).toHaveLength(1);
    const notifyInput = calls[TASK_STATE_NAMES.notifyFailure]![0] as PipelineState;
    expect(notifyInput.failure).toEqual({
      Error: 'WebhookError',
      Cause: 'HTTP 500 from the webhook',
    });
    expect(notifyInput.tests).toEqual({ evaluated: 0, note: 'no saved tests' });
    expect(failedWith(error)?.name).toBe('WebhookError');
  });

  it('retries a TransientError and goes on when the retry succeeds', async () => {
    let attempts = 0;
    const { handlers, calls } = standIns({
      [TASK_STATE_NAMES.analyze]: async () => {
        attempts += 1;
        if (attempts < 3) throw new NamedError('TransientError', 'throttled');
        return { resultsKey: 'k', aggressorCount: 0, sampleCount: 30, failedCount: 0 };
      },
    });

    const { output, error } = await execute(handlers);

    expect(error).toBeUndefined();
    expect(calls[TASK_STATE_NAMES.analyze]).toHaveLength(3);
    expect(output?.analyzed?.resultsKey).toBe('k');
    expect(calls[TASK_STATE_NAMES.notifyFailure]).toBeUndefined();
  });

  it('gives up on a TransientError after three retries and takes the failure path', async () => {
    const { handlers, calls } = standIns({
      [TASK_STATE_NAMES.runTests]: async () => {
        throw new NamedError('TransientError', 'still throttled');
      },
    });

    const { error } = await execute(handlers);

    expect(failedWith(error)?.name).toBe('TransientError');
    expect(calls[TASK_STATE_NAMES.runTests]).toHaveLength(4);
    const notifyInput = calls[TASK_STATE_NAMES.notifyFailure]![0] as PipelineState;
    expect(notifyInput.failure?.Error).toBe('TransientError');
  });

  it('retries exactly the Lambda service errors and TransientError, with full jitter', () => {
    const definition = buildPipelineDefinition(ARNS, { inferConcurrency: 7 });
    const prepare = definition.States[TASK_STATE_NAMES.prepare]!;
    const map = definition.States.InferShards!;

    expect(prepare.Retry).toEqual([
      {
        ErrorEquals: [...TRANSIENT_ERRORS],
        IntervalSeconds: 2,
        BackoffRate: 2,
        MaxAttempts: 3,
        JitterStrategy: 'FULL',
      },
    ]);
    expect(JSON.stringify(definition)).not.toContain('BundleError');
    expect(map.MaxConcurrency).toBe(7);
  });

  it('rejects a negative infer concurrency naming the value', () => {
    expect(() => buildPipelineDefinition(ARNS, { inferConcurrency: -1 })).toThrow(
      'inferConcurrency must be an integer >= 0, got -1',
    );
  });

  it('times an execution out after 12 hours unless told otherwise', () => {
    const byDefault = buildPipelineDefinition(ARNS);
    const oneHour = buildPipelineDefinition(ARNS, { timeoutSeconds: 3600 });

    expect(byDefault.TimeoutSeconds).toBe(43_200);
    expect(DEFAULT_EXECUTION_TIMEOUT_SECONDS).toBe(43_200);
    expect(oneHour.TimeoutSeconds).toBe(3600);
  });

  it('rejects an execution timeout below one second naming the value', () => {
    expect(() => buildPipelineDefinition(ARNS, { timeoutSeconds: 0 })).toThrow(
      'timeoutSeconds must be an integer >= 1, got 0',
    );
  });

  it('catches every Task and the Map on the main path, Notify included, to NotifyFailure', () => {
    const { States } = buildPipelineDefinition(ARNS);
    const caught = Object.entries(States)
      .filter(([, state]) => state.Catch !== undefined)
      .map(([name]) => name)
      .sort();

    expect(caught).toEqual(['Analyze', 'InferShards', 'Notify', 'Prepare', 'RunTests']);
    expect(States[TASK_STATE_NAMES.notifyFailure]!.Catch).toBeUndefined();
  });

  it('keeps the state of 1,800 shards under the longest run id within 256 KiB', () => {
    const runId = 'r'.repeat(RUN_ID_MAX_LENGTH);
    const state: PipelineState = {
      ...INPUT,
      runId,
      manifestVersionId: 'v'.repeat(32),
      prepared: prepared(shards(1800, runId, 500), runId),
      analyzed: {
        resultsKey: 'k'.repeat(200),
        aggressorCount: 9,
        counts: { samples: 9e5, quarantined: 0, failed: 0 },
        overall: { meanLoss: 0.5, errorRate: 0.1, accuracy: 0.9 },
      },
      tests: { evaluated: 0, note: 'n'.repeat(200) },
    };

    const bytes = Buffer.byteLength(JSON.stringify(state), 'utf8');

    expect(bytes).toBeLessThan(STATE_PAYLOAD_LIMIT_BYTES);
    expect(bytes / 1800).toBeGreaterThan(130);
  });
});
