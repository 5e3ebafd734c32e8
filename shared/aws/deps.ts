import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { ClusteringPathSetting } from '../analysis/distributed/plan.ts';
import type { AlertOptions } from '../alerts/types.ts';
import type { Logger } from '../logger.ts';
import type { ReportLinker } from './report-link.ts';

/** Settings every handler reads, from the environment on Lambda. */
export interface PipelineConfig {
  bucket: string;
  table: string;
  /**
   * Where alerts are posted: Slack when its host is hooks.slack.com, a
   * signed generic webhook otherwise; absent: the local sink or nothing.
   */
  webhookUrl?: string;
  /** Directory the local alert sink appends to (local stack only). */
  localSinkDir?: string;
  /** A Slack incoming-webhook URL alerts are posted to, whatever its host. */
  slackUrl?: string;
  /** The HMAC-SHA256 key generic webhook posts are signed with. */
  webhookSigningSecret?: string;
  /** Which runs alert and what alerts show (shared/alerts); defaults otherwise. */
  alerts?: Partial<AlertOptions>;
  /** Where Prepare sends the clustering: by size (default) or forced. */
  clusteringPath?: ClusteringPathSetting;
  /** Largest float32 embedding bytes clustered in one Lambda. */
  singleNodeMaxEmbeddingBytes?: number;
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
  /** Signs a link to a run's report for alerts; absent: alerts carry no link. */
  linkReport?: ReportLinker;
}
