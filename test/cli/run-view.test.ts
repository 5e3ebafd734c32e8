import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadRunView } from '../../cli/run-view.ts';
import { TestsReportError } from '../../shared/tracking/errors.ts';
import { testsReport } from '../functions/notify/fixtures.ts';
import { s3Body } from '../shared/aws/s3-body.ts';
import { mockedStore } from './mocked-store.ts';

const s3Mock = mockClient(S3Client);
const ddbMock = mockClient(DynamoDBDocumentClient);
const store = mockedStore();

const RESULTS_KEY = 'results/spam/v3/spam-v3-x/aggressors.json';
const TESTS_KEY = 'results/spam/v3/spam-v3-x/tests.json';
const RUN = {
  pk: 'PROJECT#spam',
  sk: 'RUN#spam-v3-x',
  project: 'spam',
  modelVersion: 'v3',
  runId: 'spam-v3-x',
  status: 'succeeded',
  uploadedAtEpochMs: 5,
  manifestKey: 'evaluations/spam/v3/manifest.json',
  resultsKey: RESULTS_KEY,
};

function serve(objects: Record<string, string>): void {
  s3Mock.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
    const body = objects[Key];
    if (body === undefined)
      throw Object.assign(new Error('gone'), { name: 'NoSuchKey' });
    return { Body: s3Body(body) };
  });
}

beforeEach(() => {
  s3Mock.reset();
  ddbMock.reset();
  ddbMock.on(QueryCommand).resolves({ Items: [RUN] });
});

describe('Function: loadRunView', () => {
  it('shows a run before tracking, with no tests.json, without tests', async () => {
    serve({ [RESULTS_KEY]: JSON.stringify({ aggressors: [] }) });

    const view = await loadRunView(store, 'spam', 'v3');

    expect(view.runId).toBe('spam-v3-x');
    expect(view.aggressors).toEqual([]);
    expect(view.previous).toBeNull();
  });

  it('names the version the run was compared with, from its tests.json', async () => {
    serve({
      [RESULTS_KEY]: JSON.stringify({ aggressors: [] }),
      [TESTS_KEY]: JSON.stringify(testsReport()),
    });

    const view = await loadRunView(store, 'spam', 'v3');

    expect(view.previous).toEqual({ runId: 'spam-v1-xyz', modelVersion: 'v1' });
  });

  it('names the file and missing field of a bad tests.json instead of crashing', async () => {
    const { aggressors: _aggressors, ...noAggressors } = testsReport();
    serve({
      [RESULTS_KEY]: JSON.stringify({ aggressors: [] }),
      [TESTS_KEY]: JSON.stringify(noAggressors),
    });

    const loading = loadRunView(store, 'spam', 'v3');

    await expect(loading).rejects.toThrow(TestsReportError);
    await expect(loadRunView(store, 'spam', 'v3')).rejects.toThrow(
      `s3://b/${TESTS_KEY}, field "aggressors": missing`,
    );
  });
});
