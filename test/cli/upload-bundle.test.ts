import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uploadBundle } from '../../cli/upload-bundle.ts';
import type { Manifest } from '../../shared/bundle/types.ts';

describe('Function: uploadBundle', () => {
  const s3Mock = mockClient(S3Client);
  let dir: string;

  beforeEach(async () => {
    s3Mock.reset();
    s3Mock.on(PutObjectCommand).resolves({});
    dir = await mkdtemp(join(tmpdir(), 'aggressors-upload-'));
    await mkdir(join(dir, 'pool'));
    await writeFile(join(dir, 'manifest.json'), '{}');
    await writeFile(join(dir, 'samples.jsonl'), 'a\n');
    await writeFile(join(dir, 'pool', 'samples.jsonl'), 'b\n');
    // Not part of the bundle: the local state and hidden files.
    await mkdir(join(dir, '.aggressors', 's3'), { recursive: true });
    await writeFile(join(dir, '.aggressors', 'lock'), '123');
    await writeFile(join(dir, '.aggressors', 's3', 'x'), 'x');
    await writeFile(join(dir, 'pool', '.DS_Store'), '');
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('puts every file but hidden ones under the version folder, the manifest last', async () => {
    const manifest = { project: 'spam mail+1', modelVersion: 'v 2' } as Manifest;

    const result = await uploadBundle({
      s3: new S3Client({}),
      bucket: 'b',
      dir,
      manifest,
    });

    const calls = s3Mock
      .commandCalls(PutObjectCommand)
      .map((call) => call.args[0].input);
    expect(calls.map(({ Bucket, Key }) => ({ Bucket, Key }))).toEqual([
      { Bucket: 'b', Key: 'evaluations/spam mail+1/v 2/pool/samples.jsonl' },
      { Bucket: 'b', Key: 'evaluations/spam mail+1/v 2/samples.jsonl' },
      { Bucket: 'b', Key: 'evaluations/spam mail+1/v 2/manifest.json' },
    ]);
    expect(Buffer.from(calls[2]?.Body as Uint8Array).toString()).toBe('{}');
    expect(result).toEqual({
      manifestKey: 'evaluations/spam mail+1/v 2/manifest.json',
      files: 3,
    });
  });
});
