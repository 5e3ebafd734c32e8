import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateBundleDir } from '../../../shared/bundle/validate.ts';
import { catchBundleError } from './helpers.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/bundles/', import.meta.url));

let inferenceDir: string;

beforeAll(async () => {
  inferenceDir = await mkdtemp(join(tmpdir(), 'bundle-validate-'));
  const manifest = {
    schemaVersion: 1,
    project: 'reviews',
    modelVersion: '2024-06',
    task: 'regression',
    samples: 'samples.jsonl',
    inference: { endpoint: 'reviews-2024-06', maxBatchBytes: 4_000_000 },
  };
  const samples = [
    { id: 'r1', label: 4, input: { text: 'great' } },
    { id: 'r2', label: 1, input: { text: 'awful' } },
  ];
  await writeFile(join(inferenceDir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(
    join(inferenceDir, 'samples.jsonl'),
    samples.map((sample) => JSON.stringify(sample)).join('\n'),
  );
});

afterAll(async () => {
  await rm(inferenceDir, { recursive: true, force: true });
});

describe('Function: validateBundleDir', () => {
  it('summarizes a bundle with inline embeddings', async () => {
    const summary = await validateBundleDir(join(FIXTURES, 'classification'));

    expect(summary).toMatchObject({
      sampleCount: 6,
      embeddingDim: 4,
      needsInference: false,
    });
    expect(summary.manifest.project).toBe('pets');
  });

  it('takes the embedding dimension from the .npy when one is named', async () => {
    const summary = await validateBundleDir(join(FIXTURES, 'with-npy'));

    expect(summary).toMatchObject({
      sampleCount: 6,
      embeddingDim: 4,
      needsInference: false,
    });
  });

  it('reports a bundle that needs inference, with no embedding dimension', async () => {
    const summary = await validateBundleDir(inferenceDir);

    expect(summary).toMatchObject({
      sampleCount: 2,
      embeddingDim: null,
      needsInference: true,
    });
  });

  it('rejects a folder without a bundle naming the manifest path', async () => {
    await catchBundleError(() => validateBundleDir(FIXTURES), {
      file: join(FIXTURES, 'manifest.json'),
    });
  });
});
