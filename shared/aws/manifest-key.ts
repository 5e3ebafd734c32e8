import { EVALUATIONS_PREFIX, MANIFEST_FILE } from './keys.ts';

export interface ManifestLocation {
  project: string;
  modelVersion: string;
}

/**
 * The project and model version of `evaluations/<project>/<modelVersion>/manifest.json`;
 * undefined for any other key.
 */
export function parseManifestKey(key: string): ManifestLocation | undefined {
  if (!key.startsWith(EVALUATIONS_PREFIX)) return undefined;

  const parts = key.slice(EVALUATIONS_PREFIX.length).split('/');
  const [project, modelVersion, file] = parts;
  if (parts.length !== 3 || !project || !modelVersion || file !== MANIFEST_FILE) {
    return undefined;
  }

  return { project, modelVersion };
}

/** As `parseManifestKey`, for a key that must be a manifest's. */
export function requireManifestKey(key: string): ManifestLocation {
  const location = parseManifestKey(key);
  if (location === undefined) {
    throw new RangeError(
      `manifest key must be ${EVALUATIONS_PREFIX}<project>/<modelVersion>/` +
        `${MANIFEST_FILE}, got "${key}"`,
    );
  }

  return location;
}
