import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { keepRunMetadata, readTrackedRun } from '../../../shared/aws/tracked-runs.ts';
import { BundleError } from '../../../shared/bundle/errors.ts';
import { s3Body } from './s3-body.ts';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const run = { project: 'spam', modelVersion: 'v1', runId: 'r1' };
const missing = Object.assign(new Error('missing'), { name: 'NoSuchKey' });

const SCORES =
  '{"id":"a","loss":0.5,"prediction":"ham","correct":true,"cluster":"c","x":0,"y":0}\n' +
  '{"id":"b","error":"endpoint said no"}\n';
const METADATA = '{"id":"a","metadata":{"html":true}}\n{"id":"b","metadata":{}}\n';

function serve(objects: Record<string, string>): void {
  s3Mock.on(GetObjectCommand).rejects(missing);
  for (const [Key, body] of Object.entries(objects)) {
    s3Mock.on(GetObjectCommand, { Key }).resolves({ Body: s3Body(body) });
  }
}

beforeEach(() => s3Mock.reset());

describe('Function: readTrackedRun', () => {
  it('reads losses and correctness from results and metadata from results first', async () => {
    serve({
      'results/spam/v1/r1/samples.jsonl': SCORES,
      'results/spam/v1/r1/metadata.jsonl': METADATA,
    });

    const tracked = await readTrackedRun(s3, 'bkt', run);

    expect(tracked).toEqual({
      runId: 'r1',
      modelVersion: 'v1',
      hasMetadata: true,
      samples: [
        { id: 'a', loss: 0.5, correct: true, metadata: { html: true } },
        { id: 'b', loss: null, correct: null, metadata: {} },
      ],
    });
  });

  it('falls back to work/ for metadata, and says when neither has it', async () => {
    serve({
      'results/spam/v1/r1/samples.jsonl': SCORES,
      'work/r1/samples.jsonl': METADATA,
    });
    const fromWork = await readTrackedRun(s3, 'bkt', run);
    s3Mock.reset();
    serve({ 'results/spam/v1/r1/samples.jsonl': SCORES });
    const expired = await readTrackedRun(s3, 'bkt', run);

    expect(fromWork.samples[0]?.metadata).toEqual({ html: true });
    expect(expired.hasMetadata).toBe(false);
    expect(expired.samples[0]).toEqual({ id: 'a', loss: 0.5, correct: true });
  });

  it('names the file, line, field and value of a bad score line', async () => {
    serve({
      'results/spam/v1/r1/samples.jsonl':
        SCORES + '{"id":"c","loss":"high","correct":true}\n',
      'results/spam/v1/r1/metadata.jsonl': METADATA,
    });

    const error = await readTrackedRun(s3, 'bkt', run).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).message).toBe(
      's3://bkt/results/spam/v1/r1/samples.jsonl line 3, field "loss": ' +
        'expected number, got "high"',
    );
    expect(error).toMatchObject({ line: 3, field: 'loss', value: 'high' });
  });
});

describe('Function: keepRunMetadata', () => {
  it('copies each sample id and metadata from work/ to results/', async () => {
    serve({ 'work/r1/samples.jsonl': '{"id":"a","label":"ham","metadata":{"n":1}}\n' });
    s3Mock.on(PutObjectCommand).resolves({});

    const metadata = await keepRunMetadata(s3, 'bkt', run);

    expect(metadata).toEqual(new Map([['a', { n: 1 }]]));
    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'bkt',
      Key: 'results/spam/v1/r1/metadata.jsonl',
      Body: '{"id":"a","metadata":{"n":1}}\n',
      ContentType: 'application/x-ndjson',
    });
  });
});

describe('Function: readTrackedRun, given the metadata', () => {
  it('uses the metadata it is given and reads no metadata file', async () => {
    serve({ 'results/spam/v1/r1/samples.jsonl': SCORES });

    const tracked = await readTrackedRun(
      s3,
      'bkt',
      run,
      new Map([['a', { html: false }]]),
    );
    const reads = s3Mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key);

    expect(tracked.samples[0]?.metadata).toEqual({ html: false });
    expect(tracked.hasMetadata).toBe(true);
    expect(reads).toEqual(['results/spam/v1/r1/samples.jsonl']);
  });
});
