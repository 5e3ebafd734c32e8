import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../../infra/local/dynamo-server.ts';
import { LocalTableNotActiveError } from '../../../infra/local/errors.ts';

const dynalite = createRequire(import.meta.url)('dynalite') as (o: object) => Server;

/** An in-memory dynalite that keeps new tables CREATING for `createTableMs`. */
async function startDynalite(createTableMs: number) {
  const server = dynalite({ createTableMs });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  return {
    client,
    close: async () => {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('Function: ensureTable', () => {
  /** Slow to activate a table, as dynalite is under load. */
  let slow: Awaited<ReturnType<typeof startDynalite>>;

  beforeAll(async () => {
    slow = await startDynalite(150);
  });

  afterAll(async () => {
    await slow?.close();
  });

  it('returns once the new table is ACTIVE, not while it is CREATING', async () => {
    await ensureTable(slow.client, 'runs');
    const out = await slow.client.send(new DescribeTableCommand({ TableName: 'runs' }));

    expect(out.Table?.TableStatus).toBe('ACTIVE');
  });

  it('keeps the items of a table that already exists', async () => {
    const key = { pk: { S: 'run#1' }, sk: { S: 'meta' } };
    await slow.client.send(new PutItemCommand({ TableName: 'runs', Item: key }));

    await ensureTable(slow.client, 'runs');
    const out = await slow.client.send(
      new GetItemCommand({ TableName: 'runs', Key: key }),
    );

    expect(out.Item).toEqual(key);
  });

  it('throws LocalTableNotActiveError naming the table when it stays CREATING', async () => {
    const stuck = await startDynalite(60_000);
    try {
      const ensuring = ensureTable(stuck.client, 'stuck', { maxWaitSeconds: 0.3 });

      await expect(ensuring).rejects.toThrow(LocalTableNotActiveError);
      await expect(ensuring).rejects.toThrow(
        'local table stuck was not ACTIVE within 0.3 s',
      );
    } finally {
      await stuck.close();
    }
  });
});
