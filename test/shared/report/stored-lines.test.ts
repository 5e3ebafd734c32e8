import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { inputLine, storedLines } from '../../../shared/report/stored-lines.ts';
import { s3Body } from '../aws/s3-body.ts';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });

beforeEach(() => s3Mock.reset());

describe('Function: storedLines', () => {
  it('parses lazily and stops the download when the reader stops', async () => {
    const body = s3Body('{"id":"a","input":"x"}\n', 'not json\n', '{"id":"c"}\n');
    s3Mock.on(GetObjectCommand).resolves({ Body: body });

    const seen: string[] = [];
    for await (const line of storedLines(
      s3,
      'bkt',
      'work/r/shards/0.jsonl',
      inputLine,
    )) {
      seen.push(line.id);
      break;
    }

    expect(seen).toEqual(['a']);
    expect((body as unknown as { destroyed: boolean }).destroyed).toBe(true);
  });
});
