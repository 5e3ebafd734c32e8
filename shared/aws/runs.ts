/**
 * Run records and aggressor summaries in the one table (keys from keys.ts).
 * Items carry their `pk`/`sk`; the records returned here do not.
 */
import type { Aggressor } from '../analysis/types.ts';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../errors.ts';
import { delay, waitBeforeRetry } from './backoff.ts';
import type { RetryPolicy } from './backoff.ts';
import { RunMissingError } from './errors.ts';
import { tableKeys } from './keys.ts';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface RunError {
  message: string;
  file?: string;
  line?: number;
  field?: string;
  value?: string;
}

export interface RunRecord {
  project: string;
  modelVersion: string;
  runId: string;
  status: RunStatus;
  uploadedAtEpochMs: number;
  startedAtEpochMs?: number;
  finishedAtEpochMs?: number;
  manifestKey: string;
  counts?: { samples: number; quarantined: number; failed: number };
  overall?: { meanLoss: number; errorRate: number | null; accuracy: number | null };
  resultsKey?: string;
  aggressorCount?: number;
  testsNote?: string;
  error?: RunError;
}

/** An aggressor's DynamoDB item: the ranking figures, no member ids. */
export type AggressorSummary = Pick<
  Aggressor,
  'id' | 'rank' | 'size' | 'share' | 'meanLoss' | 'lossRatio' | 'errorRate'
>;

/** Fields that make up the item's key and are never updated. */
const KEY_FIELDS = new Set(['project', 'runId']);

/** A field of the run record other than its key. */
export type RunField = Exclude<keyof RunRecord, 'project' | 'runId'>;

/** Writes a new run record; a record already there is left as it is. */
export async function createRun(
  ddb: DynamoDBDocumentClient,
  table: string,
  run: RunRecord,
): Promise<'created' | 'exists'> {
  const item = withoutUndefined({ ...tableKeys.run(run.project, run.runId), ...run });

  try {
    await ddb.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) return 'exists';
    throw error;
  }

  return 'created';
}

/**
 * Sets the given fields on an existing run record (undefined fields are
 * skipped) and removes the `remove` fields, in one update. A missing record
 * is a `RunMissingError`, never a partial item.
 */
export async function updateRun(
  ddb: DynamoDBDocumentClient,
  table: string,
  project: string,
  runId: string,
  fields: Partial<RunRecord>,
  remove: readonly RunField[] = [],
): Promise<void> {
  const entries = Object.entries(fields).filter(
    ([name, value]) => value !== undefined && !KEY_FIELDS.has(name),
  );
  checkUpdate(runId, entries, remove);

  try {
    await ddb.send(
      new UpdateCommand(updateInput(table, project, runId, entries, remove)),
    );
  } catch (error) {
    if (isConditionFailed(error))
      throw new RunMissingError(project, runId, { cause: error });
    throw error;
  }
}

function checkUpdate(
  runId: string,
  entries: [string, unknown][],
  remove: readonly string[],
): void {
  if (entries.length === 0 && remove.length === 0) {
    throw new RangeError(
      `updateRun of run "${runId}" needs at least one field to set or remove`,
    );
  }
  const both = entries.find(([name]) => remove.includes(name));
  if (both !== undefined) {
    throw new RangeError(
      `updateRun of run "${runId}" cannot both set and remove field "${both[0]}"`,
    );
  }
}

function updateInput(
  table: string,
  project: string,
  runId: string,
  entries: [string, unknown][],
  remove: readonly string[],
) {
  const names = [...entries.map(([name]) => name), ...remove];
  const clauses = [
    entries.length > 0
      ? 'SET ' + entries.map(([name]) => `#${name} = :${name}`).join(', ')
      : '',
    remove.length > 0 ? 'REMOVE ' + remove.map((name) => `#${name}`).join(', ') : '',
  ];

  return {
    TableName: table,
    Key: tableKeys.run(project, runId),
    UpdateExpression: clauses.filter((clause) => clause !== '').join(' '),
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
    ...(entries.length > 0 && {
      ExpressionAttributeValues: Object.fromEntries(
        entries.map(([name, value]) => [`:${name}`, withoutUndefined(value)]),
      ),
    }),
  };
}

export async function getRun(
  ddb: DynamoDBDocumentClient,
  table: string,
  project: string,
  runId: string,
): Promise<RunRecord | undefined> {
  const out = await ddb.send(
    new GetCommand({ TableName: table, Key: tableKeys.run(project, runId) }),
  );

  return out.Item ? toRunRecord(out.Item) : undefined;
}

/** Every run of the project, over all pages, oldest upload first. */
export async function listRuns(
  ddb: DynamoDBDocumentClient,
  table: string,
  project: string,
): Promise<RunRecord[]> {
  const items = await queryPrefix(ddb, table, tableKeys.runsOfProject(project));

  return items.map(toRunRecord).sort(byUploadTime);
}

/** Every item of a partition whose sort key starts with a prefix, over all pages. */
async function queryPrefix(
  ddb: DynamoDBDocumentClient,
  table: string,
  { pk, skPrefix }: { pk: string; skPrefix: string },
  projection?: string,
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;

  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
        ExpressionAttributeValues: { ':pk': pk, ':skPrefix': skPrefix },
        ...(projection && { ProjectionExpression: projection }),
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);

  return items;
}

