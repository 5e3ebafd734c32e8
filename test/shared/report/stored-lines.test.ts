import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StoredLineError } from '../../../shared/report/errors.ts';
import {
  inputLine,
  readStoredLines,
  sampleLine,
  sampleResultLine,
  storedLines,
} from '../../../shared/report/stored-lines.ts';
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

const KEY = 'results/mail/v3/r1/samples.jsonl';
const FILE = `s3://bkt/${KEY}`;
const SCORED =
  '{"id":"a","loss":0.5,"prediction":"ham","correct":true,"cluster":"c","x":0,"y":0}';

async function errorOf<T>(
  text: string,
  schema: Parameters<typeof readStoredLines<T>>[3],
): Promise<StoredLineError> {
  s3Mock.on(GetObjectCommand).resolves({ Body: s3Body(text) });

  return readStoredLines(s3, 'bkt', KEY, schema).then(
    () => expect.unreachable('the file was read'),
    (error: unknown) => error as StoredLineError,
  );
}

describe('Function: readStoredLines, a malformed line', () => {
  it('names the file, line, field and value of a scored line with a bad loss', async () => {
    const bad = SCORED.replace('0.5', '"abc"').replace('"a"', '"b"');
    const error = await errorOf(`${SCORED}\n\n${bad}\n`, sampleResultLine);

    expect(error).toBeInstanceOf(StoredLineError);
    expect(error.message).toBe(
      `${FILE} line 3, field "loss": expected number, got "abc"`,
    );
    expect(error).toMatchObject({ file: FILE, line: 3, field: 'loss', value: 'abc' });
  });

  it('names a failed line whose id is not a string', async () => {
    const error = await errorOf('{"id":7,"error":"timeout"}\n', sampleResultLine);

    expect(error.message).toBe(`${FILE} line 1, field "id": expected string, got 7`);
  });

  it('names a missing field', async () => {
    const error = await errorOf(
      SCORED.replace('"correct":true,', '') + '\n',
      sampleResultLine,
    );

    expect(error.message).toBe(
      `${FILE} line 1, field "correct": missing; expected boolean`,
    );
  });

  it('names a metadata value of no allowed type with its path', async () => {
    const line = '{"id":"a","metadata":{"year":{"from":2019}}}\n';
    const error = await errorOf(line, sampleLine);

    expect(error.message).toBe(
      `${FILE} line 1, field "metadata.year": ` +
        'expected number, string, boolean or null, got {"from":2019}',
    );
    expect(error.value).toEqual({ from: 2019 });
  });

  it('names the line and column of a line that is not JSON', async () => {
    const error = await errorOf(
      `${SCORED}\n{"id":"b","loss":0.5,}\n`,
      sampleResultLine,
    );

    expect(error.message).toBe(
      `${FILE} line 2: invalid JSON at column 22: expected a double-quoted property name, found "}"`,
    );
    expect(error.line).toBe(2);
  });
});
