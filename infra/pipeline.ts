/**
 * The state machine definition, in one place: the CDK stack deploys it and the
 * local stack runs the very same object in aws-local-stepfunctions. Plain
 * Amazon States Language with JSONPath; see docs/architecture.md for the flow
 * and, for the distributed clustering loop, its section "Past one Lambda".
 */
import { DISTRIBUTED_LIMITS } from '../shared/analysis/distributed/limits.ts';

/** Function ARNs the Task states call directly (Resource = the ARN). */
export interface PipelineArns {
  prepare: string;
  infer: string;
  analyze: string;
  runTests: string;
  notify: string;
  /** ClusterShard and AssignShard: one partition of distributed k-means. */
  clusterShard: string;
  /** ClusterInit and ClusterReduce: the start and each reduce step. */
  clusterReduce: string;
}

export interface PipelineOptions {
  /** Shards inferred at once by the Map state; 0 means no limit. */
  inferConcurrency?: number;
  /** Seconds an execution may run before it times out (a whole number >= 1). */
  timeoutSeconds?: number;
}

export const TASK_STATE_NAMES = {
  prepare: 'Prepare',
  infer: 'Infer',
  analyze: 'Analyze',
  runTests: 'RunTests',
  notify: 'Notify',
  notifyFailure: 'NotifyFailure',
  clusterInit: 'ClusterInit',
  clusterShard: 'ClusterShard',
  clusterReduce: 'ClusterReduce',
  assignShard: 'AssignShard',
} as const;

/** Error names retried with backoff; anything else (BundleError too) is not. */
export const TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'TransientError',
] as const;

export const DEFAULT_INFER_CONCURRENCY = 4;

/** 12 hours; see docs/deploying.md, "Execution timeout". */
export const DEFAULT_EXECUTION_TIMEOUT_SECONDS = 12 * 60 * 60;

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type StateDefinition = { [field: string]: JsonValue };

export interface StateMachineDefinition {
  Comment: string;
  StartAt: string;
  TimeoutSeconds: number;
  States: Record<string, StateDefinition>;
}

/** Retries of a transient error, after the first attempt. */
const RETRY_MAX_ATTEMPTS = 3;

const RETRY_TRANSIENT: JsonValue = [
  {
    ErrorEquals: [...TRANSIENT_ERRORS],
    IntervalSeconds: 2,
    BackoffRate: 2,
    MaxAttempts: RETRY_MAX_ATTEMPTS,
    JitterStrategy: 'FULL',
  },
];

const CATCH_ALL: JsonValue = [
  { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'NotifyFailure' },
];

export function buildPipelineDefinition(
  arns: PipelineArns,
  options: PipelineOptions = {},
): StateMachineDefinition {
  const inferConcurrency = options.inferConcurrency ?? DEFAULT_INFER_CONCURRENCY;
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_EXECUTION_TIMEOUT_SECONDS;
  requireInteger('inferConcurrency', inferConcurrency, 0);
  requireInteger('timeoutSeconds', timeoutSeconds, 1);

  return {
    Comment: 'aggressors: prepare, infer, analyze, run tests, notify',
    StartAt: TASK_STATE_NAMES.prepare,
    TimeoutSeconds: timeoutSeconds,
    States: {
      [TASK_STATE_NAMES.prepare]: task(arns.prepare, '$.prepared', 'NeedsInference'),
      NeedsInference: needsInference(),
      InferShards: inferShards(arns.infer, inferConcurrency),
      ...distributedClusteringStates(arns),
      [TASK_STATE_NAMES.analyze]: task(arns.analyze, '$.analyzed', 'RunTests'),
      [TASK_STATE_NAMES.runTests]: task(arns.runTests, '$.tests', 'Notify'),
      [TASK_STATE_NAMES.notify]: task(arns.notify, '$.notified', 'Done'),
      Done: { Type: 'Succeed' },
      [TASK_STATE_NAMES.notifyFailure]: {
        ...lambdaTask(arns.notify, '$.notified'),
        Next: 'RunFailed',
      },
      RunFailed: {
        Type: 'Fail',
        ErrorPath: '$.failure.Error',
        CausePath: '$.failure.Cause',
      },
    },
  };
}

