/**
 * Loading a whole bundle: the manifest, its samples and, when named, the
 * `.npy` of embeddings, with the checks that span files.
 */
import { posix } from 'node:path';
import { bundleError } from './errors.ts';
import { parseManifest } from './manifest.ts';
import type { ExpectedIdentity } from './manifest.ts';
import { parseNpy, readNpy } from './npy.ts';
import type { NpyMatrix } from './npy.ts';
import { isParquetPath, readParquetSamples } from './parquet.ts';
import { readSamples } from './samples.ts';
import type { BundleSource } from './source.ts';
import type { Manifest, Sample } from './types.ts';
import { decodeUtf8, utf8Lines } from './utf8.ts';
import { MANIFEST_FILE } from '../aws/keys.ts';

export interface LoadedBundle {
  manifest: Manifest;
  samples: Sample[];
  embeddings?: NpyMatrix;
  /** The unlabeled pool, when the manifest names one. */
  pool?: Sample[];
}

/** The pool folder's samples file. */
export const POOL_SAMPLES_FILE = 'samples.jsonl';

export async function loadBundle(
  source: BundleSource,
  expected?: ExpectedIdentity,
): Promise<LoadedBundle> {
  const manifestFile = source.describe(MANIFEST_FILE);
  if (!(await source.exists(MANIFEST_FILE))) {
    throw bundleError(
      { file: manifestFile },
      'not found: a bundle starts with manifest.json',
    );
  }
  const manifestText = decodeUtf8(await source.readBytes(MANIFEST_FILE), manifestFile);
  const manifest = parseManifest(manifestText, manifestFile, expected);

  await requireFile(source, manifestFile, 'samples', manifest.samples);
  const samples = await readEvaluationSamples(source, manifest);
  const pool = await readPool(source, manifestFile, manifest, samples);
  const withPool = pool === undefined ? {} : { pool };
  if (manifest.embeddings === undefined) return { manifest, samples, ...withPool };

  await requireFile(source, manifestFile, 'embeddings', manifest.embeddings);
  const embeddings = await readEmbeddings(source, manifest.embeddings, samples.length);

  return { manifest, samples, embeddings, ...withPool };
}

/** The samples file, JSON Lines or (by its extension) Parquet. */
async function readEvaluationSamples(
  source: BundleSource,
  manifest: Manifest,
): Promise<Sample[]> {
  const path = manifest.samples;
  const file = source.describe(path);
  if (isParquetPath(path)) {
    return readParquetSamples(await source.readBytes(path), file, manifest);
  }

  return readSamples(linesOf(source, path), file, manifest);
}

/** The pool's samples, whose ids may not repeat the evaluation's. */
async function readPool(
  source: BundleSource,
  manifestFile: string,
  manifest: Manifest,
  evaluation: readonly Sample[],
): Promise<Sample[] | undefined> {
  if (manifest.pool === undefined) return undefined;

  const path = posix.join(manifest.pool, POOL_SAMPLES_FILE);
  await requireFile(source, manifestFile, 'pool', path);
  const evaluationIds = {
    file: source.describe(manifest.samples),
    ids: new Set(evaluation.map((sample) => sample.id)),
  };

  return readSamples(
    linesOf(source, path),
    source.describe(path),
    manifest,
    'pool',
    evaluationIds,
  );
}

/** A JSON Lines file's lines, its bytes checked to be UTF-8 as they stream in. */
function linesOf(source: BundleSource, path: string): AsyncIterable<string> {
  const chunks = source.readChunks
    ? source.readChunks(path)
    : bytesAsChunks(source.readBytes(path));

  return utf8Lines(chunks, source.describe(path));
}

async function* bytesAsChunks(bytes: Promise<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield await bytes;
}

async function requireFile(
  source: BundleSource,
  manifestFile: string,
  field: 'samples' | 'embeddings' | 'pool',
  path: string,
): Promise<void> {
  if (await source.exists(path)) return;

  const where = source.describe(path);
  const problem = (await source.isFolder?.(path))
    ? `${JSON.stringify(path)} is a folder, not a file (${where}); name the file itself`
    : `file ${JSON.stringify(path)} not found (looked for ${where})`;
  throw bundleError({ file: manifestFile, field }, problem, path);
}

async function readEmbeddings(
  source: BundleSource,
  path: string,
  sampleCount: number,
): Promise<NpyMatrix> {
  const file = source.describe(path);
  const embeddings = source.readChunks
    ? await readNpy(source.readChunks(path), file)
    : parseNpy(await source.readBytes(path), file);
  if (embeddings.rows !== sampleCount) {
    const shape = `[${embeddings.rows}, ${embeddings.cols}]`;
    const problem =
      `expected ${sampleCount} rows, one per sample in sample order, ` +
      `got shape ${shape}`;
    throw bundleError({ file, field: 'shape' }, problem, shape);
  }

  return embeddings;
}
