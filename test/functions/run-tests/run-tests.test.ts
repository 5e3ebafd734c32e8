import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BaselineNotFoundError,
  RunTestsStateError,
} from '../../../functions/run-tests/errors.ts';
import { encodeNpy } from '../../../shared/bundle/npy.ts';
import { runTests } from '../../../functions/run-tests/run-tests.ts';
import type { PipelineState } from '../../../shared/pipeline/types.ts';
import type { TrackedRun } from '../../../shared/tracking/tracked-run.ts';
import type { RunTestsReport } from '../../../shared/tracking/types.ts';
import { testDeps } from '../../shared/aws/test-deps.ts';
import { classificationRun, htmlRuleTest } from '../../shared/tracking/fixtures.ts';
import { jsonLines, serveObjects, type Objects } from './s3-objects.ts';

const s3Mock = mockClient(S3Client);
const ddbMock = mockClient(DynamoDBDocumentClient);

const PREVIOUS_RUN = 'spam-v1-aaa';
const RUN_ID = 'spam-v2-bbb';
const UPLOADED = 2_000;
const STATE: PipelineState = {
  bucket: 'test-bucket',
  manifestKey: 'evaluations/spam/v2/manifest.json',
  runId: RUN_ID,
  uploadedAtEpochMs: UPLOADED,
  prepared: {
    bucket: 'test-bucket',
    runId: RUN_ID,
    project: 'spam',
    modelVersion: 'v2',
    sampleCount: 400,
    poolCount: 0,
    needsInference: false,
    shards: [],
  },
  analyzed: {
    resultsKey: `results/spam/v2/${RUN_ID}/aggressors.json`,
    aggressorCount: 1,
    counts: { samples: 400, quarantined: 0, failed: 0 },
    overall: { meanLoss: 0.5, errorRate: 0.1, accuracy: 0.9 },
  },
};
const PREVIOUS_RECORD = {
  pk: 'PROJECT#spam',
  sk: `RUN#${PREVIOUS_RUN}`,
  project: 'spam',
  modelVersion: 'v1',
  runId: PREVIOUS_RUN,
  status: 'succeeded',
  uploadedAtEpochMs: 1_000,
  manifestKey: 'evaluations/spam/v1/manifest.json',
  resultsKey: `results/spam/v1/${PREVIOUS_RUN}/aggressors.json`,
};
const CURRENT_RECORD = {
  ...PREVIOUS_RECORD,
  sk: `RUN#${RUN_ID}`,
  modelVersion: 'v2',
  runId: RUN_ID,
  status: 'running',
  uploadedAtEpochMs: UPLOADED,
};

const ids = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `s-${String(from + i).padStart(3, '0')}`);

const aggressor = (id: string, sampleIds: string[]) => ({
  id,
  rank: 1,
  size: sampleIds.length,
  meanLoss: 2,
  lossRatio: 4,
  errorRate: 0.6,
  impact: 0.5,
  hypothesis: 'html mail',
  sampleIds,
});

