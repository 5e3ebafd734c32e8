import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { TABLE_KEY_SCHEMA } from '../../shared/aws/keys.ts';
import { LocalTableNotActiveError } from './errors.ts';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: object) => Server;

export interface LocalDynamoServer {
  endpoint: string;
  close(): Promise<void>;
}

/** dynalite on loopback, persisted under `path` (LevelDB). */
export async function startDynamoServer(options: {
  path: string;
  host?: string;
}): Promise<LocalDynamoServer> {
  const host = options.host ?? '127.0.0.1';
  const server = dynalite({ path: options.path, createTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}

/** How long a new table may stay CREATING before ensureTable gives up. */
const TABLE_ACTIVE_MAX_WAIT_SECONDS = 10;
/** DescribeTable poll interval bounds, in seconds as the SDK's waiters take them. */
const TABLE_POLL_DELAY_SECONDS = { minDelay: 0.01, maxDelay: 0.2 };

/**
 * Creates the table with the deployed key schema unless it exists, and
 * returns once it is ACTIVE: dynalite answers ResourceNotFound to reads of
 * a table still CREATING, which it leaves on a timer even with
 * `createTableMs: 0`.
 */
export async function ensureTable(
  client: DynamoDBClient,
  table: string,
  options: { maxWaitSeconds?: number } = {},
): Promise<void> {
  const maxWaitSeconds = options.maxWaitSeconds ?? TABLE_ACTIVE_MAX_WAIT_SECONDS;
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await createTable(client, table);
  }

  try {
    await waitUntilTableExists(
      { client, maxWaitTime: maxWaitSeconds, ...TABLE_POLL_DELAY_SECONDS },
      { TableName: table },
    );
  } catch (error) {
    throw new LocalTableNotActiveError(table, maxWaitSeconds, { cause: error });
  }
}

async function createTable(client: DynamoDBClient, table: string): Promise<void> {
  const { partitionKey, sortKey } = TABLE_KEY_SCHEMA;
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: partitionKey, AttributeType: 'S' },
        { AttributeName: sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
    }),
  );
}