/** The most recently uploaded run of one model version, if any. */
export async function latestRunOfVersion(
  ddb: DynamoDBDocumentClient,
  table: string,
  project: string,
  modelVersion: string,
): Promise<RunRecord | undefined> {
  const runs = await listRuns(ddb, table, project);

  return runs.filter((run) => run.modelVersion === modelVersion).at(-1);
}

function byUploadTime(a: RunRecord, b: RunRecord): number {
  const delta = a.uploadedAtEpochMs - b.uploadedAtEpochMs;

  return delta !== 0 ? delta : a.runId.localeCompare(b.runId);
}

function toRunRecord(item: Record<string, unknown>): RunRecord {
  const run = { ...item };
  delete run.pk;
  delete run.sk;

  return run as unknown as RunRecord;
}

/**
 * Drops undefined members of plain objects, at any depth, so that optional
 * fields left undefined marshal whatever the client's options.
 */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value === null || typeof value !== 'object' || !isPlainObject(value))
    return value;

  const entries = Object.entries(value).filter(([, member]) => member !== undefined);

  return Object.fromEntries(
    entries.map(([k, member]) => [k, withoutUndefined(member)]),
  ) as T;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);

  return prototype === Object.prototype || prototype === null;
}

function isConditionFailed(error: unknown): boolean {
  return (
    (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException'
  );
}

/** BatchWriteItem takes at most this many requests a call. */
const BATCH_WRITE_SIZE = 25;

/** How a batch write retries the items DynamoDB leaves unprocessed. */
export type BatchWriteOptions = Partial<RetryPolicy>;

const UNPROCESSED_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 5_000,
  sleep: delay,
  random: Math.random,
};

/**
 * Writes one item per aggressor under the run, 25 a call, retrying the
 * items DynamoDB leaves unprocessed with jittered exponential backoff.
 * Ranks must be distinct integers from 1 to 9999 (the sort key has 4 digits).
 */
export async function putAggressorSummaries(
  ddb: DynamoDBDocumentClient,
  table: string,
  runId: string,
  summaries: AggressorSummary[],
  options: BatchWriteOptions = {},
): Promise<void> {
  checkRanks(runId, summaries);

  const requests: WriteRequest[] = summaries.map((summary) => ({
    PutRequest: {
      Item: { ...tableKeys.aggressor(runId, summary.rank), runId, ...summary },
    },
  }));

  await batchWrite(ddb, table, requests, { ...UNPROCESSED_RETRY, ...options });
}

/**
 * Deletes every aggressor item of the run (an earlier attempt's), over all
 * pages, 25 a call; answers how many there were.
 */
export async function deleteAggressorSummaries(
  ddb: DynamoDBDocumentClient,
  table: string,
  runId: string,
  options: BatchWriteOptions = {},
): Promise<number> {
  const keys = await aggressorKeysOfRun(ddb, table, runId);
  const requests: WriteRequest[] = keys.map((Key) => ({ DeleteRequest: { Key } }));

  await batchWrite(ddb, table, requests, { ...UNPROCESSED_RETRY, ...options });

  return keys.length;
}

type ItemKey = { pk: string; sk: string };

async function aggressorKeysOfRun(
  ddb: DynamoDBDocumentClient,
  table: string,
  runId: string,
): Promise<ItemKey[]> {
  const items = await queryPrefix(
    ddb,
    table,
    tableKeys.aggressorsOfRun(runId),
    'pk, sk',
  );

  return items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
}

function checkRanks(runId: string, summaries: AggressorSummary[]): void {
  const seen = new Set<number>();
  for (const { id, rank } of summaries) {
    if (!Number.isInteger(rank) || rank < 1 || rank > 9999) {
      throw new RangeError(
        `aggressor ${id} of run ${runId}: rank must be an integer from 1 to 9999, got ${rank}`,
      );
    }
    if (seen.has(rank)) {
      throw new RangeError(
        `aggressor ${id} of run ${runId}: rank ${rank} is used twice`,
      );
    }
    seen.add(rank);
  }
}

type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: ItemKey } };

async function batchWrite(
  ddb: DynamoDBDocumentClient,
  table: string,
  requests: WriteRequest[],
  policy: RetryPolicy,
): Promise<void> {
  for (let start = 0; start < requests.length; start += BATCH_WRITE_SIZE) {
    const chunk = requests.slice(start, start + BATCH_WRITE_SIZE);
    await batchWriteWithRetry(ddb, table, chunk, policy);
  }
}

async function batchWriteWithRetry(
  ddb: DynamoDBDocumentClient,
  table: string,
  requests: WriteRequest[],
  policy: RetryPolicy,
): Promise<void> {
  let pending = requests;

  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    const out = await ddb.send(
      new BatchWriteCommand({ RequestItems: { [table]: pending } }),
    );
    pending = (out.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    if (pending.length === 0) return;
    if (attempt < policy.maxAttempts) await waitBeforeRetry(attempt, policy);
  }

  throw new TransientError(
    `${pending.length} aggressor summaries still unprocessed in table ${table} ` +
      `after ${policy.maxAttempts} attempts`,
  );
}
