import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  createRun,
  deleteAggressorSummaries,
  getRun,
  latestRunOfVersion,
  listRuns,
  putAggressorSummaries,
  updateRun,
} from '../../../shared/aws/runs.ts';
import type { AggressorSummary, RunRecord } from '../../../shared/aws/runs.ts';
import { RunMissingError } from '../../../shared/aws/errors.ts';
import { TransientError } from '../../../shared/errors.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const TABLE = 'aggressors';

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
  });
}

function run(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    project: 'spam#filter',
    modelVersion: 'v1',
    runId: 'spam-v1-abc',
    status: 'queued',
    uploadedAtEpochMs: 1_000,
    manifestKey: 'evaluations/spam#filter/v1/manifest.json',
    ...overrides,
  };
}

beforeEach(() => {
  ddbMock.reset();
});

describe('Function: createRun', () => {
  it('returns created after a put conditioned on the item being new', async () => {
    ddbMock.on(PutCommand).resolves({});

    const outcome = await createRun(ddb, TABLE, run());

    expect(outcome).toBe('created');
    expect(ddbMock.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: { pk: 'PROJECT#spam%23filter', sk: 'RUN#spam-v1-abc', ...run() },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('leaves out fields that are undefined, at any depth', async () => {
    ddbMock.on(PutCommand).resolves({});
    const failed = run({
      status: 'failed',
      startedAtEpochMs: undefined,
      error: { message: 'm', file: 'f', line: undefined },
    });

    await createRun(ddb, TABLE, failed);

    const item = ddbMock.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(item).not.toHaveProperty('startedAtEpochMs');
    expect(item?.error).toEqual({ message: 'm', file: 'f' });
    expect(Object.keys(item?.error ?? {})).toEqual(['message', 'file']);
  });

  it('returns exists when the record is already there', async () => {
    ddbMock.on(PutCommand).rejects(conditionFailed());

    expect(await createRun(ddb, TABLE, run())).toBe('exists');
  });

  it('rethrows other errors', async () => {
    ddbMock.on(PutCommand).rejects(new Error('throttled'));

    await expect(createRun(ddb, TABLE, run())).rejects.toThrow('throttled');
  });
});

describe('Function: updateRun', () => {
  it('sets each defined field on an existing record only', async () => {
    ddbMock.on(UpdateCommand).resolves({});
    const error = { message: 'bad label', file: 'samples.jsonl', line: 3 };

    await updateRun(ddb, TABLE, 'spam#filter', 'spam-v1-abc', {
      status: 'failed',
      finishedAtEpochMs: 5_000,
      error,
      resultsKey: undefined,
    });

    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'PROJECT#spam%23filter', sk: 'RUN#spam-v1-abc' },
      UpdateExpression:
        'SET #status = :status, #finishedAtEpochMs = :finishedAtEpochMs, #error = :error',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#finishedAtEpochMs': 'finishedAtEpochMs',
        '#error': 'error',
      },
      ExpressionAttributeValues: {
        ':status': 'failed',
        ':finishedAtEpochMs': 5_000,
        ':error': error,
      },
    });
  });

  it('throws RunMissingError when the record does not exist', async () => {
    ddbMock.on(UpdateCommand).rejects(conditionFailed());

    const error = await updateRun(ddb, TABLE, 'p', 'r1', { status: 'running' }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(RunMissingError);
    expect((error as Error).message).toBe('no run record for project "p", run "r1"');
  });

  it('sets and removes fields in one update', async () => {
    ddbMock.on(UpdateCommand).resolves({});

    await updateRun(ddb, TABLE, 'p', 'r1', { status: 'running' }, ['error', 'counts']);

    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'PROJECT#p', sk: 'RUN#r1' },
      UpdateExpression: 'SET #status = :status REMOVE #error, #counts',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#error': 'error',
        '#counts': 'counts',
      },
      ExpressionAttributeValues: { ':status': 'running' },
    });
  });

  it('removes fields alone, with no values in the update', async () => {
    ddbMock.on(UpdateCommand).resolves({});

    await updateRun(ddb, TABLE, 'p', 'r1', {}, ['resultsKey']);

    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'PROJECT#p', sk: 'RUN#r1' },
      UpdateExpression: 'REMOVE #resultsKey',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#resultsKey': 'resultsKey' },
    });
  });

  it('refuses an update with no field to set or remove, without calling DynamoDB', async () => {
    await expect(
      updateRun(ddb, TABLE, 'p', 'r1', { runId: 'other', testsNote: undefined }),
    ).rejects.toThrow(
      'updateRun of run "r1" needs at least one field to set or remove',
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('refuses to set and remove the same field, without calling DynamoDB', async () => {
    await expect(
      updateRun(ddb, TABLE, 'p', 'r1', { error: { message: 'm' } }, ['error']),
    ).rejects.toThrow('updateRun of run "r1" cannot both set and remove field "error"');
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe('Function: getRun', () => {
  it('returns the record without its table keys', async () => {
    ddbMock
      .on(GetCommand)
      .resolves({ Item: { pk: 'PROJECT#p', sk: 'RUN#r', ...run() } });

    const record = await getRun(ddb, TABLE, 'spam#filter', 'spam-v1-abc');

    expect(record).toEqual(run());
    expect(ddbMock.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'PROJECT#spam%23filter', sk: 'RUN#spam-v1-abc' },
    });
  });

  it('returns undefined when there is no such run', async () => {
    ddbMock.on(GetCommand).resolves({});

    expect(await getRun(ddb, TABLE, 'p', 'r')).toBeUndefined();
  });
});

describe('Function: listRuns and latestRunOfVersion', () => {
  const late = run({ runId: 'r-late', uploadedAtEpochMs: 3_000 });
  const early = run({ runId: 'r-early', uploadedAtEpochMs: 1_000 });
  const other = run({ runId: 'r-v2', modelVersion: 'v2', uploadedAtEpochMs: 4_000 });

  beforeEach(() => {
    ddbMock
      .on(QueryCommand, { ExclusiveStartKey: undefined })
      .resolves({ Items: [late, other], LastEvaluatedKey: { pk: 'x', sk: 'y' } })
      .on(QueryCommand, { ExclusiveStartKey: { pk: 'x', sk: 'y' } })
      .resolves({ Items: [{ pk: 'a', sk: 'b', ...early }] });
  });

  it('returns the runs of every page, oldest upload first', async () => {
    const runs = await listRuns(ddb, TABLE, 'spam#filter');

    expect(runs).toEqual([early, late, other]);
    expect(ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
        ExpressionAttributeValues: {
          ':pk': 'PROJECT#spam%23filter',
          ':skPrefix': 'RUN#',
        },
        ExclusiveStartKey: undefined,
      },
      {
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
        ExpressionAttributeValues: {
          ':pk': 'PROJECT#spam%23filter',
          ':skPrefix': 'RUN#',
        },
        ExclusiveStartKey: { pk: 'x', sk: 'y' },
      },
    ]);
  });

  it('returns the latest upload of the given model version', async () => {
    expect(await latestRunOfVersion(ddb, TABLE, 'spam#filter', 'v1')).toEqual(late);
  });

  it('returns undefined for a model version with no runs', async () => {
    expect(await latestRunOfVersion(ddb, TABLE, 'spam#filter', 'v9')).toBeUndefined();
  });
});

describe('Function: putAggressorSummaries', () => {
  function summary(rank: number): AggressorSummary {
    return {
      id: `agg-${rank}`,
      rank,
      size: 10,
      share: 0.1,
      meanLoss: 1.5,
      lossRatio: 2,
      errorRate: null,
    };
  }
  function putRequest(s: AggressorSummary) {
    return {
      PutRequest: {
        Item: {
          pk: 'RUN#r1',
          sk: `AGGRESSOR#${String(s.rank).padStart(4, '0')}`,
          runId: 'r1',
          ...s,
        },
      },
    };
  }
  const noWait = { sleep: async () => undefined, random: () => 0.5 };

  it('writes 25 items a call', async () => {
    ddbMock.on(BatchWriteCommand).resolves({});
    const summaries = Array.from({ length: 26 }, (_, i) => summary(i + 1));

    await putAggressorSummaries(ddb, TABLE, 'r1', summaries, noWait);

    expect(ddbMock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input)).toEqual(
      [
        { RequestItems: { [TABLE]: summaries.slice(0, 25).map(putRequest) } },
        { RequestItems: { [TABLE]: [putRequest(summaries[25]!)] } },
      ],
    );
  });

  it('retries unprocessed items after a jittered wait until all are written', async () => {
    const waits: number[] = [];
    const [a, b] = [summary(1), summary(2)];
    ddbMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [putRequest(b)] } })
      .resolves({});

    await putAggressorSummaries(ddb, TABLE, 'r1', [a, b], {
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
    });

    const inputs = ddbMock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { RequestItems: { [TABLE]: [putRequest(a), putRequest(b)] } },
      { RequestItems: { [TABLE]: [putRequest(b)] } },
    ]);
    expect(waits).toEqual([25]);
  });

  it('throws a TransientError when items stay unprocessed', async () => {
    ddbMock
      .on(BatchWriteCommand)
      .resolves({ UnprocessedItems: { [TABLE]: [putRequest(summary(1))] } });

    const error = await putAggressorSummaries(ddb, TABLE, 'r1', [summary(1)], {
      ...noWait,
      maxAttempts: 3,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toBe(
      '1 aggressor summaries still unprocessed in table aggressors after 3 attempts',
    );
    expect(ddbMock.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });

  it('makes no call for an empty list', async () => {
    await putAggressorSummaries(ddb, TABLE, 'r1', [], noWait);

    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('refuses a rank outside 1..9999 or used twice', async () => {
    await expect(putAggressorSummaries(ddb, TABLE, 'r1', [summary(0)])).rejects.toThrow(
      'aggressor agg-0 of run r1: rank must be an integer from 1 to 9999, got 0',
    );
    await expect(
      putAggressorSummaries(ddb, TABLE, 'r1', [
        summary(2),
        { ...summary(2), id: 'dup' },
      ]),
    ).rejects.toThrow('aggressor dup of run r1: rank 2 is used twice');
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe('Function: deleteAggressorSummaries', () => {
  const key = (rank: number) => ({
    pk: 'RUN#r1',
    sk: `AGGRESSOR#${String(rank).padStart(4, '0')}`,
  });
  const query = (startKey?: Record<string, unknown>) => ({
    TableName: TABLE,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
    ExpressionAttributeValues: { ':pk': 'RUN#r1', ':skPrefix': 'AGGRESSOR#' },
    ProjectionExpression: 'pk, sk',
    ExclusiveStartKey: startKey,
  });
  const noWait = { sleep: async () => undefined, random: () => 0.5 };

  it("deletes the run's aggressor items of every page, 25 a call", async () => {
    const keys = Array.from({ length: 27 }, (_, i) => key(i + 1));
    ddbMock
      .on(QueryCommand, { ExclusiveStartKey: undefined })
      .resolves({ Items: keys.slice(0, 20), LastEvaluatedKey: keys[19] })
      .on(QueryCommand, { ExclusiveStartKey: keys[19] })
      .resolves({ Items: keys.slice(20) });
    ddbMock.on(BatchWriteCommand).resolves({});

    const deleted = await deleteAggressorSummaries(ddb, TABLE, 'r1', noWait);

    expect(deleted).toBe(27);
    expect(ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input)).toEqual([
      query(),
      query(keys[19]),
    ]);
    const deleteOf = (k: ReturnType<typeof key>) => ({ DeleteRequest: { Key: k } });
    expect(ddbMock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input)).toEqual(
      [
        { RequestItems: { [TABLE]: keys.slice(0, 25).map(deleteOf) } },
        { RequestItems: { [TABLE]: keys.slice(25).map(deleteOf) } },
      ],
    );
  });

  it('retries deletes DynamoDB leaves unprocessed', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [key(1), key(2)] });
    ddbMock
      .on(BatchWriteCommand)
      .resolvesOnce({
        UnprocessedItems: { [TABLE]: [{ DeleteRequest: { Key: key(2) } }] },
      })
      .resolves({});

    await deleteAggressorSummaries(ddb, TABLE, 'r1', noWait);

    expect(
      ddbMock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input)[1],
    ).toEqual({ RequestItems: { [TABLE]: [{ DeleteRequest: { Key: key(2) } }] } });
  });

  it('makes no write when the run has no aggressor items', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });

    expect(await deleteAggressorSummaries(ddb, TABLE, 'r1', noWait)).toBe(0);
    expect(ddbMock.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });
});
