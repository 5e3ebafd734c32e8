import 'core-js/actual/promise/with-resolvers.js';
import { describe, it, expect } from 'vitest';
import { StateMachine } from 'aws-local-stepfunctions';
import { RUN_ID_MAX_LENGTH } from '../../functions/on-upload/run-id.ts';
import {
  buildPipelineDefinition,
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  distributedClusteringEvents,
  HISTORY_EVENT_LIMIT,
  mainPathEvents,
  TASK_STATE_NAMES,
  TRANSIENT_ERRORS,
} from '../../infra/pipeline.ts';
import { DISTRIBUTED_LIMITS } from '../../shared/analysis/distributed/limits.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import type { PipelineArns } from '../../infra/pipeline.ts';
import type {
  ClusteringLoop,
  ClusterShardInput,
  ClusterStepInput,
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
  clusterShard: 'arn:aws:lambda:eu-west-1:123456789012:function:cluster-shard',
  clusterReduce: 'arn:aws:lambda:eu-west-1:123456789012:function:cluster-reduce',
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

function loopState(overrides: Partial<ClusteringLoop> = {}): ClusteringLoop {
  return {
    k: 4,
    dimensions: 8,
    partitions: [0, 1, 2],
    iteration: 0,
    maxIterations: DISTRIBUTED_LIMITS.maxIterations,
    centroidsKey: s3Keys.clusterCentroids(INPUT.runId, 0),
    converged: false,
    done: false,
    shift: null,
    inertia: null,
    ...overrides,
  };
}

function distributedPrepared(): Prepared {
  return {
    ...prepared([]),
    clustering: {
      path: 'distributed',
      dimensions: 8,
      embeddingBytes: 960,
      reason: 'forced by the setting distributed',
    },
  };
}

/** ClusterReduce as a stand-in: one more iteration, done after `doneAfter`. */
function reduceStandIn(doneAfter: number): Handler {
  return async (input) => {
    const loop = (input as ClusterStepInput).state.clustering!;
    const iteration = loop.iteration + 1;
    return {
      ...loop,
      iteration,
      centroidsKey: s3Keys.clusterCentroids(INPUT.runId, iteration),
      converged: iteration >= doneAfter,
      done: iteration >= doneAfter,
      shift: 1 / iteration,
      inertia: 100 / iteration,
    };
  };
}

function distributedStandIns(doneAfter: number, partitions = [0, 1, 2]) {
  const shardOutput: Handler = async (input) => ({
    partition: (input as ClusterShardInput).partition,
    rows: 10,
    key: 'k',
  });

  return standIns({
    [TASK_STATE_NAMES.prepare]: async () => distributedPrepared(),
    [TASK_STATE_NAMES.clusterInit]: async () => loopState({ partitions }),
    [TASK_STATE_NAMES.clusterShard]: shardOutput,
    [TASK_STATE_NAMES.clusterReduce]: reduceStandIn(doneAfter),
    [TASK_STATE_NAMES.assignShard]: shardOutput,
  });
}

function byPartition(inputs: unknown[]): ClusterShardInput[] {
  return (inputs as ClusterShardInput[]).sort(
    (a, b) => a.iteration - b.iteration || a.partition - b.partition,
  );
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

    expect(caught).toEqual([
      'Analyze',
      'AssignShards',
      'ClusterInit',
      'ClusterReduce',
      'ClusterShards',
      'InferShards',
      'Notify',
      'Prepare',
      'RunTests',
    ]);
    expect(States[TASK_STATE_NAMES.notifyFailure]!.Catch).toBeUndefined();
  });

  it('keeps the state of 1,800 shards under the longest run id within 256 KiB', () => {
    const runId = 'r'.repeat(RUN_ID_MAX_LENGTH);
    const state: PipelineState = {
      ...INPUT,
      runId,
      manifestVersionId: 'v'.repeat(32),
      prepared: {
        ...prepared(shards(1800, runId, 500), runId),
        clustering: {
          path: 'distributed',
          dimensions: 1024,
          embeddingBytes: 900_000 * 1024 * 4,
          reason: 'r'.repeat(200),
        },
      },
      clustering: loopState({
        partitions: [...Array(DISTRIBUTED_LIMITS.maxPartitions).keys()],
        iteration: DISTRIBUTED_LIMITS.maxIterations,
        centroidsKey: s3Keys.clusterCentroids(runId, DISTRIBUTED_LIMITS.maxIterations),
      }),
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

describe('Function: buildPipelineDefinition, distributed clustering', () => {
  it('loops map and reduce until the reduce says done, assigns once, then gives Analyze the loop', async () => {
    const { handlers, calls } = distributedStandIns(3);

    const { output, error } = await execute(handlers);

    expect(error).toBeUndefined();
    expect(calls[TASK_STATE_NAMES.clusterInit]).toEqual([
      { step: 'init', state: { ...INPUT, prepared: distributedPrepared() } },
    ]);
    const item = (step: string, partition: number, iteration: number) => ({
      bucket: INPUT.bucket,
      runId: INPUT.runId,
      step,
      partition,
      iteration,
      centroidsKey: s3Keys.clusterCentroids(INPUT.runId, iteration),
    });
    expect(byPartition(calls[TASK_STATE_NAMES.clusterShard]!)).toEqual(
      [0, 1, 2].flatMap((iteration) =>
        [0, 1, 2].map((partition) => item('partial', partition, iteration)),
      ),
    );
    expect(calls[TASK_STATE_NAMES.clusterReduce]).toHaveLength(3);
    expect(byPartition(calls[TASK_STATE_NAMES.assignShard]!)).toEqual(
      [0, 1, 2].map((partition) => item('assign', partition, 3)),
    );
    const analyzeInput = calls[TASK_STATE_NAMES.analyze]![0] as PipelineState;
    expect(analyzeInput.clustering).toMatchObject({ iteration: 3, done: true });
    expect(output?.notified?.status).toBe('succeeded');
  });

  it('leaves the loop at the iteration cap even when the reduce never says done', async () => {
    const { handlers, calls } = distributedStandIns(Infinity, [0]);

    const { error } = await execute(handlers);

    expect(error).toBeUndefined();
    expect(calls[TASK_STATE_NAMES.clusterReduce]).toHaveLength(
      DISTRIBUTED_LIMITS.maxIterations,
    );
    expect(calls[TASK_STATE_NAMES.assignShard]).toHaveLength(1);
  });

  it('goes straight to Analyze when Prepare planned single-node clustering', async () => {
    const single = { ...distributedPrepared() };
    single.clustering = { ...single.clustering!, path: 'single-node' };
    const { handlers, calls } = standIns({
      [TASK_STATE_NAMES.prepare]: async () => single,
    });

    const { error } = await execute(handlers);

    expect(error).toBeUndefined();
    expect(calls[TASK_STATE_NAMES.clusterInit]).toBeUndefined();
    expect(calls[TASK_STATE_NAMES.analyze]).toHaveLength(1);
  });

  it('sends an error of one partition to NotifyFailure and never reaches Analyze', async () => {
    const { handlers, calls } = distributedStandIns(3);
    handlers[TASK_STATE_NAMES.clusterShard] = async (input) => {
      if ((input as ClusterShardInput).partition === 1)
        throw new NamedError(
          'BundleError',
          'outputs/00001.jsonl line 4: bad embedding',
        );
      return { partition: 0, rows: 1, key: 'k' };
    };

    const { error } = await execute(handlers);

    expect(failedWith(error)?.name).toBe('BundleError');
    expect(calls[TASK_STATE_NAMES.analyze]).toBeUndefined();
    const notifyInput = calls[TASK_STATE_NAMES.notifyFailure]![0] as PipelineState;
    expect(notifyInput.failure?.Error).toBe('BundleError');
  });

  it('retries every new Task on transient errors and catches each of their states', () => {
    const { States } = buildPipelineDefinition(ARNS);
    const inner = (map: string) =>
      (States[map]!.ItemProcessor as { States: Record<string, { Retry: unknown }> })
        .States;

    for (const name of [
      'ClusterInit',
      'ClusterReduce',
      'ClusterShards',
      'AssignShards',
    ])
      expect(States[name]!.Catch, name).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'NotifyFailure' },
      ]);
    expect(States.ClusterInit!.Retry).toEqual(States.Prepare!.Retry);
    expect(States.ClusterReduce!.Retry).toEqual(States.Prepare!.Retry);
    expect(inner('ClusterShards').ClusterShard!.Retry).toEqual(States.Prepare!.Retry);
    expect(inner('AssignShards').AssignShard!.Retry).toEqual(States.Prepare!.Retry);
    expect(States.ClusterDone!.Choices).toContainEqual({
      Variable: '$.clustering.iteration',
      NumericGreaterThanEquals: DISTRIBUTED_LIMITS.maxIterations,
      Next: 'AssignShards',
    });
  });

  it('keeps the worst case of the distributed path within the 25,000-event history', () => {
    const { maxPartitions, maxIterations } = DISTRIBUTED_LIMITS;
    // A task retried 3 times: entered + exited + 4 x (scheduled, started, failed) = 14.
    // An iteration: Map 4 + 16 items x (2 + 14) + ClusterReduce 14 + ClusterDone 2 = 276.
    // Two path Choices 4 + ClusterInit 14 + 50 iterations + AssignShards (4 + 256).
    const expected = 4 + 14 + maxIterations * 276 + 260;

    const clustering = distributedClusteringEvents(maxPartitions, maxIterations);

    expect([maxPartitions, maxIterations]).toEqual([16, 50]);
    expect(clustering).toBe(expected);
    expect(clustering + mainPathEvents(600)).toBeLessThanOrEqual(HISTORY_EVENT_LIMIT);
    expect(clustering + mainPathEvents(700)).toBeGreaterThan(HISTORY_EVENT_LIMIT);
  });
});
