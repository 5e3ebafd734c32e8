/**
 * Where a bundle's files come from. The readers take a `BundleSource`, so the
 * same code reads a local folder (the CLI) and an S3 prefix (the pipeline).
 * Paths are relative to the bundle's folder, as the manifest writes them.
 */
import { createReadStream } from 'node:fs';
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Bytes read at a time from a local file. */
const CHUNK_BYTES = 1 << 18;

export interface BundleSource {
  /** How a file is named in messages: a local path or an `s3://` URI. */
  describe(path: string): string;
  readBytes(path: string): Promise<Uint8Array>;
  /**
   * The file's lines without their line endings. `loadBundle` reads JSON
   * Lines through `readChunks` or `readBytes` instead, to check the bytes
   * are UTF-8.
   */
  readLines(path: string): AsyncIterable<string>;
  /** The file's bytes as a stream of chunks; without it, readers use `readBytes`. */
  readChunks?(path: string): AsyncIterable<Uint8Array>;
  /** Whether a file (not a folder) is there. */
  exists(path: string): Promise<boolean>;
  /** Whether the path is a folder, so a message can say so; absent where there are none. */
  isFolder?(path: string): Promise<boolean>;
}

/** A bundle in a local folder; lines are streamed, not read whole. */
export function dirSource(dir: string): BundleSource {
  const resolve = (path: string) => join(dir, path);

  return {
    describe: resolve,
    readBytes: async (path) => new Uint8Array(await readFile(resolve(path))),
    readLines: (path) =>
      createInterface({
        input: createReadStream(resolve(path), { encoding: 'utf8' }),
        crlfDelay: Infinity,
      }),
    readChunks: (path) =>
      createReadStream(resolve(path), { highWaterMark: CHUNK_BYTES }),
    exists: async (path) => (await statOf(resolve(path)))?.isFile() ?? false,
    isFolder: async (path) => (await statOf(resolve(path)))?.isDirectory() ?? false,
  };
}

async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}
