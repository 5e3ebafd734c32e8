import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { alertOptionsFromEnv } from '../functions/notify/settings.ts';
import type { LocalStackOptions } from '../infra/local/stack.ts';
import { startLocalStorage } from '../infra/local/storage.ts';
import { optionalEnv, type Env } from '../shared/aws/env.ts';
import { CliError } from './errors.ts';

/** Where results are read from: the local stack's storage, or AWS. */
export interface Store {
  where: 'local' | 'aws';
  /** Said when nothing is found, so a reader knows where it was looked for. */
  location: string;
  bucket: string;
  table: string;
  s3: S3Client;
  ddb: DynamoDBDocumentClient;
  close(): Promise<void>;
}

export interface StoreOptions {
  bucket?: string;
  table?: string;
}

/** The local state folder: `$AGGRESSORS_HOME`, else `.aggressors` here. */
export function stateDir(): string {
  return process.env.AGGRESSORS_HOME ?? join(process.cwd(), '.aggressors');
}

/**
 * The alert settings of local runs (docs/notifications.md), for
 * startLocalStack: AGGRESSORS_WEBHOOK_URL, AGGRESSORS_SLACK_URL,
 * AGGRESSORS_WEBHOOK_SECRET, and AGGRESSORS_ALERT_ON,
 * AGGRESSORS_ALERT_MIN_IMPACT, AGGRESSORS_ALERT_INCLUDE_SAMPLES. With no URL
 * set, alerts go to the local sink.
 */
export function localAlertSettings(env: Env = process.env): LocalAlertSettings {
  return {
    webhookUrl: optionalEnv(env, 'AGGRESSORS_WEBHOOK_URL'),
    slackUrl: optionalEnv(env, 'AGGRESSORS_SLACK_URL'),
    webhookSigningSecret: optionalEnv(env, 'AGGRESSORS_WEBHOOK_SECRET'),
    alerts: alertOptionsFromEnv(env, 'AGGRESSORS_'),
  };
}

export type LocalAlertSettings = Pick<
  LocalStackOptions,
  'webhookUrl' | 'slackUrl' | 'webhookSigningSecret' | 'alerts'
>;

/**
 * With `--bucket`/`--table` (or AGGRESSORS_BUCKET/AGGRESSORS_TABLE), AWS with
 * the default credential chain; otherwise the local stack's storage.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const bucket = options.bucket ?? process.env.AGGRESSORS_BUCKET;
  const table = options.table ?? process.env.AGGRESSORS_TABLE;
  if (bucket === undefined && table === undefined) {
    const local = await startLocalStorage({ stateDir: stateDir() });
    return { where: 'local', location: `the local state in ${stateDir()}`, ...local };
  }

  const s3 = new S3Client({});
  const dynamodb = new DynamoDBClient({});
  try {
    await s3.config.region();
  } catch {
    s3.destroy();
    dynamodb.destroy();
    throw new CliError(
      'no AWS region for --bucket/--table: set AWS_REGION (or a profile with a ' +
        'region in AWS_PROFILE) to the region the stack is deployed in',
    );
  }
  return {
    where: 'aws',
    location: `table ${table ?? '(none)'} and bucket ${bucket ?? '(none)'}`,
    bucket: bucket ?? '',
    table: table ?? '',
    s3,
    ddb: DynamoDBDocumentClient.from(dynamodb),
    close: async () => {
      s3.destroy();
      dynamodb.destroy();
    },
  };
}
