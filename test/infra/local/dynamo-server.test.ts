import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../../infra/local/dynamo-server.ts';

const dynalite = createRequire(import.meta.url)('dynalite') as (o: object) => Server;

/** In memory, and slow to activate a table, as dynalite is under load. */
const server = dynalite({ createTableMs: 150 });
let client: DynamoDBClient;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client?.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('Function: ensureTable', () => {
  it('returns once the new table is ACTIVE, not while it is CREATING', async () => {
    await ensureTable(client, 'runs');
    const out = await client.send(new DescribeTableCommand({ TableName: 'runs' }));

    expect(out.Table?.TableStatus).toBe('ACTIVE');
  });

  it('leaves an existing table as it is', async () => {
    await ensureTable(client, 'runs');
    const out = await client.send(new DescribeTableCommand({ TableName: 'runs' }));

    expect(out.Table?.KeySchema?.map((k) => k.AttributeName)).toEqual(['pk', 'sk']);
  });
});
