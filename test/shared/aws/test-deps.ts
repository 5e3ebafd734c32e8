/**
 * Dependencies for the pipeline cores in tests: real clients (mocked per
 * test file), a recording logger, a fixed clock.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PipelineConfig, PipelineDeps } from '../../../shared/aws/deps.ts';
import type { Logger } from '../../../shared/logger.ts';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

export const TEST_NOW_EPOCH_MS = 1_765_000_000_000;

export function recordingLogger(entries: LogEntry[]): Logger {
  const at =
    (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) =>
      void entries.push({ level, message, fields });

  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function testDeps(
  config: Partial<PipelineConfig> = {},
  overrides: Partial<PipelineDeps> = {},
): { deps: PipelineDeps; logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  const deps: PipelineDeps = {
    s3: new S3Client({ region: 'us-east-1' }),
    ddb: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    sagemaker: new SageMakerRuntimeClient({ region: 'us-east-1' }),
    config: { bucket: 'test-bucket', table: 'test-table', ...config },
    logger: recordingLogger(logs),
    nowEpochMs: () => TEST_NOW_EPOCH_MS,
    fetch: (() => {
      throw new Error('fetch not expected in this test');
    }) as typeof fetch,
    ...overrides,
  };

  return { deps, logs };
}
