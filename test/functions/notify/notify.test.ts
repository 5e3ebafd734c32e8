import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { NotifyStateError } from '../../../functions/notify/errors.ts';
import { notify } from '../../../functions/notify/notify.ts';
import { toTaskError } from '../../../shared/aws/task-errors.ts';
import { bundleError } from '../../../shared/bundle/errors.ts';
import type { PipelineState } from '../../../shared/pipeline/types.ts';
import { TEST_NOW_EPOCH_MS, testDeps } from '../../shared/aws/test-deps.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);

const WEBHOOK = 'https://hooks.example.com/aggressors';
const NO_WAIT = { sleep: async () => undefined, random: () => 0.5 };
const BASE_STATE: PipelineState = {
  bucket: 'test-bucket',
  manifestKey: 'evaluations/spam/v2/manifest.json',
  runId: 'spam-v2-abc',
  uploadedAtEpochMs: 1_000,
};
const SUCCEEDED: PipelineState = {
  ...BASE_STATE,
  analyzed: {
    resultsKey: 'results/spam/v2/spam-v2-abc/aggressors.json',
    aggressorCount: 3,
    counts: { samples: 100, quarantined: 1, failed: 2 },
    overall: { meanLoss: 0.25, errorRate: 0.1, accuracy: 0.9 },
  },
};
const RUN_KEY = { pk: 'PROJECT#spam', sk: 'RUN#spam-v2-abc' };

/** The Catch output of a Lambda task that threw `error`, as Step Functions stores it. */
function caughtFromLambda(error: unknown) {
  const thrown = toTaskError(error) as Error;
  const cause = {
    errorType: thrown.name,
    errorMessage: thrown.message,
    trace: ['at x'],
  };

  return { Error: thrown.name, Cause: JSON.stringify(cause) };
}

function fetchReturning(...outcomes: (number | Error)[]) {
  const queue = [...outcomes];
  return vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => {
    const next = queue.length > 1 ? queue.shift() : queue[0];
    if (next instanceof Error) throw next;
    return new Response('', { status: next });
  });
}

let sinkDir: string | undefined;

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(UpdateCommand).resolves({});
});

afterEach(async () => {
  if (sinkDir) await rm(sinkDir, { recursive: true, force: true });
  sinkDir = undefined;
});

