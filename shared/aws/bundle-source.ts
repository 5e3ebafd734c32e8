/** A bundle under an S3 prefix, read through the same `BundleSource` as a folder. */
import { posix } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { BundleSource } from '../bundle/source.ts';
import { getBytes, getLines } from './s3-io.ts';

/**
 * Paths are relative to `prefix` (a folder; a missing trailing '/' is added)
 * and normalized ("./a.jsonl" and "a.jsonl" name the same key). Lines are
 * streamed; `describe` gives the `s3://` URI used in error messages.
 */
export function s3BundleSource(
  s3: S3Client,
  bucket: string,
  prefix: string,
): BundleSource {
  const folder = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const keyOf = (path: string) => folder + posix.normalize(path);

  return {
    describe: (path) => `s3://${bucket}/${keyOf(path)}`,
    readBytes: (path) => getBytes(s3, bucket, keyOf(path)),
    readLines: (path) => getLines(s3, bucket, keyOf(path)),
    exists: (path) => objectExists(s3, bucket, keyOf(path)),
  };
}

async function objectExists(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));

    return true;
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'NotFound' || name === 'NoSuchKey') return false;
    throw error;
  }
}
