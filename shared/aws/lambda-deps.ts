/**
 * Builds a handler's dependencies from the Lambda environment, once per cold
 * start (call it at module level in handler.ts).
 *
 * Variables: BUCKET_NAME and TABLE_NAME (required); WEBHOOK_URL and
 * LOCAL_SINK_DIR (optional, mostly for local runs); CLUSTERING_PATH (auto,
 * single-node or distributed) and SINGLE_NODE_MAX_EMBEDDING_BYTES (optional,
 * read by Prepare: docs/architecture.md, "Past one Lambda"). WEBHOOK_SECRET_ARN is read
 * by the notify handler only, see secrets.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CLUSTERING_PATH_SETTINGS } from '../analysis/distributed/plan.ts';
import type { ClusteringPathSetting } from '../analysis/distributed/plan.ts';
import { ConfigError } from './config-error.ts';
import { optionalEnv, requiredEnv, type Env } from './env.ts';
import { powertoolsLogger } from './powertools-logger.ts';
import type { PipelineConfig, PipelineDeps } from './deps.ts';

export function pipelineDepsFromEnv(env: Env = process.env): PipelineDeps {
  const config = pipelineConfigFromEnv(env);

  return {
    s3: new S3Client({}),
    ddb: DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    sagemaker: new SageMakerRuntimeClient({ maxAttempts: 1 }),
    config,
    logger: powertoolsLogger(
      new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME ?? 'aggressors' }),
    ),
    nowEpochMs: () => Date.now(),
    fetch: globalThis.fetch,
  };
}

export function pipelineConfigFromEnv(env: Env): PipelineConfig {
  const config: PipelineConfig = {
    bucket: requiredEnv(env, 'BUCKET_NAME'),
    table: requiredEnv(env, 'TABLE_NAME'),
  };
  const webhookUrl = optionalEnv(env, 'WEBHOOK_URL');
  if (webhookUrl !== undefined) config.webhookUrl = webhookUrl;
  const localSinkDir = optionalEnv(env, 'LOCAL_SINK_DIR');
  if (localSinkDir !== undefined) config.localSinkDir = localSinkDir;
  Object.assign(config, clusteringConfigFromEnv(env));

  return config;
}

/** CLUSTERING_PATH and SINGLE_NODE_MAX_EMBEDDING_BYTES, checked; the local stack reads them too. */
export function clusteringConfigFromEnv(env: Env): Partial<PipelineConfig> {
  const config: Partial<PipelineConfig> = {};
  const path = optionalEnv(env, 'CLUSTERING_PATH');
  if (path !== undefined) {
    if (!(CLUSTERING_PATH_SETTINGS as readonly string[]).includes(path)) {
      const allowed = CLUSTERING_PATH_SETTINGS.join(', ');
      throw new ConfigError(
        'CLUSTERING_PATH',
        `must be one of ${allowed}, got "${path}"`,
      );
    }
    config.clusteringPath = path as ClusteringPathSetting;
  }
  const bytes = optionalEnv(env, 'SINGLE_NODE_MAX_EMBEDDING_BYTES');
  if (bytes !== undefined) {
    if (!/^[1-9][0-9]*$/.test(bytes) || !Number.isSafeInteger(Number(bytes))) {
      throw new ConfigError(
        'SINGLE_NODE_MAX_EMBEDDING_BYTES',
        `must be a positive whole number of bytes, got "${bytes}"`,
      );
    }
    config.singleNodeMaxEmbeddingBytes = Number(bytes);
  }

  return config;
}
