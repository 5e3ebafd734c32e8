import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
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

  it('streams the lines and reads the bytes of the object at the key', async () => {
    s3Mock
      .on(GetObjectCommand, { Bucket: 'b', Key: 'evaluations/p/v/samples.jsonl' })
      .callsFake(() => ({ Body: s3Body('{"id":1}\n{"id":2}\n') }));
    const source = s3BundleSource(s3, 'b', 'evaluations/p/v/');

    const lines: string[] = [];
    for await (const line of source.readLines('samples.jsonl')) lines.push(line);
    const bytes = await source.readBytes('samples.jsonl');

    expect(lines).toEqual(['{"id":1}', '{"id":2}']);
    expect(new TextDecoder().decode(bytes)).toBe('{"id":1}\n{"id":2}\n');
  });

  it('answers whether an object exists with HeadObject', async () => {
    s3Mock
      .on(HeadObjectCommand, { Key: 'evaluations/p/v/manifest.json' })
      .resolves({})
      .on(HeadObjectCommand, { Key: 'evaluations/p/v/emb.npy' })
      .rejects(
        new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }),
      );
    const source = s3BundleSource(s3, 'b', 'evaluations/p/v/');

    expect(await source.exists('manifest.json')).toBe(true);
    expect(await source.exists('emb.npy')).toBe(false);
    expect(s3Mock.commandCalls(HeadObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Key: 'evaluations/p/v/manifest.json',
    });
  });

  it('rethrows a HeadObject error other than not-found', async () => {
    s3Mock.on(HeadObjectCommand).rejects(new Error('Access Denied'));
    const source = s3BundleSource(s3, 'b', 'evaluations/p/v/');

    await expect(source.exists('manifest.json')).rejects.toThrow('Access Denied');
  });
});
