import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { gate } from '../../cli/commands/gate.ts';
import { countStatuses } from '../../shared/tracking/counts.ts';
import { unreadableTestResult } from '../../shared/tracking/evaluate-test.ts';
import type { TestResult, TestStatus } from '../../shared/tracking/types.ts';
import { testsReport } from '../functions/notify/fixtures.ts';
import { s3Body } from '../shared/aws/s3-body.ts';
import { mockedStore } from './mocked-store.ts';

const s3Mock = mockClient(S3Client);
const ddbMock = mockClient(DynamoDBDocumentClient);
const store = mockedStore();

const record = (status: string, extra: object = {}) => ({
  pk: 'PROJECT#spam',
  sk: 'RUN#spam-v3-x',
  project: 'spam',
  modelVersion: 'v3',
  runId: 'spam-v3-x',
  status,
  uploadedAtEpochMs: 5,
  manifestKey: 'evaluations/spam/v3/manifest.json',
  ...extra,
});

const result = (name: string, status: TestStatus): TestResult => ({
  ...unreadableTestResult(name, 'reason'),
  status,
});

const TESTS_KEY = 'results/spam/v3/spam-v3-x/tests.json';

/** tests.json as RunTests writes it, with these tests. */
function serveReport(tests: TestResult[]): void {
  const report = testsReport({
    modelVersion: 'v3',
    runId: 'spam-v3-x',
    tests,
    counts: countStatuses(tests),
  });
  serveText(JSON.stringify(report));
}

function serveText(text: string): void {
  s3Mock
    .on(GetObjectCommand, { Bucket: 'b', Key: TESTS_KEY })
    .resolves({ Body: s3Body(text) });
}

beforeEach(() => {
  s3Mock.reset();
  ddbMock.reset();
});

describe('Function: gate', () => {
  it('passes when every test passed, improved or is not applicable', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [record('succeeded')] });
    const tests = [
      result('a', 'pass'),
      result('b', 'improved'),
      result('c', 'not-applicable'),
    ];
    serveReport(tests);

    const out = await gate(store, 'spam', 'v3');

    expect(out).toEqual({
      exitCode: 0,
      verdict: '3 tests, none failed, regressed or errored',
      runId: 'spam-v3-x',
      tests,
      previous: { runId: 'spam-v1-xyz', modelVersion: 'v1' },
    });
    expect(ddbMock.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: 't',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
      ExpressionAttributeValues: { ':pk': 'PROJECT#spam', ':skPrefix': 'RUN#' },
      ExclusiveStartKey: undefined,
    });
  });

  it('fails when a test failed, regressed or errored, naming each', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [record('succeeded')] });
    serveReport([
      result('a', 'fail'),
      result('b', 'regressed'),
      result('c', 'error'),
      result('d', 'pass'),
    ]);

    const out = await gate(store, 'spam', 'v3');

    expect(out.exitCode).toBe(1);
    expect(out.verdict).toBe('3 of 4 tests: a fail, b regressed, c error');
  });

  it('fails a failed run with its error, and a run not finished', async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({ Items: [record('failed', { error: { message: 'bad bundle' } })] })
      .resolvesOnce({ Items: [record('running')] });

    const failed = await gate(store, 'spam', 'v3');
    const running = await gate(store, 'spam', 'v3');

    expect(failed).toEqual({
      exitCode: 1,
      verdict: 'run spam-v3-x is failed: bad bundle',
      runId: 'spam-v3-x',
      tests: [],
    });
    expect(running.verdict).toBe('run spam-v3-x is running');
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('fails a succeeded run that has no test results', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [record('succeeded')] });
    s3Mock
      .on(GetObjectCommand)
      .rejects(Object.assign(new Error('missing'), { name: 'NoSuchKey' }));

    const out = await gate(store, 'spam', 'v3');

    expect(out).toMatchObject({
      exitCode: 1,
      verdict: 'run spam-v3-x has no test results (tests.json)',
    });
  });

  it('fails a run whose tests.json is malformed, naming the key, line, field and value', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [record('succeeded')] });
    const tests = [result('a', 'pass'), { ...result('b', 'pass'), status: 'passed' }];
    const text = JSON.stringify(testsReport({ tests: tests as TestResult[] }), null, 2);
    serveText(text);
    const line = text.split('\n').findIndex((l) => l.includes('"passed"')) + 1;

    const out = await gate(store, 'spam', 'v3');

    expect(out.exitCode).toBe(1);
    expect(out.verdict).toBe(
      `run spam-v3-x's test results are unreadable: s3://b/${TESTS_KEY} line ${line}, ` +
        'field "tests[1].status": expected a status: "pass", "fail", "regressed", ' +
        '"improved", "not-applicable", "error", got "passed"',
    );
  });

  it('fails a run whose tests.json has no tests list, instead of crashing', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [record('succeeded')] });
    const { tests: _tests, ...withoutTests } = testsReport();
    serveText(JSON.stringify(withoutTests));

    const out = await gate(store, 'spam', 'v3');

    expect(out).toEqual({
      exitCode: 1,
      verdict:
        `run spam-v3-x's test results are unreadable: s3://b/${TESTS_KEY}, ` +
        'field "tests": missing; expected tests as a list',
      runId: 'spam-v3-x',
      tests: [],
    });
  });
});
