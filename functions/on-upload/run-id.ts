/**
 * The run id, which is also the Step Functions execution name: readable
 * slugs of the project and model version, then a hash that makes it unique.
 */
import { createHash } from 'node:crypto';
import { requireManifestKey } from '../../shared/aws/manifest-key.ts';

export const RUN_ID_MAX_LENGTH = 80;
const SLUG_MAX_LENGTH = 28;
const HASH_HEX_LENGTH = 20;

/** The uploaded manifest object; the CLI builds it from a HeadObject. */
export interface RunIdSource {
  bucket: string;
  /** `evaluations/<project>/<modelVersion>/manifest.json`, decoded. */
  key: string;
  versionId?: string;
  /** Without quotes; used when the bucket gives no version id. */
  etag?: string;
}

/**
 * `<project slug>-<version slug>-<hash>`: at most 80 characters of
 * [A-Za-z0-9_-]. The hash covers bucket, key and version id (or ETag), so
 * names that differ only in characters the slugs drop still get distinct run
 * ids, and the same upload delivered twice gets the same one.
 */
export function runIdFor(source: RunIdSource): string {
  const { project, modelVersion } = requireManifestKey(source.key);
  const revision = source.versionId || source.etag;
  if (!revision) {
    throw new RangeError(
      `run id of s3://${source.bucket}/${source.key} needs a version id or an ETag, got neither`,
    );
  }

  const hash = createHash('sha256')
    .update(JSON.stringify([source.bucket, source.key, revision]))
    .digest('hex')
    .slice(0, HASH_HEX_LENGTH);

  return `${slug(project)}-${slug(modelVersion)}-${hash}`;
}

/** Latin letters lose their accents; any other run of characters becomes '_'. */
export function slug(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .slice(0, SLUG_MAX_LENGTH);

  return ascii.length > 0 ? ascii : '_';
}
