import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MANIFEST_FILE } from '../shared/aws/keys.ts';
import { CliError } from './errors.ts';

/**
 * The bundle folder a user means: the folder itself, or the folder of a
 * `manifest.json` named directly. A missing folder or manifest is said plainly.
 */
export async function resolveBundleDir(path: string): Promise<string> {
  const found = await stat(path).catch(() => undefined);
  if (found === undefined) throw new CliError(`${path}: no such file or folder`);
  const dir = found.isFile() && basename(path) === MANIFEST_FILE ? dirname(path) : path;
  if (found.isFile() && dir === path) {
    throw new CliError(
      `${path}: expected a bundle folder (one holding ${MANIFEST_FILE})`,
    );
  }

  const manifest = await stat(join(dir, MANIFEST_FILE)).catch(() => undefined);
  if (manifest === undefined) {
    throw new CliError(
      `${join(dir, MANIFEST_FILE)}: not found: a bundle starts with ${MANIFEST_FILE}`,
    );
  }
  return dir;
}
