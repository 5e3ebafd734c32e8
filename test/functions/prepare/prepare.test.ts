import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { prepare } from '../../../functions/prepare/prepare.ts';
import { BundleError } from '../../../shared/bundle/errors.ts';
import { encodeNpy } from '../../../shared/bundle/npy.ts';
import type { PipelineState } from '../../../shared/pipeline/types.ts';
import { s3Body } from '../../shared/aws/s3-body.ts';
import { TEST_NOW_EPOCH_MS, testDeps } from '../../shared/aws/test-deps.ts';

const s3Mock = mockClient(S3Client);
const ddbMock = mockClient(DynamoDBDocumentClient);

const BUCKET = 'test-bucket';
const FOLDER = 'evaluations/spam/v2/';
const STATE: PipelineState = {
  bucket: BUCKET,
  manifestKey: `${FOLDER}manifest.json`,
  runId: 'spam-v2-abc',
  uploadedAtEpochMs: 1_000,
};
const BASE_MANIFEST = {
  schemaVersion: 1,
  project: 'spam',
  modelVersion: 'v2',
  task: 'classification',
  classes: ['ham', 'spam'],
  scores: 'probabilities',
  samples: 'samples.jsonl',
};

function jsonl(values: unknown[]): string {
  return values.map((value) => JSON.stringify(value) + '\n').join('');
}

/** Serves the given bundle files under the upload folder, plus stale work files. */
function givenBucket(files: Record<string, string | Uint8Array>): void {
  const objects = new Map(
    Object.entries(files).map(([path, body]) => [FOLDER + path, body]),
  );
  s3Mock.on(HeadObjectCommand).callsFake(({ Key }) => {
    if (!objects.has(Key)) throw new NotFound({ message: 'Not Found', $metadata: {} });
    return {};
  });
  s3Mock.on(GetObjectCommand).callsFake(({ Key }) => {
    const body = objects.get(Key);
    if (body === undefined) throw new NoSuchKey({ message: 'no key', $metadata: {} });
    return { Body: s3Body(body) };
  });
  s3Mock.on(ListObjectsV2Command).callsFake(({ Prefix }: { Prefix: string }) => {
    if (Prefix.startsWith('work/')) {
      return { Contents: [{ Key: 'work/spam-v2-abc/shards/00000.jsonl' }] };
    }
    const keys = [...objects.keys()].filter((key) => key.startsWith(Prefix)).sort();
    return { Contents: keys.slice(0, 1).map((Key) => ({ Key })) };
  });
  s3Mock.on(DeleteObjectsCommand).resolves({});
  s3Mock.on(PutObjectCommand).resolves({});
  ddbMock.on(UpdateCommand).resolves({});
}

function puts(): Record<string, { body: string; contentType: string | undefined }> {
  return Object.fromEntries(
    s3Mock
      .commandCalls(PutObjectCommand)
      .map(({ args: [{ input }] }) => [
        input.Key,
        { body: String(input.Body), contentType: input.ContentType },
      ]),
  );
}

beforeEach(() => {
  s3Mock.reset();
  ddbMock.reset();
});

