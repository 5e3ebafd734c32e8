/**
 * Batch limits of one run's inference, from the manifest's `inference`
 * block (Prepare writes it to work/<runId>/inference.json), with defaults.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { InferenceSettings } from '../../shared/bundle/types.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { getJson } from '../../shared/aws/s3-io.ts';
import { InferenceSettingsError } from './errors.ts';

/** Real-time endpoints take about 6 MB a call, request and response together. */
export const DEFAULT_MAX_BATCH_BYTES = 6_000_000;
export const DEFAULT_MAX_BATCH_SIZE = 64;
export const DEFAULT_CONCURRENCY = 2;

export interface BatchSettings {
  endpoint: string;
  maxBatchBytes: number;
  maxBatchSize: number;
  concurrency: number;
}

export async function readBatchSettings(
  s3: S3Client,
  bucket: string,
  runId: string,
): Promise<BatchSettings> {
  const key = s3Keys.inferenceSettings(runId);
  const settings = await getJson<InferenceSettings>(s3, bucket, key);

  return withDefaults(settings, key);
}

export function withDefaults(
  settings: InferenceSettings,
  source: string,
): BatchSettings {
  return {
    endpoint: settings.endpoint,
    maxBatchBytes: positive(
      settings.maxBatchBytes,
      DEFAULT_MAX_BATCH_BYTES,
      'maxBatchBytes',
    ),
    maxBatchSize: positive(
      settings.maxBatchSize,
      DEFAULT_MAX_BATCH_SIZE,
      'maxBatchSize',
    ),
    concurrency: positive(settings.concurrency, DEFAULT_CONCURRENCY, 'concurrency'),
  };

  function positive(
    value: number | undefined,
    fallback: number,
    field: string,
  ): number {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1) {
      throw new InferenceSettingsError(source, `inference.${field}`, value);
    }

    return value;
  }
}
