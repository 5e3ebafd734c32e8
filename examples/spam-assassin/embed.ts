import { tokenize } from './tokenize.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface EmailEmbedding {
  /** Mean of the vectors of the known words; all zeros when none is known. */
  vector: Float32Array;
  /** Words found in the vocabulary (repeats counted). */
  knownWords: number;
  /** All words, known or not. */
  totalWords: number;
}

/**
 * The words of an e-mail that its embedding is made of: the whole message as
 * sent, headers and markup included (see docs/demo-data.md for why).
 */
export function emailTokens(text: string): string[] {
  return tokenize(text);
}

export function embedEmail(vocabulary: Vocabulary, text: string): EmailEmbedding {
  return embedTokens(vocabulary, emailTokens(text));
}

/** Unknown words are skipped; the sum is taken in float64 before dividing. */
export function embedTokens(
  vocabulary: Vocabulary,
  tokens: readonly string[],
): EmailEmbedding {
  const { dimensions, index, vectors } = vocabulary;
  const sum = new Float64Array(dimensions);
  let knownWords = 0;

  for (const token of tokens) {
    const row = index.get(token);
    if (row === undefined) continue;
    const start = row * dimensions;
    for (let d = 0; d < dimensions; d += 1) sum[d] = sum[d]! + vectors[start + d]!;
    knownWords += 1;
  }

  const vector = new Float32Array(dimensions);
  if (knownWords > 0) sum.forEach((value, d) => (vector[d] = value / knownWords));
  return { vector, knownWords, totalWords: tokens.length };
}
