import { embedEmail } from './embed.ts';
import type { EmailEmbedding } from './embed.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Embeds an e-mail's text (with a vocabulary bound in). */
export type EmbedText = (text: string) => EmailEmbedding;

/** Texts an embedder remembers before it starts over. */
export const DEFAULT_MAX_CACHED_TEXTS = 20_000;

/**
 * `embedEmail` with the vocabulary bound in, remembering each text's
 * embedding: endpoints that share it embed an e-mail once however many
 * model versions score it. The result is the same as without the cache;
 * callers must not change the returned vectors. Past `maxTexts` entries the
 * cache is emptied, so memory stays bounded.
 */
export function cachedEmbedder(
  vocabulary: Vocabulary,
  maxTexts = DEFAULT_MAX_CACHED_TEXTS,
): EmbedText {
  const cache = new Map<string, EmailEmbedding>();

  return (text) => {
    const known = cache.get(text);
    if (known !== undefined) return known;

    const embedded = embedEmail(vocabulary, text);
    if (cache.size >= maxTexts) cache.clear();
    cache.set(text, embedded);
    return embedded;
  };
}
