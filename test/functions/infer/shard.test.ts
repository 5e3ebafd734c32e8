import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ShardFormatError } from '../../../functions/infer/errors.ts';
import { readShard } from '../../../functions/infer/shard.ts';
import { s3Body } from '../../shared/aws/s3-body.ts';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const KEY = 'work/r1/shards/00000.jsonl';

function givenShard(text: string): void {
  s3Mock.on(GetObjectCommand).callsFake(() => ({ Body: s3Body(text) }));
}

beforeEach(() => s3Mock.reset());

describe('Function: readShard', () => {
  it('reads each line as one instance with its request JSON and byte size', async () => {
    givenShard('{"id":"a","input":"é"}\n\n{"id":"b","input":{"x":1}}\n');

    const items = await readShard(s3, 'bkt', KEY);

    expect(items).toEqual([
      { id: 'a', json: '{"id":"a","input":"é"}', bytes: 23 },
      { id: 'b', json: '{"id":"b","input":{"x":1}}', bytes: 26 },
    ]);
  });

  it('names the key, line and value of an id that is not a string', async () => {
    givenShard('{"id":"a","input":1}\n{"id":42,"input":1}\n');

    const reading = readShard(s3, 'bkt', KEY);

    await expect(reading).rejects.toThrow(ShardFormatError);
    await expect(readShard(s3, 'bkt', KEY)).rejects.toThrow(
      `${KEY} line 2: field "id" must be a string, got 42`,
    );
  });

  it('says "nothing" for a line without an id, and the line of bad JSON', async () => {
    givenShard('{"input":1}\n');
    await expect(readShard(s3, 'bkt', KEY)).rejects.toThrow(
      `${KEY} line 1: field "id" must be a string, got nothing`,
    );

    givenShard('{"id":"a"}\n{oops\n');
    await expect(readShard(s3, 'bkt', KEY)).rejects.toThrow(`${KEY} line 2: not JSON`);
  });
});
