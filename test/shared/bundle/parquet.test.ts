/**
 * The files under test/fixtures/parquet/ were written by DuckDB 1.5.6 with
 * test/fixtures/parquet/make-fixtures.ts: six samples whose row i (from 0)
 * holds id "msg-00i", label "spam" when i % 3 = 0 else "ham", scores
 * [0.25 + i/100, 0.75 - i/100], embedding [i/4, -i/4, 0.5, 1.5 i] as FLOAT,
 * and metadata year = 2015 + i (INTEGER), lengthChars = 1000 i (BIGINT),
 * html = i even (BOOLEAN), senderDomain "a.com"/"b.org" (NULL at i = 4) and
 * ratio = i/8 (DOUBLE); snappy unless the name says otherwise.
 * many-groups.parquet: 5,000 rows "m<i>" in row groups of 2,048, embedding
 * [i, 1], label "ham" but "eggs" at i = 4320 (row 4321). types.parquet,
 * blob.parquet and huge-int.parquet: three, two and two rows "r<i>" with
 * loss i/10 and embedding [i, 0.5], and the columns their tests name.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../../shared/bundle/load.ts';
import { isParquetPath, readParquetSamples } from '../../../shared/bundle/parquet.ts';
import { dirSource } from '../../../shared/bundle/source.ts';
import type { Manifest } from '../../../shared/bundle/types.ts';
import { catchBundleError } from './helpers.ts';

const FIXTURES = new URL('../../fixtures/parquet/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

const manifest: Manifest = {
  schemaVersion: 1,
  project: 'spam',
  modelVersion: 'v1',
  task: 'classification',
  classes: ['ham', 'spam'],
  scores: 'probabilities',
  samples: 'samples.parquet',
};

function expectedSample(i: number) {
  return {
    id: `msg-00${i}`,
    label: i % 3 === 0 ? 'spam' : 'ham',
    scores: [0.25 + i / 100, 0.75 - i / 100],
    embedding: [i / 4, 0 - i / 4, 0.5, i * 1.5],
    metadata: {
      year: 2015 + i,
      lengthChars: 1000 * i,
      html: i % 2 === 0,
      senderDomain: i === 4 ? null : ['a.com', 'b.org'][i % 2],
      ratio: i / 8,
    },
  };
}

describe('Function: readParquetSamples', () => {
  it.each(['bundle/samples.parquet', 'zstd.parquet', 'array.parquet'])(
    'reads every sample of the DuckDB-written %s with its metadata',
    async (name) => {
      const samples = await readParquetSamples(fixture(name), name, manifest);

      expect(samples).toHaveLength(6);
      samples.forEach((sample, i) => {
        const expected = expectedSample(i);
        expect(sample.id).toBe(expected.id);
        expect(sample.label).toBe(expected.label);
        expect(sample.embedding).toEqual(expected.embedding);
        expect(sample.metadata).toEqual(expected.metadata);
        sample.scores?.forEach((score, j) =>
          expect(score).toBeCloseTo(expected.scores[j] as number, 12),
        );
      });
    },
  );

  it('names the file, row and entry of a null inside an embedding', async () => {
    const error = await catchBundleError(
      () =>
        readParquetSamples(fixture('null-in-embedding.parquet'), 'n.parquet', manifest),
      { file: 'n.parquet', field: 'embedding[1]', value: null },
    );

    expect(error.row).toBe(3);
    expect(error.message).toContain('n.parquet row 3, field "embedding[1]"');
    expect(error.toRecord()).toMatchObject({ row: 3, field: 'embedding[1]' });
  });

  it('names the row, field and value of a label outside the classes', async () => {
    const error = await catchBundleError(
      () => readParquetSamples(fixture('bad-label.parquet'), 'b.parquet', manifest),
      { file: 'b.parquet', field: 'label', value: 'eggs' },
    );

    expect(error.row).toBe(4);
  });

  it('counts rows across row groups when it names a bad row', async () => {
    const error = await catchBundleError(
      () => readParquetSamples(fixture('many-groups.parquet'), 'm.parquet', manifest),
      { file: 'm.parquet', field: 'label', value: 'eggs' },
    );

    expect(error.row).toBe(4321);
  });

  it('reads every row group of a file in row order', async () => {
    const fixed = new Uint8Array(fixture('many-groups.parquet'));
    const withEggs: Manifest = { ...manifest, classes: ['ham', 'eggs'] };

    const samples = await readParquetSamples(fixed, 'm.parquet', withEggs);

    expect(samples).toHaveLength(5000);
    expect(samples[4999]?.embedding).toEqual([4999, 1]);
    expect(samples.map((s) => s.id).slice(2046, 2050)).toEqual([
      'm2046',
      'm2047',
      'm2048',
      'm2049',
    ]);
  });

  it('refuses a file without an id column, listing the columns it has', async () => {
    const error = await catchBundleError(
      () => readParquetSamples(fixture('no-id.parquet'), 'x.parquet', manifest),
      { file: 'x.parquet', field: 'id' },
    );

    expect(error.message).toContain('label, scores, embedding');
  });

  it('refuses bytes that are not Parquet', async () => {
    const bytes = new TextEncoder().encode('{"id": "a"}\n');

    const error = await catchBundleError(
      () => readParquetSamples(bytes, 'fake.parquet', manifest),
      { file: 'fake.parquet' },
    );

    expect(error.message).toContain('not a readable Parquet file');
  });
});

describe('Function: readParquetSamples (column types)', () => {
  const custom: Manifest = {
    ...manifest,
    task: 'custom',
    classes: undefined,
    scores: undefined,
  };

  it('reads input, heatmap, a metadata STRUCT, dates, timestamps and small integers', async () => {
    const samples = await readParquetSamples(
      fixture('types.parquet'),
      't.parquet',
      custom,
    );

    expect(samples[1]).toEqual({
      id: 'r1',
      loss: 0.1,
      embedding: [1, 0.5],
      input: 's3://bucket/r1.txt',
      heatmap: [
        [1, 1],
        [0, 0.5],
      ],
      metadata: {
        team: 'blue',
        level: 1,
        day: '2026-01-02T00:00:00.000Z',
        seenAt: '2026-01-01T13:00:00.000Z',
        small: 1,
      },
    });
  });

  it('reads a binary column without annotation as text', async () => {
    const samples = await readParquetSamples(
      fixture('blob.parquet'),
      'b.parquet',
      custom,
    );

    expect(samples[0]?.metadata).toEqual({ raw: 'abc' });
  });

  it('refuses a 64-bit integer beyond 2^53, naming row, field and value', async () => {
    const error = await catchBundleError(
      () => readParquetSamples(fixture('huge-int.parquet'), 'h.parquet', custom),
      { file: 'h.parquet', field: 'big', value: '1152921504606846976' },
    );

    expect(error.row).toBe(2);
  });
});

describe('Function: isParquetPath', () => {
  it('tells a Parquet samples path by its extension, in any case', () => {
    expect(isParquetPath('data/samples.parquet')).toBe(true);
    expect(isParquetPath('SAMPLES.PARQUET')).toBe(true);
    expect(isParquetPath('samples.jsonl')).toBe(false);
  });
});

describe('Function: loadBundle (Parquet)', () => {
  it('loads a bundle whose manifest names a Parquet samples file', async () => {
    const bundle = await loadBundle(dirSource(new URL('bundle/', FIXTURES).pathname));

    expect(bundle.manifest.samples).toBe('samples.parquet');
    expect(bundle.samples.map((s) => s.id)).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `msg-00${i}`),
    );
    expect(bundle.samples[5]?.metadata).toEqual(expectedSample(5).metadata);
  });
});
