import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';

import { analyze } from '../../../functions/analyze/analyze.ts';
import { AnalyzeStateError } from '../../../functions/analyze/errors.ts';
import { analyzeRun } from '../../../shared/analysis/analyze.ts';
import { SampleInputError } from '../../../shared/analysis/errors.ts';
import type { SampleOutput } from '../../../shared/analysis/types.ts';
import { BundleError } from '../../../shared/bundle/errors.ts';
import type { PipelineState } from '../../../shared/pipeline/types.ts';
import { s3Body } from '../../shared/aws/s3-body.ts';
import { testDeps } from '../../shared/aws/test-deps.ts';
import { plantedClusters, toRows } from '../../shared/analysis/planted.ts';

const s3Mock = mockClient(S3Client);
const ddbMock = mockClient(DynamoDBDocumentClient);

const BUCKET = 'test-bucket';
const TABLE = 'test-table';
const RUN_ID = 'spam-v2-abc123';
const MANIFEST_KEY = 'evaluations/spam/v2/manifest.json';
const RESULTS_PREFIX = `results/spam/v2/${RUN_ID}/`;
const OUTPUT_KEYS = [
  `work/${RUN_ID}/outputs/00000.jsonl`,
  `work/${RUN_ID}/outputs/00001.jsonl`,
];
const MANIFEST = {
  schemaVersion: 1,
  project: 'spam',
  modelVersion: 'v2',
  task: 'classification',
  classes: ['ham', 'spam'],
  scores: 'probabilities',
  samples: 'samples.jsonl',
};
const STATE: PipelineState = {
  bucket: BUCKET,
  manifestKey: MANIFEST_KEY,
  runId: RUN_ID,
  uploadedAtEpochMs: 1_765_000_000_000,
  prepared: {
    bucket: BUCKET,
    runId: RUN_ID,
    project: 'spam',
    modelVersion: 'v2',
    sampleCount: 240,
    needsInference: true,
    endpoint: 'spam-endpoint',
    shards: [],
  },
};

interface RunLines {
  samples: Array<{ id: string; label: string; metadata: Record<string, number> }>;
  outputs: SampleOutput[];
}

/** 240 samples in three planted groups; the model is wrong on group 2 (40 samples). */
function plantedLines(): RunLines {
  const data = plantedClusters([120, 80, 40], 4, 8, 3);
  const samples: RunLines['samples'] = [];
  const outputs: SampleOutput[] = [];
  toRows(data.points, 4).forEach((embedding, i) => {
    const id = `m-${String(i).padStart(3, '0')}`;
    const group = data.truth[i]!;
    const pSpam = group === 2 ? 0.85 : 0.1;
    samples.push({ id, label: 'ham', metadata: { group } });
    outputs.push({ id, embedding, scores: [1 - pSpam, pSpam] });
  });

  return { samples, outputs };
}

const jsonl = (values: unknown[]) =>
  values.map((v) => JSON.stringify(v) + '\n').join('');

function givenRun(lines: RunLines, outputText?: string[]): void {
  const half = lines.outputs.length / 2;
  const texts = outputText ?? [
    jsonl(lines.outputs.slice(0, half)),
    jsonl(lines.outputs.slice(half)),
  ];
  s3Mock
    .on(GetObjectCommand, { Bucket: BUCKET, Key: MANIFEST_KEY })
    .callsFake(() => ({ Body: s3Body(JSON.stringify(MANIFEST)) }));
  s3Mock
    .on(GetObjectCommand, { Bucket: BUCKET, Key: `work/${RUN_ID}/samples.jsonl` })
    .callsFake(() => ({ Body: s3Body(jsonl(lines.samples)) }));
  OUTPUT_KEYS.forEach((key, i) =>
    s3Mock
      .on(GetObjectCommand, { Bucket: BUCKET, Key: key })
      .callsFake(() => ({ Body: s3Body(texts[i]!) })),
  );
  s3Mock
    .on(ListObjectsV2Command)
    .resolves({ Contents: [...OUTPUT_KEYS].reverse().map((Key) => ({ Key })) });
  s3Mock.on(PutObjectCommand).resolves({});
  ddbMock.on(BatchWriteCommand).resolves({});
  ddbMock.on(UpdateCommand).resolves({});
}

