import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBundle } from '../../../shared/bundle/load.ts';
import { encodeNpy } from '../../../shared/bundle/npy.ts';
import { dirSource } from '../../../shared/bundle/source.ts';
import { catchBundleError, MEMORY_PREFIX, memorySource } from './helpers.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/bundles/', import.meta.url));
const fixtureText = (path: string) => readFileSync(`${FIXTURES}${path}`, 'utf8');

const manifest = {
  schemaVersion: 1,
  project: 'pets',
  modelVersion: 'v1',
  task: 'custom',
  samples: 'data/samples.jsonl',
  embeddings: 'data/embeddings.npy',
};
const samplesText = ['a', 'b', 'c']
  .map((id, index) => JSON.stringify({ id, loss: index / 2 }))
  .join('\n');

function files(changes: Record<string, string | Uint8Array | undefined> = {}) {
  const all: Record<string, string | Uint8Array | undefined> = {
    'manifest.json': JSON.stringify(manifest),
    'data/samples.jsonl': samplesText,
    'data/embeddings.npy': encodeNpy(new Float32Array(6).fill(0.5), 3, 2),
    ...changes,
  };

  return Object.fromEntries(
    Object.entries(all).filter(
      (entry): entry is [string, string | Uint8Array] => entry[1] !== undefined,
    ),
  );
}

