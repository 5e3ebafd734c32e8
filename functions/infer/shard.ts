/** Reading a shard of `{ id, input }` lines as Prepare wrote it. */
import type { S3Client } from '@aws-sdk/client-s3';
import { getLines } from '../../shared/aws/s3-io.ts';
import { ShardFormatError } from './errors.ts';

/** One instance to send, with its request JSON and that JSON's UTF-8 size. */
export interface ShardItem {
  id: string;
  json: string;
  bytes: number;
}

export async function readShard(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<ShardItem[]> {
  const items: ShardItem[] = [];
  let line = 0;

  for await (const text of getLines(s3, bucket, key)) {
    line += 1;
    if (text.trim() === '') continue;
    items.push(shardItem(text, key, line));
  }

  return items;
}

function shardItem(text: string, key: string, line: number): ShardItem {
  let value: { id?: unknown; input?: unknown };
  try {
    value = JSON.parse(text) as typeof value;
  } catch (error) {
    throw new ShardFormatError(key, line, `not JSON (${(error as Error).message})`);
  }
  if (typeof value?.id !== 'string') {
    const got = value === null || typeof value !== 'object' ? value : value.id;
    throw new ShardFormatError(
      key,
      line,
      `field "id" must be a string, got ${shown(got)}`,
    );
  }

  const json = JSON.stringify({ id: value.id, input: value.input });

  return { id: value.id, json, bytes: Buffer.byteLength(json, 'utf-8') };
}

/** A value as JSON, cut to 80 characters: enough to recognise, never a whole input. */
function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);

  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