describe('Function: prepare', () => {
  it('plans distributed clustering from the .npy width when the byte limit is below the embeddings', async () => {
    givenBucket({
      'manifest.json': JSON.stringify({ ...BASE_MANIFEST, embeddings: 'emb.npy' }),
      'samples.jsonl': jsonl(
        ['a', 'b', 'c'].map((id) => ({
          id,
          label: 'ham',
          metadata: {},
          prediction: 'ham',
        })),
      ),
      'emb.npy': encodeNpy(new Float32Array(6), 3, 2),
    });
    const small = testDeps({ singleNodeMaxEmbeddingBytes: 24 }).deps;
    const large = testDeps({ singleNodeMaxEmbeddingBytes: 23 }).deps;

    const kept = await prepare(STATE, small);
    const spread = await prepare(STATE, large);

    expect(kept.clustering).toBeUndefined();
    expect(spread.clustering).toEqual({
      path: 'distributed',
      dimensions: 2,
      embeddingBytes: 24,
      reason: '3 samples x 2 dimensions x 4 bytes = 24 > 23 bytes',
    });
  });

  it('writes precomputed outputs, embeddings from the .npy, and needs no inference', async () => {
    const embeddings = new Float32Array([0.1, 0.2, 0.3, 0.4, 1 / 3, 0.6]);
    givenBucket({
      'manifest.json': JSON.stringify({ ...BASE_MANIFEST, embeddings: 'emb.npy' }),
      'samples.jsonl': jsonl([
        {
          id: 'a',
          label: 'spam',
          metadata: { len: 3 },
          scores: [0.2, 0.8],
          loss: 0.22,
        },
        { id: 'b', label: 'ham', metadata: { len: 5 }, prediction: 'spam' },
        { id: 'c', label: 'ham', metadata: { len: null }, scores: [0.6, 0.4] },
      ]),
      'emb.npy': encodeNpy(embeddings, 3, 2),
    });
    const { deps } = testDeps();

    const prepared = await prepare(STATE, deps, { shardSize: 2 });

    expect(prepared).toEqual({
      bucket: BUCKET,
      runId: 'spam-v2-abc',
      project: 'spam',
      modelVersion: 'v2',
      sampleCount: 3,
      poolCount: 0,
      needsInference: false,
      shards: [],
    });
    expect(puts()).toEqual({
      'work/spam-v2-abc/run.json': {
        body: JSON.stringify({
          project: 'spam',
          modelVersion: 'v2',
          task: 'classification',
          classes: ['ham', 'spam'],
          scores: 'probabilities',
        }),
        contentType: 'application/json',
      },
      'work/spam-v2-abc/samples.jsonl': {
        body: jsonl([
          { id: 'a', metadata: { len: 3 }, label: 'spam' },
          { id: 'b', metadata: { len: 5 }, label: 'ham' },
          { id: 'c', metadata: { len: null }, label: 'ham' },
        ]),
        contentType: 'application/x-ndjson',
      },
      'work/spam-v2-abc/outputs/00000.jsonl': {
        body: jsonl([
          { id: 'a', embedding: [0.1, 0.2], scores: [0.2, 0.8], loss: 0.22 },
          { id: 'b', embedding: [0.3, 0.4], prediction: 'spam' },
        ]),
        contentType: 'application/x-ndjson',
      },
      'work/spam-v2-abc/outputs/00001.jsonl': {
        body: jsonl([{ id: 'c', embedding: [0.33333334, 0.6], scores: [0.6, 0.4] }]),
        contentType: 'application/x-ndjson',
      },
    });
  });

  it("clears the run's old work files and marks the run running, removing an earlier attempt's fields", async () => {
    givenBucket({
      'manifest.json': JSON.stringify(BASE_MANIFEST),
      'samples.jsonl': jsonl([
        { id: 'a', label: 'ham', metadata: {}, embedding: [1], prediction: 'ham' },
      ]),
    });
    const { deps } = testDeps();

    await prepare(STATE, deps);

    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Prefix: 'work/spam-v2-abc/',
      ContinuationToken: undefined,
    });
    expect(s3Mock.commandCalls(DeleteObjectsCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Delete: {
        Objects: [{ Key: 'work/spam-v2-abc/shards/00000.jsonl' }],
        Quiet: true,
      },
    });
    const order = s3Mock.calls().map((call) => call.args[0].constructor.name);
    expect(order.indexOf('DeleteObjectsCommand')).toBeLessThan(
      order.indexOf('PutObjectCommand'),
    );
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'test-table',
      Key: { pk: 'PROJECT#spam', sk: 'RUN#spam-v2-abc' },
      UpdateExpression:
        'SET #status = :status, #startedAtEpochMs = :startedAtEpochMs ' +
        'REMOVE #finishedAtEpochMs, #counts, #overall, #resultsKey, #aggressorCount, ' +
        '#testsNote, #error',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#startedAtEpochMs': 'startedAtEpochMs',
        '#finishedAtEpochMs': 'finishedAtEpochMs',
        '#counts': 'counts',
        '#overall': 'overall',
        '#resultsKey': 'resultsKey',
        '#aggressorCount': 'aggressorCount',
        '#testsNote': 'testsNote',
        '#error': 'error',
      },
      ExpressionAttributeValues: {
        ':status': 'running',
        ':startedAtEpochMs': TEST_NOW_EPOCH_MS,
      },
    });
  });

  it('writes input shards and the inference settings when the manifest names an endpoint', async () => {
    const inference = { endpoint: 'spam-model', maxBatchSize: 16 };
    const samples = ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({
      id,
      label: i % 2 ? 'spam' : 'ham',
      input: i === 4 ? 's3://data/e.txt' : { text: `message ${id}` },
      metadata: { i },
    }));
    givenBucket({
      'manifest.json': JSON.stringify({ ...BASE_MANIFEST, inference }),
      'samples.jsonl': jsonl(samples),
    });
    const { deps } = testDeps();

    const prepared = await prepare(STATE, deps, { shardSize: 2 });

    expect(prepared).toMatchObject({
      needsInference: true,
      endpoint: 'spam-model',
      sampleCount: 5,
    });
    expect(prepared.shards).toEqual([
      { index: 0, key: 'work/spam-v2-abc/shards/00000.jsonl', count: 2 },
      { index: 1, key: 'work/spam-v2-abc/shards/00001.jsonl', count: 2 },
      { index: 2, key: 'work/spam-v2-abc/shards/00002.jsonl', count: 1 },
    ]);
    const written = puts();
    expect(written['work/spam-v2-abc/inference.json']).toEqual({
      body: JSON.stringify(inference),
      contentType: 'application/json',
    });
    expect(written['work/spam-v2-abc/shards/00001.jsonl']?.body).toBe(
      jsonl(samples.slice(2, 4).map(({ id, input }) => ({ id, input }))),
    );
    expect(written['work/spam-v2-abc/shards/00002.jsonl']?.body).toBe(
      jsonl([{ id: 'e', input: 's3://data/e.txt' }]),
    );
    expect(Object.keys(written).some((key) => key.includes('/outputs/'))).toBe(false);
  });

  it('reads the manifest at the uploaded version and the other files as current', async () => {
    givenBucket({
      'manifest.json': JSON.stringify(BASE_MANIFEST),
      'samples.jsonl': jsonl([
        { id: 'a', label: 'ham', metadata: {}, embedding: [1], prediction: 'ham' },
      ]),
    });
    const { deps } = testDeps();

    await prepare({ ...STATE, manifestVersionId: 'ver-42' }, deps);

    const manifest = { Bucket: BUCKET, Key: `${FOLDER}manifest.json` };
    const samples = { Bucket: BUCKET, Key: `${FOLDER}samples.jsonl` };
    expect(s3Mock.commandCalls(HeadObjectCommand).map((c) => c.args[0].input)).toEqual([
      { ...manifest, VersionId: 'ver-42' },
    ]);
    expect(
      s3Mock
        .commandCalls(ListObjectsV2Command)
        .map((c) => c.args[0].input)
        .filter((input) => !input.Prefix?.startsWith('work/')),
    ).toEqual([{ Bucket: BUCKET, Prefix: samples.Key, MaxKeys: 1 }]);
    expect(s3Mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([
      { ...manifest, VersionId: 'ver-42' },
      samples,
    ]);
  });

  it('throws the BundleError with file, line, field and value, writing nothing', async () => {
    givenBucket({
      'manifest.json': JSON.stringify(BASE_MANIFEST),
      'samples.jsonl': jsonl([
        { id: 'a', label: 'ham', metadata: {}, embedding: [1], prediction: 'ham' },
        { id: 'b', label: 'eggs', metadata: {}, embedding: [1], prediction: 'ham' },
      ]),
    });
    const { deps } = testDeps();

    const error = await prepare(STATE, deps).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).toRecord()).toMatchObject({
      file: `s3://${BUCKET}/${FOLDER}samples.jsonl`,
      line: 2,
      field: 'label',
      value: 'eggs',
    });
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('refuses a pool id that is an evaluation id, writing nothing', async () => {
    givenBucket({
      'manifest.json': JSON.stringify({ ...BASE_MANIFEST, pool: 'pool' }),
      'samples.jsonl': jsonl([
        { id: 'a', label: 'ham', metadata: {}, embedding: [1], prediction: 'ham' },
      ]),
      'pool/samples.jsonl': jsonl([{ id: 'a', metadata: {}, embedding: [1] }]),
    });
    const { deps } = testDeps();

    const error = await prepare(STATE, deps).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).toRecord()).toMatchObject({
      file: `s3://${BUCKET}/${FOLDER}pool/samples.jsonl`,
      line: 1,
      field: 'id',
      value: 'a',
    });
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('checks the manifest against the project and version of its upload path', async () => {
    givenBucket({
      'manifest.json': JSON.stringify({ ...BASE_MANIFEST, modelVersion: 'v3' }),
      'samples.jsonl': jsonl([
        { id: 'a', label: 'ham', metadata: {}, embedding: [1], prediction: 'ham' },
      ]),
    });
    const { deps } = testDeps();

    const error = await prepare(STATE, deps).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).toRecord()).toMatchObject({
      file: `s3://${BUCKET}/${FOLDER}manifest.json`,
      field: 'modelVersion',
      value: 'v3',
    });
  });

  it('refuses a manifest key outside evaluations/<project>/<version>/', async () => {
    const { deps } = testDeps();

    await expect(
      prepare({ ...STATE, manifestKey: 'uploads/manifest.json' }, deps),
    ).rejects.toThrow(
      'manifest key must be evaluations/<project>/<modelVersion>/manifest.json, got "uploads/manifest.json"',
    );
    expect(s3Mock.calls()).toHaveLength(0);
  });
});
