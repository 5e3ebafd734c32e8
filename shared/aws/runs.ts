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
import { backoffMs, delay } from './backoff.ts';
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
 * skipped). A missing record is a `RunMissingError`, never a partial item.
 */
export async function updateRun(
  ddb: DynamoDBDocumentClient,
  table: string,
  project: string,
  runId: string,
  fields: Partial<RunRecord>,
): Promise<void> {
  const entries = Object.entries(fields).filter(
    ([name, value]) => value !== undefined && !KEY_FIELDS.has(name),
  );
  if (entries.length === 0) {
    throw new RangeError(`updateRun of run "${runId}" needs at least one field to set`);
  }

  try {
    await ddb.send(new UpdateCommand(updateInput(table, project, runId, entries)));
  } catch (error) {
    if (isConditionFailed(error))
      throw new RunMissingError(project, runId, { cause: error });
    throw error;
  }
}

function updateInput(
  table: string,
  project: string,
  runId: string,
  entries: [string, unknown][],
) {
  return {
    TableName: table,
    Key: tableKeys.run(project, runId),
    UpdateExpression:
      'SET ' + entries.map(([name]) => `#${name} = :${name}`).join(', '),
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: Object.fromEntries(
      entries.map(([name]) => [`#${name}`, name]),
    ),
    ExpressionAttributeValues: Object.fromEntries(
      entries.map(([name, value]) => [`:${name}`, withoutUndefined(value)]),
    ),
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
  const { pk, skPrefix } = tableKeys.runsOfProject(project);
  const runs: RunRecord[] = [];
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
    for (const item of page.Items ?? []) runs.push(toRunRecord(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);

  return runs.sort(byUploadTime);
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
const UNPROCESSED_BACKOFF = { baseMs: 50, capMs: 5_000 };

export interface BatchWriteOptions {
  /** Calls per chunk before unprocessed items are given up on. */
  maxAttempts?: number;
  /** Injected so tests need not wait; defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

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

  const requests = summaries.map((summary) => ({
    PutRequest: {
      Item: { ...tableKeys.aggressor(runId, summary.rank), runId, ...summary },
    },
  }));
  for (let start = 0; start < requests.length; start += BATCH_WRITE_SIZE) {
    const chunk = requests.slice(start, start + BATCH_WRITE_SIZE);
    await batchWriteWithRetry(ddb, table, chunk, options);
  }
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

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } };

async function batchWriteWithRetry(
  ddb: DynamoDBDocumentClient,
  table: string,
  requests: WriteRequest[],
  options: BatchWriteOptions,
): Promise<void> {
  const { maxAttempts = 8, sleep = delay, random = Math.random } = options;
  let pending = requests;

  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const out = await ddb.send(
      new BatchWriteCommand({ RequestItems: { [table]: pending } }),
    );
    pending = (out.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    if (pending.length === 0) return;
    if (attempt < maxAttempts)
      await sleep(backoffMs(attempt, random, UNPROCESSED_BACKOFF));
  }

  throw new TransientError(
    `${pending.length} aggressor summaries still unprocessed in table ${table} ` +
      `after ${maxAttempts} attempts`,
  );
}
