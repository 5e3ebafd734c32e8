import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** Creates the table with the deployed key schema unless it exists. */
export async function ensureTable(
  client: DynamoDBClient,
  table: string,
): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
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
