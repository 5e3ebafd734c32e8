import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { s3BundleSource } from '../../../shared/aws/bundle-source.ts';
import { s3Body } from './s3-body.ts';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });

beforeEach(() => {
  s3Mock.reset();
});

describe('Function: s3BundleSource', () => {
  it('describes a path as the s3:// URI of its key under the prefix', () => {
    const source = s3BundleSource(s3, 'b', 'evaluations/p/v');

    expect(source.describe('./data/samples.jsonl')).toBe(
      's3://b/evaluations/p/v/data/samples.jsonl',
    );
  });

  it('streams the chunks and reads the bytes of the object at the key', async () => {
    s3Mock
      .on(GetObjectCommand, { Bucket: 'b', Key: 'evaluations/p/v/samples.jsonl' })
      .callsFake(() => ({ Body: s3Body('{"id":1}\n{"id":2}\n') }));
    const source = s3BundleSource(s3, 'b', 'evaluations/p/v/');

    const chunks: Uint8Array[] = [];
    for await (const chunk of source.readChunks?.('samples.jsonl') ?? [])
      chunks.push(chunk);
    const bytes = await source.readBytes('samples.jsonl');

    expect(Buffer.concat(chunks).toString('utf8')).toBe('{"id":1}\n{"id":2}\n');
    expect(new TextDecoder().decode(bytes)).toBe('{"id":1}\n{"id":2}\n');
  });

  it('answers whether an unpinned object exists by listing its key as a prefix', async () => {
    s3Mock
      .on(ListObjectsV2Command, { Prefix: 'evaluations/p/v/manifest.json' })
      .resolves({ Contents: [{ Key: 'evaluations/p/v/manifest.json' }] })
      .on(ListObjectsV2Command, { Prefix: 'evaluations/p/v/emb.npy' })
      .resolves({ Contents: [{ Key: 'evaluations/p/v/emb.npy.bak' }] });
    const source = s3BundleSource(s3, 'b', 'evaluations/p/v/');

    expect(await source.exists('manifest.json')).toBe(true);
    expect(await source.exists('emb.npy')).toBe(false);
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Prefix: 'evaluations/p/v/manifest.json',
      MaxKeys: 1,
    });
    expect(s3Mock.commandCalls(HeadObjectCommand)).toHaveLength(0);
  });

  it('reads and heads a pinned file at its version and every other file as current', async () => {
    s3Mock.on(HeadObjectCommand).resolves({});
    s3Mock.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: 'evaluations/p/v/samples.jsonl' }],
    });
    s3Mock.on(GetObjectCommand).callsFake(() => ({ Body: s3Body('{}\n') }));
    const source = s3BundleSource(s3, 'b', 'evaluations/p/v', {
      versionIds: { 'manifest.json': 'ver-7' },
    });

    await source.exists('./manifest.json');
    await source.readBytes('manifest.json');
    for await (const chunk of source.readChunks?.('samples.jsonl') ?? []) void chunk;
    await source.exists('samples.jsonl');

    expect(s3Mock.commandCalls(HeadObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'b', Key: 'evaluations/p/v/manifest.json', VersionId: 'ver-7' },
    ]);
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Prefix: 'evaluations/p/v/samples.jsonl',
      MaxKeys: 1,
    });
    expect(s3Mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'b', Key: 'evaluations/p/v/manifest.json', VersionId: 'ver-7' },
      { Bucket: 'b', Key: 'evaluations/p/v/samples.jsonl' },
    ]);
  });

  it('answers false for a pinned version that does not exist', async () => {
    const noVersion = Object.assign(new Error('no such version'), {
      name: 'NoSuchVersion',
    });
    s3Mock.on(HeadObjectCommand).rejects(noVersion);
    const source = s3BundleSource(s3, 'b', 'evaluations/p/v/', {
      versionIds: { 'manifest.json': 'gone' },
    });

    expect(await source.exists('manifest.json')).toBe(false);
  });

  it('rethrows a HeadObject error other than not-found', async () => {
    s3Mock.on(HeadObjectCommand).rejects(new Error('Access Denied'));
    const source = s3BundleSource(s3, 'b', 'evaluations/p/v/', {
      versionIds: { 'manifest.json': 'ver-1' },
    });

    await expect(source.exists('manifest.json')).rejects.toThrow('Access Denied');
  });
});