/** v1 and v2 of the same 400 samples: the html group's errors rise from 20% to 60%. */
function bucketObjects(): Objects {
  const v1 = classificationRun(PREVIOUS_RUN, { groupErrorRate: 0.2, seed: 1 });
  const v2 = classificationRun(RUN_ID, { groupErrorRate: 0.6, seed: 2 });
  const scores = (run: TrackedRun) =>
    jsonLines(run.samples.map(({ id, loss, correct }) => ({ id, loss, correct })));
  const metadata = (run: TrackedRun) =>
    jsonLines(run.samples.map(({ id, metadata }) => ({ id, metadata })));

  return new Map<string, string>([
    [`results/spam/v1/${PREVIOUS_RUN}/samples.jsonl`, scores(v1)],
    [`results/spam/v1/${PREVIOUS_RUN}/metadata.jsonl`, metadata(v1)],
    [
      `results/spam/v1/${PREVIOUS_RUN}/aggressors.json`,
      JSON.stringify({
        aggressors: [aggressor('p1', ids(0, 100)), aggressor('p2', ids(300, 320))],
      }),
    ],
    [`work/${RUN_ID}/samples.jsonl`, metadata(v2)],
    [
      `work/${RUN_ID}/run.json`,
      JSON.stringify({ project: 'spam', modelVersion: 'v2', task: 'classification' }),
    ],
    [`results/spam/v2/${RUN_ID}/samples.jsonl`, scores(v2)],
    [
      `results/spam/v2/${RUN_ID}/aggressors.json`,
      JSON.stringify({ aggressors: [aggressor('c1', ids(0, 90))] }),
    ],
    ['tests/spam/html-mail.json', JSON.stringify(htmlRuleTest())],
    [
      'tests/spam/gone.json',
      JSON.stringify(
        htmlRuleTest({ name: 'gone', membership: { kind: 'ids', sampleIds: ['x'] } }),
      ),
    ],
    ['tests/spam/broken.json', '{"schemaVersion": 1, "name": "broken", "metric": 7}'],
  ]);
}

let objects: Objects;

beforeEach(() => {
  s3Mock.reset();
  ddbMock.reset();
  objects = bucketObjects();
  serveObjects(s3Mock, objects);
  ddbMock.on(QueryCommand).resolves({ Items: [CURRENT_RECORD, PREVIOUS_RECORD] });
  ddbMock.on(PutCommand).resolves({});
  ddbMock.on(UpdateCommand).resolves({});
});

function storedReport(): RunTestsReport {
  return JSON.parse(String(objects.get(`results/spam/v2/${RUN_ID}/tests.json`)));
}

