import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { readEmbeddingSubset } from './embedding-source.ts';
import type { EmbeddingPackage } from './embedding-source.ts';
import { TOKENIZER_VERSION } from './tokenize.ts';
import {
  readVocabularyCache,
  readVocabularyInfo,
  writeVocabularyCache,
} from './vocabulary-cache.ts';
import { createVocabulary } from './vocabulary.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface EnsureVocabularyOptions {
  /** The cache file, e.g. `<stateDir>/cache/spam-vocabulary.bin`. */
  cachePath: string;
  /** Every token of the corpus. */
  tokens: ReadonlySet<string>;
  embedding: EmbeddingPackage;
  onProgress?: (message: string) => void;
}

export interface EnsuredVocabulary {
  vocabulary: Vocabulary;
  /** True when the table was cut from the embedding file in this call. */
  rebuilt: boolean;
}

/**
 * The compact vocabulary for these tokens: read from the cache when its
 * fingerprint matches (tokenizer version, embedding source, token set),
 * otherwise cut from the embedding file (slow) and cached.
 */
export async function ensureVocabulary(
  options: EnsureVocabularyOptions,
): Promise<EnsuredVocabulary> {
  const fingerprint = vocabularyFingerprint(options.tokens, options.embedding.source);
  if (
    (await exists(options.cachePath)) &&
    (await readVocabularyInfo(options.cachePath)).fingerprint === fingerprint
  ) {
    return { vocabulary: await readVocabularyCache(options.cachePath), rebuilt: false };
  }

  options.onProgress?.(
    `reading ${options.embedding.source} (once: several seconds, about 1.3 GB)`,
  );
  const subset = await readEmbeddingSubset(options.embedding.file, options.tokens);
  const info = {
    source: options.embedding.source,
    tokenizer: TOKENIZER_VERSION,
    fingerprint,
  };
  const vocabulary = createVocabulary(
    subset.words,
    subset.vectors,
    subset.dimensions,
    info,
  );
  await writeVocabularyCache(options.cachePath, vocabulary);
  options.onProgress?.(
    `cached ${subset.words.length} word vectors in ${options.cachePath}`,
  );
  return { vocabulary, rebuilt: true };
}

export function vocabularyFingerprint(
  tokens: ReadonlySet<string>,
  source: string,
): string {
  const hash = createHash('sha256');
  hash.update(`${TOKENIZER_VERSION}\n${source}\n`);
  for (const token of [...tokens].sort()) hash.update(`${token}\n`);

  return hash.digest('hex');
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
