import 'core-js/actual/promise/with-resolvers.js';
import { describe, it, expect } from 'vitest';
import { StateMachine } from 'aws-local-stepfunctions';
import {
  buildPipelineDefinition,
  TASK_STATE_NAMES,
  TRANSIENT_ERRORS,
} from '../../infra/pipeline.ts';
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

function shards(count: number): ShardRef[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    key: `work/${INPUT.runId}/shards/${index}.jsonl`,
    count: 10 + index,
  }));
}

function prepared(shardRefs: ShardRef[]): Prepared {
  return {
    bucket: INPUT.bucket,
    runId: INPUT.runId,
    project: 'spam',
    modelVersion: 'v2',
    sampleCount: 30,
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
    const analyzeInput = calls[TASK_STATE_NAMES.analyze]![0] as PipelineState;
    expect(analyzeInput.inferred).toBeUndefined();
    expect(analyzeInput.prepared).toEqual(prepared([]));
    expect(output?.notified).toEqual({ status: 'succeeded', delivered: true });
    expect(output?.tests).toEqual({ evaluated: 0, note: 'no saved tests' });
  });

  it('runs Infer once per shard and gives Analyze the results in shard order', async () => {
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
        endpoint: 'spam-endpoint',
        shard,
      })),
    );
    const analyzeInput = calls[TASK_STATE_NAMES.analyze]![0] as PipelineState;
    expect(analyzeInput.inferred).toEqual(
      shardRefs.map((shard) => inferOutput({ ...INPUT, endpoint: 'e', shard })),
    );
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
    expect(notifyInput.inferred).toBeUndefined();
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
});
