/** A bundle under an S3 prefix, read through the same `BundleSource` as a folder. */
import { posix } from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { BundleSource } from '../bundle/source.ts';
import { getBytes, getChunks } from './s3-io.ts';

export interface S3BundleSourceOptions {
  /**
   * Version ids of files to read as that version (S3 versioning), by path
   * relative to the prefix; every other file is read as its current version.
   */
  versionIds?: Record<string, string>;
}

/**
 * Paths are relative to `prefix` (a folder; a missing trailing '/' is added)
 * and normalized ("./a.jsonl" and "a.jsonl" name the same key). Files are
 * streamed in chunks; `describe` gives the `s3://` URI used in error messages.
 */
export function s3BundleSource(
  s3: S3Client,
  bucket: string,
  prefix: string,
  options: S3BundleSourceOptions = {},
): BundleSource {
  const folder = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const keyOf = (path: string) => folder + posix.normalize(path);
  const versions = new Map(
    Object.entries(options.versionIds ?? {}).map(([path, id]) => [keyOf(path), id]),
  );
  const versionOf = (path: string) => versions.get(keyOf(path));

  return {
    describe: (path) => `s3://${bucket}/${keyOf(path)}`,
    readBytes: (path) => getBytes(s3, bucket, keyOf(path), versionOf(path)),
    readChunks: (path) => getChunks(s3, bucket, keyOf(path), versionOf(path)),
    exists: (path) => objectExists(s3, bucket, keyOf(path), versionOf(path)),
  };
}

/**
 * Whether a file of the bundle is there. Unpinned, it is asked by listing the
 * key as a prefix: a HEAD of a missing key answers 403, not 404, to a caller
 * whose s3:ListBucket is limited to prefixes (as the deployed functions are).
 */
async function objectExists(
  s3: S3Client,
  bucket: string,
  key: string,
  versionId: string | undefined,
): Promise<boolean> {
  if (versionId === undefined) {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }),
    );
    return listed.Contents?.[0]?.Key === key;
  }

  try {
    await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
    );

    return true;
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchVersion')
      return false;
    throw error;
  }
}
