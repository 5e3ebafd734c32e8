import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { MANIFEST_FILE, s3Keys } from '../shared/aws/keys.ts';
import type { Manifest } from '../shared/bundle/types.ts';

/**
 * The bundle's files, as paths relative to it with '/'. Hidden files and
 * folders (a name starting with '.') are left out: a bundle folder may hold
 * the local state (`.aggressors/`), `.git` or editor files, none of them
 * part of the bundle.
 */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'),
    )
    .filter((path) => !path.split('/').some((segment) => segment.startsWith('.')))
    .sort();
}

/**
 * Uploads a bundle folder under `evaluations/<project>/<modelVersion>/`,
 * `manifest.json` last: its arrival is what starts a run.
 */
export async function uploadBundle(options: {
  s3: S3Client;
  bucket: string;
  dir: string;
  manifest: Manifest;
  onFile?: (key: string, bytes: number) => void;
}): Promise<{ manifestKey: string; files: number }> {
  const { s3, bucket, dir, manifest } = options;
  const prefix = s3Keys.evaluationPrefix(manifest.project, manifest.modelVersion);
  const files = await listFiles(dir);
  const ordered = [...files.filter((f) => f !== MANIFEST_FILE), MANIFEST_FILE];

  for (const file of ordered) {
    const body = await readFile(join(dir, file));
    const key = prefix + file;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        // Given for an empty file, which the SDK would warn of (see putBody).
        ...(body.byteLength === 0 && { ContentLength: 0 }),
      }),
    );
    options.onFile?.(key, body.byteLength);
  }

  return { manifestKey: prefix + MANIFEST_FILE, files: ordered.length };
}

/**
 * The bundle's files other than manifest.json whose bytes differ from what
 * is stored under its prefix (or are not stored), by the MD5 the local S3
 * server gives as each object's ETag.
 */
export async function changedBundleFiles(options: {
  s3: S3Client;
  bucket: string;
  dir: string;
  manifest: Manifest;
}): Promise<string[]> {
  const { s3, bucket, dir, manifest } = options;
  const prefix = s3Keys.evaluationPrefix(manifest.project, manifest.modelVersion);
  const changed: string[] = [];
  for (const file of await listFiles(dir)) {
    if (file === MANIFEST_FILE) continue;
    const md5 = createHash('md5')
      .update(await readFile(join(dir, file)))
      .digest('hex');
    const stored = await s3
      .send(new HeadObjectCommand({ Bucket: bucket, Key: prefix + file }))
      .then((head) => head.ETag?.replaceAll('"', ''))
      .catch(() => undefined);
    if (stored !== md5) changed.push(file);
  }

  return changed;
}
