/**
 * Builds a handler's dependencies from the Lambda environment, once per cold
 * start (call it at module level in handler.ts).
 *
 * Variables: BUCKET_NAME and TABLE_NAME (required); WEBHOOK_URL and
 * LOCAL_SINK_DIR (optional, mostly for local runs). WEBHOOK_SECRET_ARN is read
 * by the notify handler only, see secrets.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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

  return config;
}
