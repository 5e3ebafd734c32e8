import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  getRunContext,
  putRunContext,
  runContextOf,
} from '../../../shared/aws/run-context.ts';
import { BundleError } from '../../../shared/bundle/errors.ts';
import type { Manifest } from '../../../shared/bundle/types.ts';
import { s3Body } from './s3-body.ts';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const KEY = 'work/spam-v2-abc/run.json';
const MANIFEST: Manifest = {
  schemaVersion: 1,
  project: 'spam',
  modelVersion: 'v2',
  task: 'classification',
  classes: ['ham', 'spam'],
  scores: 'logits',
  samples: 'samples.jsonl',
  inference: { endpoint: 'spam-model' },
};

beforeEach(() => {
  s3Mock.reset();
});

describe('Function: runContextOf', () => {
  it('keeps the identity, task, classes and score kind of the manifest only', () => {
    expect(runContextOf(MANIFEST)).toEqual({
      project: 'spam',
      modelVersion: 'v2',
      task: 'classification',
      classes: ['ham', 'spam'],
      scores: 'logits',
    });
  });

  it('leaves out classes and score kind the manifest does not give', () => {
    const regression: Manifest = {
      schemaVersion: 1,
      project: 'spam',
      modelVersion: 'v2',
      task: 'regression',
      samples: 'samples.jsonl',
    };

    expect(runContextOf(regression)).toEqual({
      project: 'spam',
      modelVersion: 'v2',
      task: 'regression',
    });
  });
});

describe('Function: putRunContext and getRunContext', () => {
  it('writes run.json under the run work folder and reads it back', async () => {
    s3Mock.on(PutObjectCommand).resolves({});
    const context = runContextOf(MANIFEST);

    await putRunContext(s3, 'b', 'spam-v2-abc', context);
    const written = s3Mock.commandCalls(PutObjectCommand)[0]!.args[0].input;
    s3Mock
      .on(GetObjectCommand)
      .callsFake(() => ({ Body: s3Body(String(written.Body)) }));

    expect(written).toEqual({
      Bucket: 'b',
      Key: KEY,
      Body: JSON.stringify(context),
      ContentType: 'application/json',
    });
    expect(await getRunContext(s3, 'b', 'spam-v2-abc')).toEqual(context);
    expect(s3Mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Key: KEY,
    });
  });

  it('refuses a run.json with a bad field, naming file, line, field and value', async () => {
    const text = '{"project": "spam",\n"modelVersion": "v2",\n"task": "ranking"}';
    s3Mock.on(GetObjectCommand).callsFake(() => ({ Body: s3Body(text) }));

    const error = await getRunContext(s3, 'b', 'spam-v2-abc').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).toRecord()).toMatchObject({
      file: `s3://b/${KEY}`,
      line: 3,
      field: 'task',
      value: 'ranking',
    });
  });
});