function requireInteger(name: string, value: number, min: number): void {
  if (Number.isInteger(value) && value >= min) return;

  throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
}

/**
 * A Task calling the function directly; its result replaces the input
 * unless kept at `resultPath`.
 */
function lambdaTask(arn: string, resultPath?: string): StateDefinition {
  const state: StateDefinition = {
    Type: 'Task',
    Resource: arn,
    Retry: RETRY_TRANSIENT,
  };
  if (resultPath !== undefined) state.ResultPath = resultPath;

  return state;
}

/**
 * A Task on the main path, Notify included: retried when transient, caught
 * to NotifyFailure, so no run is left 'running' when a step fails.
 */
function task(arn: string, resultPath: string, next: string): StateDefinition {
  return { ...lambdaTask(arn, resultPath), Catch: CATCH_ALL, Next: next };
}

function needsInference(): StateDefinition {
  return {
    Type: 'Choice',
    Choices: [
      {
        Variable: '$.prepared.needsInference',
        BooleanEquals: true,
        Next: 'InferShards',
      },
    ],
    Default: 'ClusteringPath',
  };
}

/**
 * One Infer per shard. Analyze lists the outputs under work/<runId>/outputs/,
 * so nothing of the Map's result is kept: each iteration answers `{}`
 * (OutputPath null) and the Map passes its input on (ResultPath null).
 */
function inferShards(inferArn: string, maxConcurrency: number): StateDefinition {
  return {
    Type: 'Map',
    ItemsPath: '$.prepared.shards',
    ItemSelector: {
      'bucket.$': '$.prepared.bucket',
      'runId.$': '$.prepared.runId',
      'manifestKey.$': '$.manifestKey',
      'endpoint.$': '$.prepared.endpoint',
      'shard.$': '$$.Map.Item.Value',
    },
    MaxConcurrency: maxConcurrency,
    ItemProcessor: {
      ProcessorConfig: { Mode: 'INLINE' },
      StartAt: TASK_STATE_NAMES.infer,
      States: {
        [TASK_STATE_NAMES.infer]: {
          ...lambdaTask(inferArn),
          OutputPath: null,
          End: true,
        },
      },
    },
    ResultPath: null,
    Catch: CATCH_ALL,
    Next: 'ClusteringPath',
  };
}

/**
 * Distributed k-means, taken when Prepare planned it: ClusterInit writes the
 * plan and the seeded start; each pass maps ClusterShard over the partitions
 * (partial sums to S3) and ClusterReduce writes the new centroids; when done
 * (or at the iteration cap, checked here too) AssignShard writes each
 * sample's cluster, and Analyze reads them. Only keys and small numbers
 * travel in `$.clustering`.
 */
function distributedClusteringStates(
  arns: PipelineArns,
): Record<string, StateDefinition> {
  return {
    ClusteringPath: {
      Type: 'Choice',
      Choices: [
        {
          Variable: '$.prepared.clustering',
          IsPresent: true,
          Next: 'ClusteringPlanned',
        },
      ],
      Default: TASK_STATE_NAMES.analyze,
    },
    ClusteringPlanned: {
      Type: 'Choice',
      Choices: [
        {
          Variable: '$.prepared.clustering.path',
          StringEquals: 'distributed',
          Next: TASK_STATE_NAMES.clusterInit,
        },
      ],
      Default: TASK_STATE_NAMES.analyze,
    },
    [TASK_STATE_NAMES.clusterInit]: clusterStepTask(
      arns.clusterReduce,
      'init',
      'ClusterShards',
    ),
    ClusterShards: partitionMap(
      arns.clusterShard,
      'partial',
      TASK_STATE_NAMES.clusterShard,
      TASK_STATE_NAMES.clusterReduce,
    ),
    [TASK_STATE_NAMES.clusterReduce]: clusterStepTask(
      arns.clusterReduce,
      'reduce',
      'ClusterDone',
    ),
    ClusterDone: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.clustering.done', BooleanEquals: true, Next: 'AssignShards' },
        {
          Variable: '$.clustering.iteration',
          NumericGreaterThanEquals: DISTRIBUTED_LIMITS.maxIterations,
          Next: 'AssignShards',
        },
      ],
      Default: 'ClusterShards',
    },
    AssignShards: partitionMap(
      arns.clusterShard,
      'assign',
      TASK_STATE_NAMES.assignShard,
      TASK_STATE_NAMES.analyze,
    ),
  };
}