describe('Function: runTests', () => {
  it('evaluates every saved test against the previous version and answers the counts', async () => {
    const { deps } = testDeps();

    const out = await runTests(STATE, deps);

    expect(out).toEqual({
      evaluated: 3,
      note:
        '3 tests: 1 regressed, 1 not-applicable, 1 error; ' +
        'aggressors: 1 persisting, 0 new, 1 resolved',
      testsKey: `results/spam/v2/${RUN_ID}/tests.json`,
      counts: {
        pass: 0,
        fail: 0,
        regressed: 1,
        improved: 0,
        'not-applicable': 1,
        error: 1,
      },
      aggressors: { persisting: 1, new: 0, resolved: 1 },
      previousRunId: PREVIOUS_RUN,
    });
  });

  it('still answers the tests, without a report key, when the report cannot be built', async () => {
    const { deps, logs } = testDeps();

    const out = await runTests(STATE, deps);

    // The fixture's aggressors.json lacks what the report reads (overall, representatives).
    expect(out.reportKey).toBeUndefined();
    expect(objects.has(`results/spam/v2/${RUN_ID}/report.html`)).toBe(false);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'report not written',
        fields: expect.objectContaining({ runId: RUN_ID }),
      }),
    );
  });

  it('stores each test result in tests.json; the bad file is an error naming its field and value', async () => {
    const { deps } = testDeps();

    await runTests(STATE, deps);

    const report = storedReport();
    const byName = new Map(report.tests.map((t) => [t.name, t]));
    expect(report.previous).toEqual({
      runId: PREVIOUS_RUN,
      modelVersion: 'v1',
      uploadedAtEpochMs: 1_000,
    });
    expect(byName.get('html-mail')).toMatchObject({
      status: 'regressed',
      members: 100,
      previousMembers: 100,
    });
    expect(byName.get('gone')?.status).toBe('not-applicable');
    expect(byName.get('broken')?.status).toBe('error');
    expect(byName.get('broken')?.message).toBe(
      's3://test-bucket/tests/spam/broken.json line 1, field "metric": ' +
        'expected metric "meanLoss", "errorRate", "accuracy", got 7',
    );
    expect(report.aggressors.matches[0]).toMatchObject({
      id: 'c1',
      state: 'persisting',
      previousId: 'p1',
      overlap: 0.9,
    });
    expect(report.aggressors.resolved).toEqual([
      { previousId: 'p2', size: 20, meanLoss: 2 },
    ]);
  });

  it('keeps the run metadata past work/ and writes one history item per test', async () => {
    const { deps } = testDeps();

    await runTests(STATE, deps);

    expect(objects.get(`results/spam/v2/${RUN_ID}/metadata.jsonl`)).toBe(
      objects.get(`work/${RUN_ID}/samples.jsonl`),
    );
    const puts = ddbMock.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts).toHaveLength(3);
    const html = storedReport().tests.find((t) => t.name === 'html-mail');
    expect(puts.find((p) => p.Item?.name === 'html-mail')).toEqual({
      TableName: 'test-table',
      Item: {
        pk: 'TEST#spam#html-mail',
        sk: `RESULT#000000000002000#${RUN_ID}`,
        ...html,
        project: 'spam',
        modelVersion: 'v2',
        runId: RUN_ID,
        uploadedAtEpochMs: UPLOADED,
      },
    });
  });

  it('reads the run metadata it keeps once, from work/, not back from its copy', async () => {
    const { deps } = testDeps();

    await runTests(STATE, deps);
    const reads = s3Mock
      .commandCalls(GetObjectCommand)
      .map((call) => call.args[0].input.Key);

    expect(reads).not.toContain(`results/spam/v2/${RUN_ID}/metadata.jsonl`);
    expect(reads).toContain(`work/${RUN_ID}/samples.jsonl`);
  });

  it('sets the summary on the run record', async () => {
    const { deps } = testDeps();

    const out = await runTests(STATE, deps);

    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'test-table',
      Key: { pk: 'PROJECT#spam', sk: `RUN#${RUN_ID}` },
      UpdateExpression: 'SET #testsNote = :testsNote',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#testsNote': 'testsNote' },
      ExpressionAttributeValues: { ':testsNote': out.note },
    });
    expect(ddbMock.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: 'test-table',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
      ExpressionAttributeValues: { ':pk': 'PROJECT#spam', ':skPrefix': 'RUN#' },
      ExclusiveStartKey: undefined,
    });
  });

  it('without a previous run, every test passes or not, and every aggressor is new', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [CURRENT_RECORD] });
    const { deps } = testDeps();

    const out = await runTests(STATE, deps);

    expect(out.previousRunId).toBeNull();
    expect(out.aggressors).toEqual({ persisting: 0, new: 1, resolved: 0 });
    expect(storedReport().tests.find((t) => t.name === 'html-mail')?.status).toBe(
      'pass',
    );
  });

  it('with no saved tests, evaluates none and still tracks the aggressors', async () => {
    for (const key of [...objects.keys()])
      if (key.startsWith('tests/')) objects.delete(key);
    const { deps } = testDeps();

    const out = await runTests(STATE, deps);

    expect(out.evaluated).toBe(0);
    expect(out.note).toBe(
      'no saved tests; aggressors: 1 persisting, 0 new, 1 resolved',
    );
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('compares with nothing, and logs why, when the previous run results are gone', async () => {
    objects.delete(`results/spam/v1/${PREVIOUS_RUN}/samples.jsonl`);
    const { deps, logs } = testDeps();

    const out = await runTests(STATE, deps);

    expect(out.previousRunId).toBeNull();
    expect(logs).toContainEqual({
      level: 'warn',
      message: 'previous run results missing',
      fields: {
        runId: RUN_ID,
        previousRunId: PREVIOUS_RUN,
        key: `results/spam/v1/${PREVIOUS_RUN}/samples.jsonl`,
      },
    });
  });

  it('evaluates a region test on reference embeddings matched by id, and errs on a bad reference', async () => {
    const sampleIds = ids(0, 400);
    const rows = sampleIds.map((_, i) => (i < 100 ? [5, 5] : [0, 0]));
    const region = (name: string, embeddingsKey: string) =>
      htmlRuleTest({
        name,
        membership: {
          kind: 'region',
          centre: [5, 5],
          radius: 1,
          reference: { embeddingsKey, sampleIds },
        },
      });
    objects.set(
      'tests/spam/html-region.reference.npy',
      encodeNpy(Float32Array.from(rows.flat()), 400, 2),
    );
    objects.set(
      'tests/spam/html-region.json',
      JSON.stringify(region('html-region', 'tests/spam/html-region.reference.npy')),
    );
    objects.set(
      'tests/spam/lost-region.json',
      JSON.stringify(region('lost-region', 'tests/spam/lost-region.reference.npy')),
    );
    const { deps } = testDeps();

    await runTests(STATE, deps);

    const byName = new Map(storedReport().tests.map((t) => [t.name, t]));
    const rule = byName.get('html-mail');
    expect(byName.get('html-region')).toMatchObject({
      status: 'regressed',
      membership: 'region',
      members: 100,
      value: rule?.value,
      previousValue: rule?.previousValue,
    });
    expect(byName.get('lost-region')).toMatchObject({
      status: 'error',
      membership: 'region',
      message: 'no object at s3://test-bucket/tests/spam/lost-region.reference.npy',
    });
  });

  it('never takes an earlier upload of the same model version as the previous version', async () => {
    const retry = { ...PREVIOUS_RECORD, sk: 'RUN#spam-v2-old', runId: 'spam-v2-old' };
    const olderV2 = { ...retry, modelVersion: 'v2', uploadedAtEpochMs: 1_500 };
    ddbMock
      .on(QueryCommand)
      .resolves({ Items: [CURRENT_RECORD, olderV2, PREVIOUS_RECORD] });
    const { deps } = testDeps();

    await runTests(STATE, deps);

    expect(storedReport().previous).toEqual({
      runId: PREVIOUS_RUN,
      modelVersion: 'v1',
      uploadedAtEpochMs: 1_000,
    });
  });

  it("compares with the manifest's baseline version, and fails naming it when it never ran", async () => {
    const context = { project: 'spam', modelVersion: 'v2', task: 'classification' };
    objects.set(
      `work/${RUN_ID}/run.json`,
      JSON.stringify({ ...context, baseline: 'v1' }),
    );
    const { deps } = testDeps();

    await runTests(STATE, deps);
    expect(storedReport().previous?.runId).toBe(PREVIOUS_RUN);

    objects.set(
      `work/${RUN_ID}/run.json`,
      JSON.stringify({ ...context, baseline: 'v0' }),
    );
    await expect(runTests(STATE, deps)).rejects.toThrow(
      's3://test-bucket/evaluations/spam/v2/manifest.json, field "baseline": ' +
        'no succeeded run of model version "v0" in ' +
        'project "spam" was uploaded before this run (it has no runs), so there is ' +
        'no version to compare with',
    );

    const running = { ...PREVIOUS_RECORD, modelVersion: 'v0', status: 'running' };
    ddbMock.on(QueryCommand).resolves({ Items: [CURRENT_RECORD, running] });
    const error = await runTests(STATE, deps).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BaselineNotFoundError);
    expect((error as BaselineNotFoundError).toRecord()).toMatchObject({
      file: 's3://test-bucket/evaluations/spam/v2/manifest.json',
      field: 'baseline',
      value: 'v0',
    });
    await expect(runTests(STATE, deps)).rejects.toThrow(
      '(its runs: 1 running; a succeeded one must be uploaded before this one)',
    );
  });

  it('refuses a state Analyze did not complete', async () => {
    const { deps } = testDeps();

    await expect(runTests({ ...STATE, analyzed: undefined }, deps)).rejects.toThrow(
      new RunTestsStateError(RUN_ID, '$.analyzed'),
    );
  });
});
