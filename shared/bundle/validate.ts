/** `aggressors validate <bundle-dir>`: load a local bundle and summarize it. */
import { loadBundle } from './load.ts';
import { dirSource } from './source.ts';
import type { Manifest } from './types.ts';

export interface BundleSummary {
  manifest: Manifest;
  sampleCount: number;
  /** Embedding dimension when embeddings are given (inline or `.npy`), else null. */
  embeddingDim: number | null;
  /** True when the pipeline must call the manifest's endpoint. */
  needsInference: boolean;
}

export async function validateBundleDir(dir: string): Promise<BundleSummary> {
  const { manifest, samples, embeddings } = await loadBundle(dirSource(dir));
  const inlineDim = samples.find((sample) => sample.embedding)?.embedding?.length;

  return {
    manifest,
    sampleCount: samples.length,
    embeddingDim: embeddings?.cols ?? inlineDim ?? null,
    needsInference: manifest.inference !== undefined,
  };
}