/** ClusterInit or ClusterReduce: the step named, the whole state given, the loop kept. */
function clusterStepTask(
  arn: string,
  step: 'init' | 'reduce',
  next: string,
): StateDefinition {
  return {
    ...task(arn, '$.clustering', next),
    Parameters: { step, 'state.$': '$' },
  };
}

/** One task per partition against the current centroids; nothing of the results kept. */
function partitionMap(
  arn: string,
  step: 'partial' | 'assign',
  taskName: string,
  next: string,
): StateDefinition {
  return {
    Type: 'Map',
    ItemsPath: '$.clustering.partitions',
    ItemSelector: {
      'bucket.$': '$.prepared.bucket',
      'runId.$': '$.prepared.runId',
      step,
      'partition.$': '$$.Map.Item.Value',
      'iteration.$': '$.clustering.iteration',
      'centroidsKey.$': '$.clustering.centroidsKey',
    },
    MaxConcurrency: DISTRIBUTED_LIMITS.maxPartitions,
    ItemProcessor: {
      ProcessorConfig: { Mode: 'INLINE' },
      StartAt: taskName,
      States: { [taskName]: { ...lambdaTask(arn), OutputPath: null, End: true } },
    },
    ResultPath: null,
    Catch: CATCH_ALL,
    Next: next,
  };
}

/** Step Functions' cap on the events of one execution's history. */
export const HISTORY_EVENT_LIMIT = 25_000;

/**
 * History events of one Lambda Task at worst: entered and exited, and for
 * each of its 1 + 3 attempts scheduled, started and failed (or succeeded).
 */
export const TASK_EVENTS_WORST = 2 + 3 * (1 + RETRY_MAX_ATTEMPTS);
/** A Choice: entered, exited. */
export const CHOICE_EVENTS = 2;
/** An inline Map's own events: entered, started, succeeded, exited. */
export const MAP_EVENTS = 4;
/** One Map item: iteration started and succeeded, around its Task. */
export const MAP_ITEM_EVENTS_WORST = 2 + TASK_EVENTS_WORST;

/**
 * Worst-case history events of the distributed clustering: the two path Choices,
 * ClusterInit, `iterations` passes of (Map over `partitions`, ClusterReduce,
 * ClusterDone) and the final AssignShards Map.
 */
export function distributedClusteringEvents(
  partitions: number,
  iterations: number,
): number {
  const pass = MAP_EVENTS + partitions * MAP_ITEM_EVENTS_WORST;
  const iteration = pass + TASK_EVENTS_WORST + CHOICE_EVENTS;

  return 2 * CHOICE_EVENTS + TASK_EVENTS_WORST + iterations * iteration + pass;
}

/**
 * Worst-case events of everything else: the execution's start and end,
 * Prepare, NeedsInference, the Infer Map over `inferShards`, ClusteringPath
 * (when clustering on one node), Analyze, RunTests, Notify and Done.
 */
export function mainPathEvents(inferShards: number): number {
  const tasks = 4 * TASK_EVENTS_WORST;
  const infer = inferShards > 0 ? MAP_EVENTS + inferShards * MAP_ITEM_EVENTS_WORST : 0;

  return 2 + tasks + 2 * CHOICE_EVENTS + infer + 2;
}
