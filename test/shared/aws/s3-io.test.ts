import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  deletePrefix,
  getBytes,
  getJson,
  getLines,
  getText,
  listKeys,
  putJson,
  putLines,
  putText,
} from '../../../shared/aws/s3-io.ts';
import { S3DeleteError, S3ObjectMissingError } from '../../../shared/aws/errors.ts';
import { s3Body } from './s3-body.ts';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

beforeEach(() => {
  s3Mock.reset();
});

describe('Function: getBytes', () => {
  it('returns the object body as bytes', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: s3Body(new Uint8Array([1, 2, 3])) });

    const bytes = await getBytes(s3, 'b', 'k.npy');

    expect(Array.from(bytes)).toEqual([1, 2, 3]);
    expect(s3Mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Key: 'k.npy',
    });
  });

  it('throws S3ObjectMissingError naming bucket and key when the key is missing', async () => {
    s3Mock
      .on(GetObjectCommand)
      .rejects(
        new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }),
      );

    const error = await getBytes(s3, 'b', 'gone.npy').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(S3ObjectMissingError);
    expect(error).toMatchObject({ bucket: 'b', key: 'gone.npy' });
    expect((error as Error).message).toBe('no object at s3://b/gone.npy');
  });

  it('rethrows other errors unchanged', async () => {
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    s3Mock.on(GetObjectCommand).rejects(denied);

    await expect(getBytes(s3, 'b', 'k')).rejects.toThrow('Access Denied');
  });
});

describe('Function: getText and getJson', () => {
  it('returns the body decoded as UTF-8', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: s3Body('héllo') });

    expect(await getText(s3, 'b', 'k.txt')).toBe('héllo');
  });

  it('returns the parsed JSON value', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: s3Body('{"a":[1,2]}') });

    expect(await getJson<{ a: number[] }>(s3, 'b', 'k.json')).toEqual({ a: [1, 2] });
  });

  it('throws naming the object when the body is not JSON', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: s3Body('{oops') });

    await expect(getJson(s3, 'b', 'bad.json')).rejects.toThrow(
      /^s3:\/\/b\/bad\.json is not valid JSON: /,
    );
  });
});

describe('Function: reads of a given version', () => {
  it('asks getText, getBytes and getLines for that VersionId', async () => {
    s3Mock.on(GetObjectCommand).callsFake(() => ({ Body: s3Body('v1 text\n') }));

    const text = await getText(s3, 'b', 'k.json', 'ver-1');
    const bytes = await getBytes(s3, 'b', 'k.json', 'ver-2');
    const lines = await collect(getLines(s3, 'b', 'k.json', 'ver-3'));

    expect([text, new TextDecoder().decode(bytes), lines]).toEqual([
      'v1 text\n',
      'v1 text\n',
      ['v1 text'],
    ]);
    expect(s3Mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'b', Key: 'k.json', VersionId: 'ver-1' },
      { Bucket: 'b', Key: 'k.json', VersionId: 'ver-2' },
      { Bucket: 'b', Key: 'k.json', VersionId: 'ver-3' },
    ]);
  });

  it('throws S3ObjectMissingError naming the version when it does not exist', async () => {
    const noVersion = Object.assign(
      new Error('The specified version does not exist.'),
      {
        name: 'NoSuchVersion',
      },
    );
    s3Mock.on(GetObjectCommand).rejects(noVersion);

    const error = await getText(s3, 'b', 'k.json', 'ver-9').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(S3ObjectMissingError);
    expect(error).toMatchObject({ bucket: 'b', key: 'k.json', versionId: 'ver-9' });
    expect((error as Error).message).toBe('no object at s3://b/k.json (version ver-9)');
  });
});

describe('Function: getLines', () => {
  it('yields lines split across chunks, keeping empty lines', async () => {
    s3Mock
      .on(GetObjectCommand)
      .resolves({ Body: s3Body('{"a":1}\n{"b', '":2}\n\n', 'last') });

    const lines = await collect(getLines(s3, 'b', 'k.jsonl'));

    expect(lines).toEqual(['{"a":1}', '{"b":2}', '', 'last']);
  });

  it('does not yield an empty line after the final newline and drops \\r', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: s3Body('one\r\ntwo\r\n') });

    expect(await collect(getLines(s3, 'b', 'k.jsonl'))).toEqual(['one', 'two']);
  });

  it('decodes a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('é\n', 'utf-8');
    s3Mock.on(GetObjectCommand).resolves({
      Body: s3Body(bytes.subarray(0, 1), bytes.subarray(1)),
    });

    expect(await collect(getLines(s3, 'b', 'k.jsonl'))).toEqual(['é']);
  });

  it('yields nothing for an empty object', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: s3Body('') });

    expect(await collect(getLines(s3, 'b', 'k.jsonl'))).toEqual([]);
  });

  it('throws S3ObjectMissingError when the key is missing', async () => {
    s3Mock.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'x', $metadata: {} }));

    await expect(collect(getLines(s3, 'b', 'k.jsonl'))).rejects.toBeInstanceOf(
      S3ObjectMissingError,
    );
  });
});

