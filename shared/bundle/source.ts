/**
 * Where a bundle's files come from. The readers take a `BundleSource`, so the
 * same code reads a local folder (the CLI) and an S3 prefix (the pipeline).
 * Paths are relative to the bundle's folder, as the manifest writes them.
 */
import { createReadStream } from 'node:fs';
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes read at a time from a local file. */
const CHUNK_BYTES = 1 << 18;

export interface BundleSource {
  /** How a file is named in messages: a local path or an `s3://` URI. */
  describe(path: string): string;
  readBytes(path: string): Promise<Uint8Array>;
  /**
   * The file's bytes as a stream of chunks; without it, readers use
   * `readBytes`. JSON Lines are split from bytes (shared/bundle/utf8.ts), so
   * that a byte that is not UTF-8 is an error, not a replacement character.
   */
  readChunks?(path: string): AsyncIterable<Uint8Array>;
  /** Whether a file (not a folder) is there. */
  exists(path: string): Promise<boolean>;
  /** Whether the path is a folder, so a message can say so; absent where there are none. */
  isFolder?(path: string): Promise<boolean>;
}

/** A bundle in a local folder; files are streamed in chunks, not read whole. */
export function dirSource(dir: string): BundleSource {
  const resolve = (path: string) => join(dir, path);

  return {
    describe: resolve,
    readBytes: async (path) => new Uint8Array(await readFile(resolve(path))),
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