describe('Function: loadBundle', () => {
  it('loads the classification fixture with inline embeddings', async () => {
    const bundle = await loadBundle(dirSource(`${FIXTURES}classification`));

    expect(bundle.manifest).toEqual(
      JSON.parse(fixtureText('classification/manifest.json')),
    );
    expect(bundle.samples.map((sample) => sample.id)).toEqual(
      ['000', '001', '002', '003', '004', '005'].map((n) => `img-${n}`),
    );
    expect(bundle.samples.every((sample) => sample.embedding?.length === 4)).toBe(true);
    expect(bundle.samples[0]?.metadata.year).toBe('2019');
    expect(bundle.embeddings).toBeUndefined();
  });

  it('loads the fixture whose embeddings numpy saved as an .npy', async () => {
    const expected = { project: 'pets', modelVersion: 'v2' };

    const bundle = await loadBundle(dirSource(`${FIXTURES}with-npy`), expected);

    expect(bundle.samples).toHaveLength(6);
    expect(bundle.embeddings?.rows).toBe(6);
    expect(bundle.embeddings?.cols).toBe(4);
    expect(bundle.embeddings?.data[4 * 5 + 3]).toBe((23 - 2.5) / 4);
  });

  it('loads a bundle whose files sit in a subfolder', async () => {
    const bundle = await loadBundle(memorySource(files()));

    expect(bundle.samples.map((sample) => sample.loss)).toEqual([0, 0.5, 1]);
    expect(bundle.embeddings?.rows).toBe(3);
  });

  it('rejects a bundle without manifest.json', async () => {
    const source = memorySource(files({ 'manifest.json': undefined }));

    const error = await catchBundleError(() => loadBundle(source), {
      file: `${MEMORY_PREFIX}manifest.json`,
    });

    expect(error.message).toContain('not found');
  });

  it('names the manifest and its upload path when they disagree', async () => {
    const expected = { project: 'pets', modelVersion: 'v9' };

    await catchBundleError(() => loadBundle(memorySource(files()), expected), {
      file: `${MEMORY_PREFIX}manifest.json`,
      field: 'modelVersion',
      value: 'v1',
    });
  });

  it.each([
    ['samples', 'data/samples.jsonl'],
    ['embeddings', 'data/embeddings.npy'],
  ])(
    'rejects a missing %s file naming the manifest field and path',
    async (field, path) => {
      const source = memorySource(files({ [path]: undefined }));

      const error = await catchBundleError(() => loadBundle(source), {
        file: `${MEMORY_PREFIX}manifest.json`,
        field,
        value: path,
      });

      expect(error.message).toContain(`looked for ${MEMORY_PREFIX}${path}`);
    },
  );

  it('rejects an .npy whose row count differs from the samples', async () => {
    const npy = encodeNpy(new Float32Array(8), 4, 2);
    const source = memorySource(files({ 'data/embeddings.npy': npy }));

    const error = await catchBundleError(() => loadBundle(source), {
      file: `${MEMORY_PREFIX}data/embeddings.npy`,
      field: 'shape',
      value: '[4, 2]',
    });

    expect(error.message).toContain('expected 3 rows, one per sample');
  });

  it('rejects samples with inline embeddings when an .npy is named', async () => {
    const samples = `${samplesText}\n${JSON.stringify({ id: 'd', loss: 1, embedding: [1, 2] })}`;
    const source = memorySource(files({ 'data/samples.jsonl': samples }));

    await catchBundleError(() => loadBundle(source), {
      file: `${MEMORY_PREFIX}data/samples.jsonl`,
      line: 4,
      field: 'embedding',
      value: [1, 2],
    });
  });

  it('names the samples file as the source describes it', async () => {
    const source = memorySource(
      files({ 'data/samples.jsonl': '{"id": "a", "loss": NaN}' }),
    );

    await catchBundleError(() => loadBundle(source), {
      file: `${MEMORY_PREFIX}data/samples.jsonl`,
      line: 1,
      field: 'loss',
      value: 'NaN',
    });
  });

  it('rejects a Latin-1 byte in the samples read whole, naming line and offset', async () => {
    const latin1 = Uint8Array.from([
      ...new TextEncoder().encode(`${samplesText}\n{"id": "caf`),
      0xe9,
      ...new TextEncoder().encode('", "loss": 0}\n'),
    ]);
    const source = memorySource(files({ 'data/samples.jsonl': latin1 }));

    const error = await catchBundleError(() => loadBundle(source), {
      file: `${MEMORY_PREFIX}data/samples.jsonl`,
      line: 4,
      value: '0xE9',
    });

    expect(error.message).toContain(`byte offset ${latin1.indexOf(0xe9)} of the file`);
  });

  it('rejects a Latin-1 byte in the manifest naming its line', async () => {
    const text = JSON.stringify({ ...manifest, project: 'caf_' }, null, 2);
    const latin1 = new TextEncoder().encode(text);
    latin1[text.indexOf('caf_') + 3] = 0xe9;
    const source = memorySource(files({ 'manifest.json': latin1 }));

    await catchBundleError(() => loadBundle(source), {
      file: `${MEMORY_PREFIX}manifest.json`,
      line: 3,
      value: '0xE9',
    });
  });

  it('reads samples that begin with a byte order mark', async () => {
    const source = memorySource(
      files({ 'data/samples.jsonl': `\uFEFF${samplesText}` }),
    );

    const bundle = await loadBundle(source);

    expect(bundle.samples.map((sample) => sample.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('Function: loadBundle, from a folder', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aggressors-load-'));
    await mkdir(join(dir, 'data'));
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({ ...manifest, embeddings: undefined }),
    );
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('rejects a Latin-1 byte in a streamed samples file, naming line and offset', async () => {
    const lines = Array.from({ length: 12_000 }, (_, i) =>
      JSON.stringify({ id: `s${i}`, loss: 0, embedding: [1, 2] }),
    );
    const bad = Buffer.concat([
      Buffer.from(`${lines.join('\n')}\n{"id":"caf`),
      Buffer.from([0xe9]),
      Buffer.from('","loss":0,"embedding":[1,2]}\n'),
    ]);
    await writeFile(join(dir, 'data', 'samples.jsonl'), bad);

    const error = await catchBundleError(() => loadBundle(dirSource(dir)), {
      file: join(dir, 'data', 'samples.jsonl'),
      line: 12_001,
      value: '0xE9',
    });

    expect(bad.byteLength).toBeGreaterThan(1 << 18);
    expect(error.message).toContain(`byte offset ${bad.indexOf(0xe9)} of the file`);
  });

  it('says the samples path is a folder, not that it is missing', async () => {
    await mkdir(join(dir, 'data', 'samples.jsonl'));

    const error = await catchBundleError(() => loadBundle(dirSource(dir)), {
      file: join(dir, 'manifest.json'),
      field: 'samples',
      value: 'data/samples.jsonl',
    });

    expect(error.message).toContain('"data/samples.jsonl" is a folder, not a file');
    expect(error.message).not.toContain('not found');
  });
});
