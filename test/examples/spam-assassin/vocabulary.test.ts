import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEmbeddingSubset } from '../../../examples/spam-assassin/embedding-source.ts';
import { VocabularyError } from '../../../examples/spam-assassin/errors.ts';
import {
  readVocabularyCache,
  writeVocabularyCache,
} from '../../../examples/spam-assassin/vocabulary-cache.ts';
import { ensureVocabulary } from '../../../examples/spam-assassin/vocabulary-store.ts';
import {
  createVocabulary,
  vectorOf,
} from '../../../examples/spam-assassin/vocabulary.ts';
import { temporaryDir, writeFakeEmbedding } from './fixtures.ts';

const VECTORS = {
  free: [1, 0, 0],
  money: [0, 2, 0],
  meeting: [0, 0, 3],
  unused: [9, 9, 9],
};
const INFO = { source: 'fake@1.0.0', tokenizer: 'letters-v1', fingerprint: 'abc' };

let dir: string;

beforeEach(async () => {
  dir = await temporaryDir();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Function: readEmbeddingSubset', () => {
  it('keeps only the wanted words it has, sorted, without norm and index', async () => {
    const file = await writeFakeEmbedding(dir, VECTORS);

    const subset = await readEmbeddingSubset(
      file,
      new Set(['money', 'free', 'absent']),
    );

    expect(subset.dimensions).toBe(3);
    expect(subset.words).toEqual(['free', 'money']);
    expect(Array.from(subset.vectors)).toEqual([1, 0, 0, 0, 2, 0]);
  });

  it('does not treat inherited object keys as words', async () => {
    const file = await writeFakeEmbedding(dir, VECTORS);

    const subset = await readEmbeddingSubset(
      file,
      new Set(['constructor', 'toString']),
    );

    expect(subset.words).toEqual([]);
  });

  it('names the file, field and value of a row that is too short', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ dimensions: 3, vectors: { free: [1, 2] } }));

    const reading = readEmbeddingSubset(file, new Set(['free']));

    await expect(reading).rejects.toThrow(VocabularyError);
    await expect(reading).rejects.toThrow(
      `expected an array of at least 3 numbers (file ${file}, field vectors.free, value "array of 2")`,
    );
  });

  it('rejects a file without a positive integer dimensions field', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ dimensions: 'three', vectors: {} }));

    await expect(readEmbeddingSubset(file, new Set())).rejects.toThrow(
      'field dimensions, value "three"',
    );
  });
});

describe('Function: writeVocabularyCache / readVocabularyCache', () => {
  it('reads back the words, vectors and info it wrote', async () => {
    const file = path.join(dir, 'cache', 'vocabulary.bin');
    const vectors = Float32Array.from([0.5, -1.25, 3, 1e-7, 0, 7]);
    const vocabulary = createVocabulary(['ça', 'free', 'money'], vectors, 2, INFO);

    await writeVocabularyCache(file, vocabulary);
    const read = await readVocabularyCache(file);

    expect(read.words).toEqual(['ça', 'free', 'money']);
    expect(read.dimensions).toBe(2);
    expect(read.info).toEqual(INFO);
    expect(Array.from(read.vectors)).toEqual(Array.from(vectors));
    expect(Array.from(vectorOf(read, 'money') ?? [])).toEqual([0, 7]);
  });

  it('rejects a file that is not a vocabulary cache', async () => {
    const file = path.join(dir, 'other.bin');
    await writeFile(file, 'hello world');

    await expect(readVocabularyCache(file)).rejects.toThrow(
      `not a vocabulary cache file (file ${file}, field magic)`,
    );
  });

  it('rejects a truncated file, naming the byte count found', async () => {
    const file = path.join(dir, 'vocabulary.bin');
    await writeVocabularyCache(
      file,
      createVocabulary(['a'], Float32Array.from([1, 2]), 2, INFO),
    );
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 4));

    await expect(readVocabularyCache(file)).rejects.toThrow(
      'expected 8 bytes of vectors',
    );
  });
});

describe('Function: createVocabulary', () => {
  it('rejects vectors whose length is not words x dimensions', () => {
    expect(() => createVocabulary(['a', 'b'], new Float32Array(3), 2, INFO)).toThrow(
      'expected 2 x 2 = 4 numbers (field vectors, value 3)',
    );
  });

  it('rejects repeated words', () => {
    expect(() => createVocabulary(['a', 'a'], new Float32Array(2), 1, INFO)).toThrow(
      'words must be unique',
    );
  });
});

describe('Function: ensureVocabulary', () => {
  it('cuts the table from the embedding file once, then reads the cache', async () => {
    const file = await writeFakeEmbedding(dir, VECTORS);
    const cachePath = path.join(dir, 'cache', 'vocabulary.bin');
    const options = {
      cachePath,
      tokens: new Set(['free', 'meeting', 'nope']),
      embedding: { file, source: 'fake@1.0.0' },
    };

    const first = await ensureVocabulary(options);
    await rm(file);
    const second = await ensureVocabulary(options);

    expect(first.rebuilt).toBe(true);
    expect(second.rebuilt).toBe(false);
    expect(second.vocabulary.words).toEqual(['free', 'meeting']);
    expect(second.vocabulary.info).toEqual(first.vocabulary.info);
  });

  it('rebuilds the cache when the corpus tokens change', async () => {
    const file = await writeFakeEmbedding(dir, VECTORS);
    const cachePath = path.join(dir, 'vocabulary.bin');
    const embedding = { file, source: 'fake@1.0.0' };
    await ensureVocabulary({ cachePath, tokens: new Set(['free']), embedding });

    const again = await ensureVocabulary({
      cachePath,
      tokens: new Set(['free', 'money']),
      embedding,
    });

    expect(again.rebuilt).toBe(true);
    expect(again.vocabulary.words).toEqual(['free', 'money']);
  });
});