function expectedAnalysis(lines: RunLines) {
  return analyzeRun({
    task: 'classification',
    classes: ['ham', 'spam'],
    scoreKind: 'probabilities',
    samples: lines.samples,
    outputs: lines.outputs,
  });
}

describe('Function: analyze', () => {
  beforeEach(() => {
    s3Mock.reset();
    ddbMock.reset();
  });

  it('writes per-sample scores and the results under the run results prefix', async () => {
    const lines = plantedLines();
    givenRun(lines);
    const { deps } = testDeps();
    const expected = expectedAnalysis(lines);

    await analyze(STATE, deps);

    const puts = s3Mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts).toEqual([
      {
        Bucket: BUCKET,
        Key: `${RESULTS_PREFIX}samples.jsonl`,
        Body: jsonl(expected.perSample),
        ContentType: 'application/x-ndjson',
      },
      {
        Bucket: BUCKET,
        Key: `${RESULTS_PREFIX}aggressors.json`,
        Body: JSON.stringify({
          schemaVersion: 1,
          project: 'spam',
          modelVersion: 'v2',
          runId: RUN_ID,
          status: 'succeeded',
          counts: expected.counts,
          overall: expected.overall,
          aggressors: expected.aggressors,
          clustering: expected.clustering,
        }),
        ContentType: 'application/json',
      },
    ]);
  });

  it('finds the planted group as the rank 1 aggressor in the stored results', async () => {
    const lines = plantedLines();
    givenRun(lines);
    const { deps } = testDeps();

    await analyze(STATE, deps);

    const stored = JSON.parse(
      s3Mock.commandCalls(PutObjectCommand)[1]!.args[0].input.Body as string,
    );
    const planted = lines.samples
      .filter((s) => s.metadata.group === 2)
      .map((s) => s.id);
    expect(stored.counts).toEqual({ samples: 240, quarantined: 0, failed: 0 });
    expect(stored.aggressors[0]).toMatchObject({
      rank: 1,
      sampleIds: planted,
      errorRate: 1,
    });
  });

  it('writes the aggressor summaries, then points the run record at the results', async () => {
    const lines = plantedLines();
    givenRun(lines);
    const { deps } = testDeps();
    const expected = expectedAnalysis(lines);

    await analyze(STATE, deps);

    const summaries = expected.aggressors.map((a) => ({
      PutRequest: {
        Item: {
          pk: `RUN#${RUN_ID}`,
          sk: `AGGRESSOR#${String(a.rank).padStart(4, '0')}`,
          runId: RUN_ID,
          id: a.id,
          rank: a.rank,
          size: a.size,
          share: a.share,
          meanLoss: a.meanLoss,
          lossRatio: a.lossRatio,
          errorRate: a.errorRate,
        },
      },
    }));
    expect(ddbMock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input)).toEqual(
      [{ RequestItems: { [TABLE]: summaries } }],
    );
    expect(ddbMock.commandCalls(UpdateCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: TABLE,
        Key: { pk: 'PROJECT#spam', sk: `RUN#${RUN_ID}` },
        UpdateExpression:
          'SET #counts = :counts, #overall = :overall, #resultsKey = :resultsKey, ' +
          '#aggressorCount = :aggressorCount',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: {
          '#counts': 'counts',
          '#overall': 'overall',
          '#resultsKey': 'resultsKey',
          '#aggressorCount': 'aggressorCount',
        },
        ExpressionAttributeValues: {
          ':counts': expected.counts,
          ':overall': expected.overall,
          ':resultsKey': `${RESULTS_PREFIX}aggressors.json`,
          ':aggressorCount': expected.aggressors.length,
        },
      },
    ]);
  });

  it('writes the results before the run record is updated', async () => {
    const order: string[] = [];
    givenRun(plantedLines());
    const record = (step: string) => (order.push(step), {});
    s3Mock.on(PutObjectCommand).callsFake((input) => record(input.Key));
    ddbMock.on(BatchWriteCommand).callsFake(() => record('summaries'));
    ddbMock.on(UpdateCommand).callsFake(() => record('run record'));
    const { deps } = testDeps();

    await analyze(STATE, deps);

    expect(order).toEqual([
      `${RESULTS_PREFIX}samples.jsonl`,
      `${RESULTS_PREFIX}aggressors.json`,
      'summaries',
      'run record',
    ]);
  });

  it('reads every output file and lists its prefix', async () => {
    givenRun(plantedLines());
    const { deps } = testDeps();

    await analyze(STATE, deps);

    expect(
      s3Mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input),
    ).toEqual([
      {
        Bucket: BUCKET,
        Prefix: `work/${RUN_ID}/outputs/`,
        ContinuationToken: undefined,
      },
    ]);
    expect(s3Mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: MANIFEST_KEY },
      { Bucket: BUCKET, Key: `work/${RUN_ID}/samples.jsonl` },
      ...OUTPUT_KEYS.map((Key) => ({ Bucket: BUCKET, Key })),
    ]);
  });

  it('returns the results key and counts, and logs them', async () => {
    const lines = plantedLines();
    lines.outputs[5] = { id: lines.outputs[5]!.id, error: 'ModelError: 400' };
    givenRun(lines);
    const { deps, logs } = testDeps();

    const analyzed = await analyze(STATE, deps);

    expect(analyzed).toEqual({
      resultsKey: `${RESULTS_PREFIX}aggressors.json`,
      aggressorCount: expectedAnalysis(lines).aggressors.length,
      sampleCount: 240,
      failedCount: 1,
    });
    expect(logs).toEqual([
      {
        level: 'info',
        message: 'run analysed',
        fields: {
          runId: RUN_ID,
          samples: 240,
          quarantined: 0,
          failed: 1,
          k: 5,
          aggressorCount: analyzed.aggressorCount,
          durationMs: 0,
        },
      },
    ]);
  });

  it('reads a null embedding entry as non-finite and quarantines the sample', async () => {
    const lines = plantedLines();
    const text = jsonl(lines.outputs.slice(0, 120)).replace(
      /"embedding":\[[^,]+,/,
      '"embedding":[null,',
    );
    givenRun(lines, [text, jsonl(lines.outputs.slice(120))]);
    const { deps } = testDeps();

    await analyze(STATE, deps);

    const update = ddbMock.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ExpressionAttributeValues?.[':counts']).toEqual({
      samples: 240,
      quarantined: 1,
      failed: 0,
    });
  });

  it('refuses a bad output line, naming file, line, field and value, and writes nothing', async () => {
    const lines = plantedLines();
    const bad = jsonl(lines.outputs.slice(120)).split('\n');
    bad[2] = JSON.stringify({ ...lines.outputs[122], scores: 'high' });
    givenRun(lines, [jsonl(lines.outputs.slice(0, 120)), bad.join('\n')]);
    const { deps } = testDeps();

    const error = await analyze(STATE, deps).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).toRecord()).toEqual({
      message:
        `s3://${BUCKET}/${OUTPUT_KEYS[1]} line 3, field "scores": ` +
        'Invalid input: expected array, received string, got "high"',
      file: `s3://${BUCKET}/${OUTPUT_KEYS[1]}`,
      line: 3,
      field: 'scores',
      value: 'high',
    });
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('refuses a sample with no output line, naming the sample', async () => {
    const lines = plantedLines();
    givenRun(lines, [
      jsonl(lines.outputs.slice(1, 120)),
      jsonl(lines.outputs.slice(120)),
    ]);
    const { deps } = testDeps();

    const error = await analyze(STATE, deps).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SampleInputError);
    expect((error as SampleInputError).toRecord()).toEqual({
      message: 'sample m-000: field output must be one output line, got nothing',
      field: 'output',
      value: 'nothing',
    });
  });

  it('refuses a state without the output of Prepare', async () => {
    const { deps } = testDeps();

    const act = analyze({ ...STATE, prepared: undefined }, deps);

    await expect(act).rejects.toThrow(AnalyzeStateError);
    await expect(act).rejects.toThrow(
      `run ${RUN_ID}: Analyze needs $.prepared in the execution state, got nothing`,
    );
  });
});
