import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
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
const RUN_CONTEXT_KEY = `work/${RUN_ID}/run.json`;
const RESULTS_PREFIX = `results/spam/v2/${RUN_ID}/`;
const OUTPUT_KEYS = [
  `work/${RUN_ID}/outputs/00000.jsonl`,
  `work/${RUN_ID}/outputs/00001.jsonl`,
];
const RUN_CONTEXT = {
  project: 'spam',
  modelVersion: 'v2',
  task: 'classification',
  classes: ['ham', 'spam'],
  scores: 'probabilities',
};
/** An earlier attempt left two aggressor items under the run. */
const EARLIER_ITEMS = [1, 2].map((rank) => ({
  pk: `RUN#${RUN_ID}`,
  sk: `AGGRESSOR#000${rank}`,
}));
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
    poolCount: 0,
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
    .on(GetObjectCommand, { Bucket: BUCKET, Key: RUN_CONTEXT_KEY })
    .callsFake(() => ({ Body: s3Body(JSON.stringify(RUN_CONTEXT)) }));
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
  ddbMock.on(QueryCommand).resolves({ Items: EARLIER_ITEMS });
  ddbMock.on(BatchWriteCommand).resolves({});
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
        Body: jsonl(expected.perSample.toArray()),
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
          counts: expected.counts,
          overall: expected.overall,
          aggressors: expected.aggressors.map((a) => ({ ...a, similarUnlabeled: [] })),
          clustering: expected.clustering,
          lossByField: expected.lossByField,
          map: expected.map,
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

  it("replaces the run's aggressor items and leaves the run record alone", async () => {
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
    expect(ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
        ExpressionAttributeValues: {
          ':pk': `RUN#${RUN_ID}`,
          ':skPrefix': 'AGGRESSOR#',
        },
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey: undefined,
      },
    ]);
    expect(ddbMock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input)).toEqual(
      [
        {
          RequestItems: {
            [TABLE]: EARLIER_ITEMS.map((Key) => ({ DeleteRequest: { Key } })),
          },
        },
        { RequestItems: { [TABLE]: summaries } },
      ],
    );
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('writes the results, then removes the earlier aggressor items, then puts the new', async () => {
    const order: string[] = [];
    givenRun(plantedLines());
    const record = (step: string) => (order.push(step), {});
    s3Mock.on(PutObjectCommand).callsFake((input) => record(input.Key));
    ddbMock
      .on(QueryCommand)
      .callsFake(() => (order.push('query'), { Items: EARLIER_ITEMS }));
    ddbMock
      .on(BatchWriteCommand)
      .callsFake((input) =>
        record(
          'DeleteRequest' in input.RequestItems[TABLE][0]
            ? 'delete items'
            : 'put items',
        ),
      );
    const { deps } = testDeps();

    await analyze(STATE, deps);

    expect(order).toEqual([
      `${RESULTS_PREFIX}samples.jsonl`,
      `${RESULTS_PREFIX}aggressors.json`,
      'query',
      'delete items',
      'put items',
    ]);
  });

  it('keeps the reason of each failed sample in the per-sample results, in sample order', async () => {
    const lines = plantedLines();
    lines.outputs[1] = { id: lines.outputs[1]!.id, error: 'ModelError: bad input' };
    lines.outputs[130] = {
      id: lines.outputs[130]!.id,
      error: 'response has no prediction',
    };
    givenRun(lines);
    const { deps } = testDeps();
    const expected = expectedAnalysis(lines);

    await analyze(STATE, deps);

    const body = String(
      s3Mock
        .commandCalls(PutObjectCommand)
        .find((c) => c.args[0].input.Key === `${RESULTS_PREFIX}samples.jsonl`)!.args[0]
        .input.Body,
    );
    const written = body
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const perSample = expected.perSample.toArray();
    perSample.splice(1, 0, { id: 'm-001', error: 'ModelError: bad input' } as never);
    perSample.splice(130, 0, {
      id: 'm-130',
      error: 'response has no prediction',
    } as never);
    expect(written).toEqual(perSample);
    expect(written).toHaveLength(240);
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
      { Bucket: BUCKET, Key: RUN_CONTEXT_KEY },
      { Bucket: BUCKET, Key: `work/${RUN_ID}/samples.jsonl` },
      ...OUTPUT_KEYS.map((Key) => ({ Bucket: BUCKET, Key })),
    ]);
  });

  it('returns the results key, counts and overall figures, and logs them', async () => {
    const lines = plantedLines();
    lines.outputs[5] = { id: lines.outputs[5]!.id, error: 'ModelError: 400' };
    givenRun(lines);
    const { deps, logs } = testDeps();
    const expected = expectedAnalysis(lines);

    const analyzed = await analyze(STATE, deps);

    expect(analyzed).toEqual({
      resultsKey: `${RESULTS_PREFIX}aggressors.json`,
      aggressorCount: expected.aggressors.length,
      counts: { samples: 240, quarantined: 0, failed: 1 },
      overall: expected.overall,
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
          k: 4,
          aggressorCount: analyzed.aggressorCount,
          queued: 0,
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

    const analyzed = await analyze(STATE, deps);

    expect(analyzed.counts).toEqual({ samples: 240, quarantined: 1, failed: 0 });
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
    expect(ddbMock.calls()).toHaveLength(0);
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
