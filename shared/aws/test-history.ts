/** Each saved test's result per run, one item each in the one table. */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TestHistoryEntry } from '../tracking/types.ts';
import { tableKeys } from './keys.ts';

/** Writes (or, for a re-executed run, overwrites) one item per result. */
export async function putTestHistory(
  ddb: DynamoDBDocumentClient,
  table: string,
  entries: readonly TestHistoryEntry[],
): Promise<void> {
  for (const entry of entries) {
    const key = tableKeys.testResult(
      entry.project,
      entry.name,
      entry.uploadedAtEpochMs,
      entry.runId,
    );
    const item = Object.fromEntries(
      Object.entries({ ...key, ...entry }).filter(([, value]) => value !== undefined),
    );
    await ddb.send(new PutCommand({ TableName: table, Item: item }));
  }
}

/** A test's results over the runs, oldest upload first, over all pages. */
export async function listTestHistory(
  ddb: DynamoDBDocumentClient,
  table: string,
  project: string,
  name: string,
): Promise<TestHistoryEntry[]> {
  const { pk, skPrefix } = tableKeys.testHistory(project, name);
  const entries: TestHistoryEntry[] = [];
  let startKey: Record<string, unknown> | undefined;

  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
        ExpressionAttributeValues: { ':pk': pk, ':skPrefix': skPrefix },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const { pk: _pk, sk: _sk, ...entry } of page.Items ?? []) {
      entries.push(entry as TestHistoryEntry);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);

  return entries;
}
