import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { onUpload } from '../../functions/on-upload/on-upload.ts';
import { prepare } from '../../functions/prepare/prepare.ts';
import { infer } from '../../functions/infer/infer.ts';
import { analyze } from '../../functions/analyze/analyze.ts';
import { runTests } from '../../functions/run-tests/run-tests.ts';
import { notify } from '../../functions/notify/notify.ts';
import { clusterShard } from '../../functions/cluster-shard/cluster-shard.ts';
import { clusterStep } from '../../functions/cluster-reduce/cluster-step.ts';
import type { ClusteringPathSetting } from '../../shared/analysis/distributed/plan.ts';
import type { AlertOptions } from '../../shared/alerts/types.ts';
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { clusteringConfigFromEnv } from '../../shared/aws/lambda-deps.ts';
import type { Logger } from '../../shared/logger.ts';
import { TASK_STATE_NAMES } from '../pipeline.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './clients.ts';
import { toEventBridgeEvent } from './event-bridge.ts';
import { startInferenceServer, type EndpointModel } from './inference-server.ts';
import { asLambda } from './lambda-runtime.ts';
import type { S3EventRecord } from './s3-server.ts';
import { LocalStateMachine, type LocalTaskHandlers } from './state-machine.ts';
import { localPaths, startLocalStorage, type LocalStorage } from './storage.ts';

export interface LocalStackOptions {
  /** Root of the local state, `.aggressors` by default. */
  stateDir: string;
  /** Models the inference server hosts, by endpoint name. */
  endpoints?: Record<string, EndpointModel>;
  /** Start from empty storage (the demo does; `show` reads what is there). */
  fresh?: boolean;
  /** Where alerts go (Slack or a generic webhook, by host); unset: the local sink. */
  webhookUrl?: string;
  /** A Slack incoming-webhook URL; with webhookUrl, alerts go to both. */
  slackUrl?: string;
  /** The key generic webhook posts are signed with. */
  webhookSigningSecret?: string;
  /** Which runs alert and what alerts show; the defaults otherwise. */
  alerts?: Partial<AlertOptions>;
  logger: Logger;
  onStateEntered?: (execution: string, state: string) => void;
  /**
   * Forces a clustering path; default: CLUSTERING_PATH from the environment,
   * else by size (docs/architecture.md, "Past one Lambda").
   */
  clusteringPath?: ClusteringPathSetting;
}

export interface LocalStack {
  storage: LocalStorage;
  deps: PipelineDeps;
  machine: LocalStateMachine;
  alertsFile: string;
  /** Waits until every upload seen so far has run to its end. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The embedded stack: s3rver, dynalite and the inference server on loopback,
 * and the pipeline definition run by an ASL interpreter with each Task bound
 * to the handler code the Lambdas run. An upload to the bucket starts a run
 * as S3 -> EventBridge -> on-upload would.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const paths = localPaths(options.stateDir);
  const storage = await startLocalStorage({
    stateDir: options.stateDir,
    fresh: options.fresh,
  });
  const inferenceServer = await startInferenceServer({
    endpoints: options.endpoints ?? {},
    logger: options.logger,
  });
  const deps = localDeps(storage, inferenceServer.url, options, paths.alerts);
  const machine = new LocalStateMachine(
    bindTasks(deps),
    options.logger,
    join(paths.stepFunctions, 'execution-names.txt'),
    options.onStateEntered,
  );
  const triggers = new Set<Promise<void>>();
  storage.s3Server.onEvent((record) => {
    const trigger = deliver(record, deps, machine).finally(() =>
      triggers.delete(trigger),
    );
    triggers.add(trigger);
  });

  return {
    storage,
    deps,
    machine,
    alertsFile: join(paths.alerts, 'alerts.jsonl'),
    settle: async () => {
      while (triggers.size > 0) await Promise.all([...triggers]);
      await machine.idle();
    },
    close: async () => {
      await machine.idle();
      deps.sagemaker.destroy();
      await Promise.all([storage.close(), inferenceServer.close()]);
    },
  };
}

/** What the functions get on Lambda, pointed at the loopback servers. */
function localDeps(
  storage: LocalStorage,
  inferenceUrl: string,
  options: LocalStackOptions,
  alertsDir: string,
): PipelineDeps {
  const sagemaker = new SageMakerRuntimeClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: inferenceUrl,
    maxAttempts: 1, // infer retries throttling and 5xx itself, as on Lambda
  });

  return {
    s3: storage.s3,
    ddb: storage.ddb,
    sagemaker,
    config: {
      bucket: storage.bucket,
      table: storage.table,
      webhookUrl: options.webhookUrl,
      slackUrl: options.slackUrl,
      webhookSigningSecret: options.webhookSigningSecret,
      alerts: options.alerts,
      localSinkDir: options.webhookUrl || options.slackUrl ? undefined : alertsDir,
      ...clusteringConfigFromEnv(process.env),
      ...(options.clusteringPath && { clusteringPath: options.clusteringPath }),
    },
    logger: options.logger,
    nowEpochMs: () => Date.now(),
    fetch: globalThis.fetch,
  };
}

/** Each Task state of the definition, bound to its function's core. */
function bindTasks(deps: PipelineDeps): LocalTaskHandlers {
  return {
    [TASK_STATE_NAMES.prepare]: asLambda(prepare, deps),
    [TASK_STATE_NAMES.infer]: asLambda(infer, deps),
    [TASK_STATE_NAMES.analyze]: asLambda(analyze, deps),
    [TASK_STATE_NAMES.runTests]: asLambda(runTests, deps),
    [TASK_STATE_NAMES.notify]: asLambda(notify, deps),
    [TASK_STATE_NAMES.notifyFailure]: asLambda(notify, deps),
    [TASK_STATE_NAMES.clusterInit]: asLambda(clusterStep, deps),
    [TASK_STATE_NAMES.clusterShard]: asLambda(clusterShard, deps),
    [TASK_STATE_NAMES.clusterReduce]: asLambda(clusterStep, deps),
    [TASK_STATE_NAMES.assignShard]: asLambda(clusterShard, deps),
  };
}

/** EventBridge's rule and target: created manifests go to on-upload. */
async function deliver(
  record: S3EventRecord,
  deps: PipelineDeps,
  machine: LocalStateMachine,
): Promise<void> {
  if (!record.eventName.startsWith('ObjectCreated:')) return;
  const event = toEventBridgeEvent(record, randomUUID());
  try {
    await onUpload(event, {
      ddb: deps.ddb,
      table: deps.config.table,
      starter: machine,
      logger: deps.logger,
      nowEpochMs: deps.nowEpochMs,
    });
  } catch (error) {
    deps.logger.error('on-upload failed', {
      key: record.s3.object.key,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
