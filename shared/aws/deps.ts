import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { Logger } from '../logger.ts';

/** Settings every handler reads, from the environment on Lambda. */
export interface PipelineConfig {
  bucket: string;
  table: string;
  /** Where run summaries are posted; absent: the local sink or nothing. */
  webhookUrl?: string;
  /** Directory the local alert sink appends to (local stack only). */
  localSinkDir?: string;
}

/**
 * What a handler's core needs: clients made once and passed in, settings
 * read in one place, a logger and a clock.
 */
export interface PipelineDeps {
  s3: S3Client;
  ddb: DynamoDBDocumentClient;
  sagemaker: SageMakerRuntimeClient;
  config: PipelineConfig;
  logger: Logger;
  nowEpochMs: () => number;
  /** Posts a JSON body to a URL; injected so tests and the local sink can stand in. */
  fetch: typeof fetch;
}
