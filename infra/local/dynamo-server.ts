import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { TABLE_KEY_SCHEMA } from '../../shared/aws/keys.ts';

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

/** Polls of DescribeTable while a new table is CREATING, and the pause between them. */
const ACTIVE_POLLS = 200;
const ACTIVE_POLL_MS = 10;

/**
 * Creates the table with the deployed key schema unless it exists, and
 * returns once it is ACTIVE: dynalite answers ResourceNotFound to reads of
 * a table still CREATING, which it leaves on a timer even with
 * `createTableMs: 0`.
 */
export async function ensureTable(
  client: DynamoDBClient,
  table: string,
): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await createTable(client, table);
  }

  await waitUntilActive(client, table);
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

async function waitUntilActive(client: DynamoDBClient, table: string): Promise<void> {
  let status: string | undefined;
  for (let poll = 0; poll < ACTIVE_POLLS; poll++) {
    const out = await client.send(new DescribeTableCommand({ TableName: table }));
    status = out.Table?.TableStatus;
    if (status === 'ACTIVE') return;
    await sleep(ACTIVE_POLL_MS);
  }

  throw new Error(
    `local table ${table} is still ${status ?? 'without a status'} after ` +
      `${ACTIVE_POLLS} polls ${ACTIVE_POLL_MS} ms apart`,
  );
}
