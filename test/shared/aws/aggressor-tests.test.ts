import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  deleteTest,
  listTestNames,
  putTest,
  readTests,
} from '../../../shared/aws/aggressor-tests.ts';
import { TestDefinitionError } from '../../../shared/tracking/errors.ts';
import type { AggressorTest } from '../../../shared/tracking/types.ts';
import { s3Body } from './s3-body.ts';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });

const test: AggressorTest = {
  schemaVersion: 1,
  name: 'hard-ham',
  metric: 'errorRate',
  membership: { kind: 'ids', sampleIds: ['a'] },
  maxRegression: 0,
  savedValue: 0.5,
};

beforeEach(() => {
  s3Mock.reset();
});

describe('Function: putTest', () => {
  it('writes the test as pretty JSON at tests/<project>/<name>.json', async () => {
    s3Mock.on(PutObjectCommand).resolves({});

    const key = await putTest(s3, 'b', 'spam', test);

    expect(key).toBe('tests/spam/hard-ham.json');
    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Key: 'tests/spam/hard-ham.json',
      Body: `${JSON.stringify(test, null, 2)}\n`,
      ContentType: 'application/json',
    });
  });
});

describe('Function: listTestNames', () => {
  it('lists the test files of the project, not reference embeddings or sub-folders', async () => {
    s3Mock.on(ListObjectsV2Command).resolves({
      Contents: [
        { Key: 'tests/spam/a.json' },
        { Key: 'tests/spam/a.reference.npy' },
        { Key: 'tests/spam/old/b.json' },
        { Key: 'tests/spam/c.json' },
      ],
    });

    const names = await listTestNames(s3, 'b', 'spam');

    expect(names).toEqual(['a', 'c']);
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Prefix: 'tests/spam/',
      ContinuationToken: undefined,
    });
  });
});

describe('Function: readTests', () => {
  it('reads each test and keeps a bad file as its error, the others still read', async () => {
    s3Mock.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: 'tests/spam/bad.json' }, { Key: 'tests/spam/hard-ham.json' }],
    });
    s3Mock
      .on(GetObjectCommand, { Key: 'tests/spam/hard-ham.json' })
      .resolves({ Body: s3Body(JSON.stringify(test)) })
      .on(GetObjectCommand, { Key: 'tests/spam/bad.json' })
      .resolves({
        Body: s3Body(JSON.stringify({ ...test, name: 'bad', metric: 'f1' })),
      });

    const stored = await readTests(s3, 'b', 'spam');

    expect(stored[1]).toEqual({
      name: 'hard-ham',
      key: 'tests/spam/hard-ham.json',
      test,
    });
    const bad = stored[0];
    expect(bad && 'error' in bad && bad.error).toBeInstanceOf(TestDefinitionError);
    expect(bad && 'error' in bad && bad.error.message).toContain(
      's3://b/tests/spam/bad.json line 1, field "metric"',
    );
  });
});

describe('Function: deleteTest', () => {
  it('deletes the test file and its reference embeddings', async () => {
    s3Mock.on(DeleteObjectCommand).resolves({});

    await deleteTest(s3, 'b', 'spam', 'hard-ham');

    expect(
      s3Mock.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input),
    ).toEqual([
      { Bucket: 'b', Key: 'tests/spam/hard-ham.json' },
      { Bucket: 'b', Key: 'tests/spam/hard-ham.reference.npy' },
    ]);
  });
});
