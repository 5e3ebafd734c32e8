/**
 * The state machine definition, in one place: the CDK stack deploys it and the
 * local stack runs the very same object in aws-local-stepfunctions. Plain
 * Amazon States Language with JSONPath; see docs/architecture.md for the flow.
 */

/** Function ARNs the Task states call directly (Resource = the ARN). */
export interface PipelineArns {
  prepare: string;
  infer: string;
  analyze: string;
  runTests: string;
  notify: string;
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

const RETRY_TRANSIENT: JsonValue = [
  {
    ErrorEquals: [...TRANSIENT_ERRORS],
    IntervalSeconds: 2,
    BackoffRate: 2,
    MaxAttempts: 3,
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
    Default: TASK_STATE_NAMES.analyze,
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
    Next: TASK_STATE_NAMES.analyze,
  };
}
