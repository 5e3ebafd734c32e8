import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startLocalStorage } from '../infra/local/storage.ts';

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
 * Where local runs post their summary: `$AGGRESSORS_WEBHOOK_URL`, else the
 * local sink (`<state>/alerts/alerts.jsonl`).
 */
export function localWebhookUrl(): string | undefined {
  return process.env.AGGRESSORS_WEBHOOK_URL || undefined;
}

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