describe('Function: notify', () => {
  it('records a BundleError with its file, line, field and value on a failed run, removing any results fields', async () => {
    const error = bundleError(
      { file: 's3://b/evaluations/spam/v2/samples.jsonl', line: 7, field: 'label' },
      'expected one of the classes "ham", "spam", got "eggs"',
      'eggs',
    );
    const state = { ...BASE_STATE, failure: caughtFromLambda(error) };
    const { deps } = testDeps();

    const out = await notify(state, deps, NO_WAIT);

    expect(out).toEqual({ status: 'failed', delivered: false });
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'test-table',
      Key: RUN_KEY,
      UpdateExpression:
        'SET #status = :status, #finishedAtEpochMs = :finishedAtEpochMs, #error = :error ' +
        'REMOVE #counts, #overall, #resultsKey, #aggressorCount',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#finishedAtEpochMs': 'finishedAtEpochMs',
        '#error': 'error',
        '#counts': 'counts',
        '#overall': 'overall',
        '#resultsKey': 'resultsKey',
        '#aggressorCount': 'aggressorCount',
      },
      ExpressionAttributeValues: {
        ':status': 'failed',
        ':finishedAtEpochMs': TEST_NOW_EPOCH_MS,
        ':error': {
          message: error.message,
          file: 's3://b/evaluations/spam/v2/samples.jsonl',
          line: 7,
          field: 'label',
          value: 'eggs',
        },
      },
    });
  });

  it('records the message of an error that carries no details', async () => {
    const state = {
      ...BASE_STATE,
      failure: caughtFromLambda(new Error('endpoint "x" was not found')),
    };
    const { deps } = testDeps();

    await notify(state, deps, NO_WAIT);

    const values =
      ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues;
    expect(values?.[':error']).toEqual({ message: 'endpoint "x" was not found' });
  });

  it('marks the run succeeded, points it at the results and removes an earlier error', async () => {
    const { deps } = testDeps();

    await notify(SUCCEEDED, deps, NO_WAIT);

    expect(ddbMock.commandCalls(UpdateCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'test-table',
        Key: RUN_KEY,
        UpdateExpression:
          'SET #status = :status, #finishedAtEpochMs = :finishedAtEpochMs, ' +
          '#counts = :counts, #overall = :overall, #resultsKey = :resultsKey, ' +
          '#aggressorCount = :aggressorCount REMOVE #error',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#finishedAtEpochMs': 'finishedAtEpochMs',
          '#counts': 'counts',
          '#overall': 'overall',
          '#resultsKey': 'resultsKey',
          '#aggressorCount': 'aggressorCount',
          '#error': 'error',
        },
        ExpressionAttributeValues: {
          ':status': 'succeeded',
          ':finishedAtEpochMs': TEST_NOW_EPOCH_MS,
          ':counts': { samples: 100, quarantined: 1, failed: 2 },
          ':overall': { meanLoss: 0.25, errorRate: 0.1, accuracy: 0.9 },
          ':resultsKey': 'results/spam/v2/spam-v2-abc/aggressors.json',
          ':aggressorCount': 3,
        },
      },
    ]);
  });

  it('does not point a run that failed after Analyze at its results', async () => {
    sinkDir = await mkdtemp(join(tmpdir(), 'aggressors-sink-'));
    const state = {
      ...SUCCEEDED,
      failure: { Error: 'States.Timeout', Cause: 'RunTests timed out' },
    };
    const { deps } = testDeps({ localSinkDir: sinkDir });

    const out = await notify(state, deps, NO_WAIT);

    expect(out).toEqual({ status: 'failed', delivered: true });
    const update = ddbMock.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.UpdateExpression).toBe(
      'SET #status = :status, #finishedAtEpochMs = :finishedAtEpochMs, #error = :error ' +
        'REMOVE #counts, #overall, #resultsKey, #aggressorCount',
    );
    expect(update.ExpressionAttributeValues?.[':resultsKey']).toBeUndefined();
    const alert = JSON.parse(await readFile(join(sinkDir, 'alerts.jsonl'), 'utf-8'));
    expect(alert).toMatchObject({
      status: 'failed',
      aggressorCount: null,
      resultsKey: null,
    });
  });

  it('refuses the success path without the output of Analyze, changing nothing', async () => {
    const { deps } = testDeps();

    const act = notify(BASE_STATE, deps, NO_WAIT);

    await expect(act).rejects.toThrow(NotifyStateError);
    await expect(act).rejects.toThrow(
      'run spam-v2-abc: Notify on the success path needs $.analyzed in the execution ' +
        'state, got nothing',
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('posts the summary of a succeeded run to the webhook', async () => {
    const fetch = fetchReturning(200);
    const { deps } = testDeps({ webhookUrl: WEBHOOK }, { fetch });

    const out = await notify(SUCCEEDED, deps, NO_WAIT);

    expect(out).toEqual({ status: 'succeeded', delivered: true });
    expect(fetch.mock.calls).toEqual([
      [
        WEBHOOK,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            runId: 'spam-v2-abc',
            project: 'spam',
            modelVersion: 'v2',
            status: 'succeeded',
            aggressorCount: 3,
            resultsKey: 'results/spam/v2/spam-v2-abc/aggressors.json',
            text: 'aggressors: run of spam v2 succeeded, 3 aggressors found',
          }),
        },
      ],
    ]);
  });

  it('retries a webhook answering 5xx with backoff, then delivers', async () => {
    const fetch = fetchReturning(503, 502, 200);
    const waits: number[] = [];
    const { deps, logs } = testDeps({ webhookUrl: WEBHOOK }, { fetch });

    const out = await notify(SUCCEEDED, deps, {
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
      baseDelayMs: 100,
    });

    expect(out.delivered).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([50, 100]);
    expect(logs.filter((l) => l.message === 'webhook delivery failed')).toEqual([
      {
        level: 'warn',
        message: 'webhook delivery failed',
        fields: { attempt: 1, reason: 'HTTP 503' },
      },
      {
        level: 'warn',
        message: 'webhook delivery failed',
        fields: { attempt: 2, reason: 'HTTP 502' },
      },
    ]);
  });

  it('returns delivered false without throwing when the webhook stays unreachable', async () => {
    const fetch = fetchReturning(new TypeError('fetch failed'));
    const { deps } = testDeps({ webhookUrl: WEBHOOK }, { fetch });

    const out = await notify(SUCCEEDED, deps, { ...NO_WAIT, maxAttempts: 3 });

    expect(out).toEqual({ status: 'succeeded', delivered: false });
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('does not retry a webhook that answers 4xx', async () => {
    const fetch = fetchReturning(404, 200);
    const { deps } = testDeps({ webhookUrl: WEBHOOK }, { fetch });

    const out = await notify(SUCCEEDED, deps, NO_WAIT);

    expect(out.delivered).toBe(false);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('appends the summary to the local sink when no webhook is set', async () => {
    sinkDir = await mkdtemp(join(tmpdir(), 'aggressors-sink-'));
    const state = {
      ...BASE_STATE,
      failure: { Error: 'States.Timeout', Cause: 'Task timed out' },
    };
    const { deps } = testDeps({ localSinkDir: join(sinkDir, 'alerts') });

    await notify(SUCCEEDED, deps, NO_WAIT);
    const out = await notify(state, deps, NO_WAIT);

    expect(out).toEqual({ status: 'failed', delivered: true });
    const lines = (
      await readFile(join(sinkDir, 'alerts', 'alerts.jsonl'), 'utf-8')
    ).split('\n');
    expect(lines.map((line) => (line ? JSON.parse(line) : line))).toEqual([
      expect.objectContaining({ status: 'succeeded', aggressorCount: 3 }),
      {
        runId: 'spam-v2-abc',
        project: 'spam',
        modelVersion: 'v2',
        status: 'failed',
        aggressorCount: null,
        resultsKey: null,
        text: 'aggressors: run of spam v2 failed: Task timed out',
        error: { message: 'Task timed out' },
      },
      '',
    ]);
  });

  it('writes the whole run record when it is missing', async () => {
    ddbMock
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }),
      );
    ddbMock.on(PutCommand).resolves({});
    const state = {
      ...BASE_STATE,
      failure: { Error: 'States.Runtime', Cause: 'bad path' },
    };
    const { deps } = testDeps();

    await notify(state, deps, NO_WAIT);

    expect(ddbMock.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'test-table',
      Item: {
        ...RUN_KEY,
        project: 'spam',
        modelVersion: 'v2',
        runId: 'spam-v2-abc',
        status: 'failed',
        uploadedAtEpochMs: 1_000,
        manifestKey: 'evaluations/spam/v2/manifest.json',
        finishedAtEpochMs: TEST_NOW_EPOCH_MS,
        error: { message: 'bad path' },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });
});
