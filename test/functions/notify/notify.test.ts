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
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NotifyStateError } from '../../../functions/notify/errors.ts';
import { checkBlockKitLimits } from '../../../shared/alerts/block-kit-limits.ts';
import { deliveryIdOf } from '../../../shared/alerts/delivery-id.ts';
import type { RunTestsReport } from '../../../shared/tracking/types.ts';
import { s3Body } from '../../shared/aws/s3-body.ts';
import { testResult, testsReport } from './fixtures.ts';
import { notify } from '../../../functions/notify/notify.ts';
import { toTaskError } from '../../../shared/aws/task-errors.ts';
import { bundleError } from '../../../shared/bundle/errors.ts';
import type { PipelineState } from '../../../shared/pipeline/types.ts';
import { TEST_NOW_EPOCH_MS, testDeps } from '../../shared/aws/test-deps.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);

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

let sinkDir: string | undefined;

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(UpdateCommand).resolves({});
  ddbMock.on(PutCommand).resolves({});
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
    expect(alert.text).toBe('aggressors: spam v2: the run failed: RunTests timed out');
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

const s3Mock = mockClient(S3Client);
const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX';
const TESTS_KEY = 'results/spam/v2/spam-v2-abc/tests.json';
const WITH_TESTS: PipelineState = {
  ...SUCCEEDED,
  tests: { evaluated: 2, note: '2 tests evaluated', testsKey: TESTS_KEY },
};

function storedReport(report: RunTestsReport) {
  s3Mock
    .on(GetObjectCommand, { Bucket: 'test-bucket', Key: TESTS_KEY })
    .callsFake(() => ({ Body: s3Body(JSON.stringify(report)) }));
}

function answering(status: number) {
  return vi.fn(
    async (_url: string | URL | Request, _init?: RequestInit) =>
      new Response('ok', { status }),
  );
}

describe('Function: notify, alerts', () => {
  beforeEach(() => {
    s3Mock.reset();
  });

  it('sends nothing for a run whose saved tests pass or improve', async () => {
    storedReport(
      testsReport({
        tests: [testResult({ status: 'improved' }), testResult({ status: 'pass' })],
      }),
    );
    const fetch = answering(200);
    const { deps, logs } = testDeps({ slackUrl: SLACK }, { fetch });

    const out = await notify(WITH_TESTS, deps, NO_WAIT);

    expect(out).toEqual({ status: 'succeeded', delivered: false });
    expect(fetch).not.toHaveBeenCalled();
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
    expect(logs.map((l) => l.message)).toContain(
      'nothing needs attention, no alert sent',
    );
  });

  it('sends nothing for a succeeded run with no saved tests', async () => {
    const fetch = answering(200);
    const { deps } = testDeps({ slackUrl: SLACK }, { fetch });

    const out = await notify(SUCCEEDED, deps, NO_WAIT);

    expect(out.delivered).toBe(false);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('posts one Block Kit message for a regression to Slack and records it delivered', async () => {
    storedReport(testsReport());
    const fetch = answering(200);
    const { deps } = testDeps({ slackUrl: SLACK }, { fetch });

    const out = await notify(WITH_TESTS, deps, NO_WAIT);

    expect(out).toEqual({ status: 'succeeded', delivered: true });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0]!;
    const message = JSON.parse(init?.body as string);
    expect(url).toBe(SLACK);
    expect(init?.headers).toEqual({ 'content-type': 'application/json' });
    expect(message.text).toBe('aggressors: spam v2 needs attention: 1 test regressed');
    expect(JSON.stringify(message.blocks)).toContain(
      'error rate: 0.120 → 0.250 (+0.130, 95% interval [0.050, 0.210])',
    );
    expect(checkBlockKitLimits(message)).toEqual([]);
    const recorded = ddbMock.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(recorded.at(-1)?.ExpressionAttributeValues).toEqual({
      ':state': 'delivered',
      ':attempts': 1,
      ':httpStatus': 200,
      ':reason': null,
      ':finishedAtEpochMs': TEST_NOW_EPOCH_MS,
    });
  });

  it('keeps a finalized run succeeded when the alert cannot be claimed, and logs why', async () => {
    storedReport(testsReport());
    const fetch = answering(200);
    const { deps, logs } = testDeps({ slackUrl: SLACK }, { fetch });
    ddbMock.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));

    const out = await notify(WITH_TESTS, deps, NO_WAIT);

    expect(out).toEqual({ status: 'succeeded', delivered: false });
    expect(fetch).not.toHaveBeenCalled();
    expect(logs).toContainEqual({
      level: 'error',
      message: 'alert not sent',
      fields: {
        runId: 'spam-v2-abc',
        reason: 'ProvisionedThroughputExceededException',
      },
    });
  });

  it('does not post again when the step is re-executed for the same run', async () => {
    storedReport(testsReport());
    const fetch = answering(200);
    const { deps, logs } = testDeps({ slackUrl: SLACK }, { fetch });
    await notify(WITH_TESTS, deps, NO_WAIT);
    ddbMock
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }),
      );

    const again = await notify(WITH_TESTS, deps, NO_WAIT);

    expect(again).toEqual({ status: 'succeeded', delivered: true });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(logs.filter((l) => l.message === 'alert already delivered')).toEqual([
      {
        level: 'info',
        message: 'alert already delivered',
        fields: {
          runId: 'spam-v2-abc',
          deliveryId: deliveryIdOf('spam-v2-abc', 'succeeded'),
          destination: 'slack',
        },
      },
    ]);
  });

  it('sends nothing for a regression when only failed runs are asked for', async () => {
    storedReport(testsReport());
    const fetch = answering(200);
    const alerts = { triggers: ['failed-runs' as const] };
    const { deps } = testDeps({ slackUrl: SLACK, alerts }, { fetch });

    const out = await notify(WITH_TESTS, deps, NO_WAIT);

    expect(out.delivered).toBe(false);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('alerts that the tests could not be evaluated when their result is unreadable', async () => {
    s3Mock.on(GetObjectCommand).rejects(new Error('AccessDenied'));
    sinkDir = await mkdtemp(join(tmpdir(), 'aggressors-sink-'));
    const { deps } = testDeps({ localSinkDir: sinkDir });

    const out = await notify(WITH_TESTS, deps, NO_WAIT);

    expect(out.delivered).toBe(true);
    const alert = JSON.parse(await readFile(join(sinkDir, 'alerts.jsonl'), 'utf-8'));
    expect(alert.text).toBe(
      'aggressors: spam v2 needs attention: 1 test could not be evaluated',
    );
    expect(JSON.stringify(alert.blocks)).toContain(
      `the tests result s3://test-bucket/${TESTS_KEY} could not be read: AccessDenied`,
    );
  });

  it('reports not delivered, and never logs the URL or the signing key, when Slack refuses', async () => {
    storedReport(testsReport());
    const fetch = answering(410);
    const { deps, logs } = testDeps(
      { webhookUrl: SLACK, webhookSigningSecret: 'k3y-never-logged' },
      { fetch },
    );

    const out = await notify(WITH_TESTS, deps, NO_WAIT);

    expect(out).toEqual({ status: 'succeeded', delivered: false });
    expect(fetch).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(logs);
    expect(logged).toContain('alert not delivered');
    expect(logged).not.toContain('XXXXSECRETXXXX');
    expect(logged).not.toContain('k3y-never-logged');
  });
});
