import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest, Sample } from '../../shared/bundle/types.ts';

export const POOL_FOLDER = 'pool/';

/**
 * Writes an evaluation bundle folder from scratch: the samples, the pool's
 * samples (without labels) under `pool/`, and `manifest.json` last, since
 * its arrival is what starts a run.
 */
export async function writeBundle(
  dir: string,
  manifest: Manifest,
  samples: readonly Sample[],
  poolSamples: readonly Sample[],
): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, POOL_FOLDER), { recursive: true });

  await writeFile(path.join(dir, manifest.samples), toJsonLines(samples));
  if (manifest.pool !== undefined) {
    await writeFile(
      path.join(dir, manifest.pool, 'samples.jsonl'),
      toJsonLines(poolSamples),
    );
  }
  await writeFile(
    path.join(dir, 'manifest.json'),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
}

function toJsonLines(rows: readonly unknown[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}