describe('Function: putJson, putLines and putText', () => {
  it('puts JSON with the JSON content type', async () => {
    s3Mock.on(PutObjectCommand).resolves({});

    await putJson(s3, 'b', 'r.json', { a: 1 });

    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Key: 'r.json',
      Body: '{"a":1}',
      ContentType: 'application/json',
    });
  });

  it('puts one JSON value a line, each ending with a newline', async () => {
    s3Mock.on(PutObjectCommand).resolves({});

    await putLines(s3, 'b', 'r.jsonl', [{ id: 'x' }, 2, 'y']);

    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Key: 'r.jsonl',
      Body: '{"id":"x"}\n2\n"y"\n',
      ContentType: 'application/x-ndjson',
    });
  });

  it('puts an empty body for no lines', async () => {
    s3Mock.on(PutObjectCommand).resolves({});

    await putLines(s3, 'b', 'r.jsonl', []);

    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Body: '',
      ContentLength: 0,
    });
  });

  it('puts text with the given content type', async () => {
    s3Mock.on(PutObjectCommand).resolves({});

    await putText(s3, 'b', 'r.html', '<p>hi</p>', 'text/html; charset=utf-8');

    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Key: 'r.html',
      Body: '<p>hi</p>',
      ContentType: 'text/html; charset=utf-8',
    });
  });
});

describe('Function: listKeys', () => {
  it('returns the keys of every page, sorted', async () => {
    s3Mock
      .on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({
        Contents: [{ Key: 'p/c' }, { Key: 'p/a' }],
        IsTruncated: true,
        NextContinuationToken: 't1',
      })
      .on(ListObjectsV2Command, { ContinuationToken: 't1' })
      .resolves({ Contents: [{ Key: 'p/b' }], IsTruncated: false });

    const keys = await listKeys(s3, 'b', 'p/');

    expect(keys).toEqual(['p/a', 'p/b', 'p/c']);
    expect(
      s3Mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input),
    ).toEqual([
      { Bucket: 'b', Prefix: 'p/', ContinuationToken: undefined },
      { Bucket: 'b', Prefix: 'p/', ContinuationToken: 't1' },
    ]);
  });

  it('returns an empty list when nothing is under the prefix', async () => {
    s3Mock.on(ListObjectsV2Command).resolves({ KeyCount: 0 });

    expect(await listKeys(s3, 'b', 'none/')).toEqual([]);
  });
});

describe('Function: deletePrefix', () => {
  it('deletes every listed key in batches of at most 1000', async () => {
    const keys = Array.from(
      { length: 1001 },
      (_, i) => `w/${String(i).padStart(4, '0')}`,
    );
    s3Mock
      .on(ListObjectsV2Command)
      .resolves({ Contents: keys.map((Key) => ({ Key })) });
    s3Mock.on(DeleteObjectsCommand).resolves({});

    await deletePrefix(s3, 'b', 'w/');

    const calls = s3Mock.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      {
        Bucket: 'b',
        Delete: { Objects: keys.slice(0, 1000).map((Key) => ({ Key })), Quiet: true },
      },
      { Bucket: 'b', Delete: { Objects: [{ Key: 'w/1000' }], Quiet: true } },
    ]);
  });

  it('makes no delete call when the prefix is empty of objects', async () => {
    s3Mock.on(ListObjectsV2Command).resolves({});

    await deletePrefix(s3, 'b', 'w/');

    expect(s3Mock.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
  });

  it('refuses an empty prefix without listing', async () => {
    await expect(deletePrefix(s3, 'b', '')).rejects.toThrow(
      'deletePrefix needs a non-empty prefix in bucket b',
    );
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('throws S3DeleteError naming the keys S3 could not delete', async () => {
    s3Mock
      .on(ListObjectsV2Command)
      .resolves({ Contents: [{ Key: 'w/a' }, { Key: 'w/b' }] });
    s3Mock.on(DeleteObjectsCommand).resolves({
      Errors: [{ Key: 'w/b', Code: 'AccessDenied', Message: 'Access Denied' }],
    });

    const error = await deletePrefix(s3, 'b', 'w/').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(S3DeleteError);
    expect(error).toMatchObject({ bucket: 'b', keys: ['w/b'] });
    expect((error as Error).message).toBe(
      'could not delete 1 object(s) in s3://b/, first w/b: Access Denied',
    );
  });
});
