import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './clients.ts';
import { ensureTable, startDynamoServer } from './dynamo-server.ts';
import { startS3Server, type LocalS3Server } from './s3-server.ts';
import { lockStateDir, type StateLock } from './state-lock.ts';

export const LOCAL_BUCKET = 'aggressors-local';
export const LOCAL_TABLE = 'aggressors-local';

export function localPaths(stateDir: string) {
  return {
    s3: join(stateDir, 's3'),
    dynamodb: join(stateDir, 'dynamodb'),
    alerts: join(stateDir, 'alerts'),
    stepFunctions: join(stateDir, 'stepfunctions'),
  };
}

export interface LocalStorage {
  bucket: string;
  table: string;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  ddb: DynamoDBDocumentClient;
  s3Server: LocalS3Server;
  close(): Promise<void>;
}

/**
 * The local bucket and table: s3rver and dynalite on loopback, persisted
 * under `stateDir`, so what a run stored can be read after it ended. The
 * folder is locked for this process until `close` (state-lock.ts): a second
 * command on it fails with LocalStateInUseError.
 */
export async function startLocalStorage(options: {
  stateDir: string;
  fresh?: boolean;
}): Promise<LocalStorage> {
  const lock = await lockStateDir(options.stateDir);
  try {
    return await startLockedStorage(options, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function startLockedStorage(
  options: { stateDir: string; fresh?: boolean },
  lock: StateLock,
): Promise<LocalStorage> {
  const paths = localPaths(options.stateDir);
  if (options.fresh) {
    await Promise.all(
      Object.values(paths).map((p) => rm(p, { recursive: true, force: true })),
    );
  }
  await Promise.all(Object.values(paths).map((p) => mkdir(p, { recursive: true })));

  const s3Server = await startS3Server({
    directory: paths.s3,
    buckets: [LOCAL_BUCKET],
  });
  const dynamoServer = await startDynamoServer({ path: paths.dynamodb });
  const common = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const s3 = new S3Client({
    ...common,
    endpoint: s3Server.endpoint,
    forcePathStyle: true,
  });
  const dynamodb = new DynamoDBClient({ ...common, endpoint: dynamoServer.endpoint });
  const ddb = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  await ensureTable(dynamodb, LOCAL_TABLE);

  return {
    bucket: LOCAL_BUCKET,
    table: LOCAL_TABLE,
    s3,
    dynamodb,
    ddb,
    s3Server,
    close: async () => {
      s3.destroy();
      dynamodb.destroy();
      await Promise.all([s3Server.close(), dynamoServer.close()]);
      await lock.release();
    },
  };
}
