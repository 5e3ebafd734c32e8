import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dirSource } from '../../../shared/bundle/source.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bundle-source-'));
  await mkdir(join(dir, 'data'));
  await writeFile(
    join(dir, 'data', 'samples.jsonl'),
    '{"id":"a"}\r\n\r\n{"id":"b"}\r\n',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const all: Uint8Array[] = [];
  for await (const chunk of chunks) all.push(chunk);

  return all;
}

describe('Function: dirSource', () => {
  it('streams the bytes of a file under the folder in chunks', async () => {
    const source = dirSource(dir);
    if (source.readChunks === undefined) throw new Error('dirSource streams chunks');
    const chunks = await collect(source.readChunks('data/samples.jsonl'));

    expect(Buffer.concat(chunks).toString('utf8')).toBe(
      new TextDecoder().decode(await dirSource(dir).readBytes('data/samples.jsonl')),
    );
    expect(Buffer.concat(chunks).toString('utf8')).toContain('{"id":"a"}\r\n');
  });

  it('reads bytes of a file under the folder', async () => {
    const bytes = await dirSource(dir).readBytes('data/samples.jsonl');

    expect(new TextDecoder().decode(bytes).startsWith('{"id":"a"}\r\n')).toBe(true);
  });

  it('says a file exists, and a folder or missing path does not', async () => {
    const source = dirSource(dir);

    const found = await Promise.all(
      ['data/samples.jsonl', 'data', 'missing.jsonl'].map((path) =>
        source.exists(path),
      ),
    );

    expect(found).toEqual([true, false, false]);
  });

  it('says a folder is a folder, and a file or missing path is not', async () => {
    const source = dirSource(dir);

    const found = await Promise.all(
      ['data', 'data/samples.jsonl', 'missing'].map((path) => source.isFolder?.(path)),
    );

    expect(found).toEqual([true, false, false]);
  });

  it('describes a file by its local path', () => {
    expect(dirSource(dir).describe('data/samples.jsonl')).toBe(
      join(dir, 'data', 'samples.jsonl'),
    );
  });
});
