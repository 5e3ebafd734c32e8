import type { MetadataValue } from '../../shared/bundle/types.ts';
import { loadCorpus } from '../../examples/spam-assassin/corpus.ts';
import type { SpamLabel } from '../../examples/spam-assassin/corpus.ts';
import { emailTokens, embedTokens } from '../../examples/spam-assassin/embed.ts';
import { defaultEmbeddingPackage } from '../../examples/spam-assassin/embedding-source.ts';
import { emailMetadata } from '../../examples/spam-assassin/metadata.ts';
import {
  assignSplits,
  DEFAULT_SPLIT_SEED,
} from '../../examples/spam-assassin/splits.ts';
import { spamDemoPaths } from '../../examples/spam-assassin/paths.ts';
import { ensureVocabulary } from '../../examples/spam-assassin/vocabulary-store.ts';

/** The e-mails the benchmark plants its slices in, in id order. */
export interface BenchCorpus {
  ids: string[];
  labels: SpamLabel[];
  metadata: Array<Record<string, MetadataValue>>;
  /** n x dimensions, row-major: each e-mail as the demo embeds it. */
  embeddings: Float32Array;
  dimensions: number;
}

/**
 * The demo's evaluation split of SpamAssassin, embedded and described as the
 * demo does (mean GloVe of the whole message, header metadata). The
 * vocabulary comes from `<stateDir>/cache/spam-vocabulary.bin`; only when it
 * is missing or stale is the GloVe file read (slow, about 1.3 GB).
 */
export async function loadBenchCorpus(
  stateDir: string,
  onProgress: (message: string) => void = () => undefined,
): Promise<BenchCorpus> {
  const corpus = await loadCorpus();
  const tokens = corpus.map((email) => emailTokens(email.text));
  const { vocabulary } = await ensureVocabulary({
    cachePath: spamDemoPaths(stateDir).vocabularyPath,
    tokens: new Set(tokens.flat()),
    embedding: defaultEmbeddingPackage(),
    onProgress,
  });
  const evaluation = new Set(
    assignSplits(corpus, { seed: DEFAULT_SPLIT_SEED }).evaluation,
  );
  const chosen = corpus
    .map((email, i) => ({ email, tokens: tokens[i] ?? [] }))
    .filter(({ email }) => evaluation.has(email.id))
    .sort((a, b) => (a.email.id < b.email.id ? -1 : 1));

  const dimensions = vocabulary.dimensions;
  const embeddings = new Float32Array(chosen.length * dimensions);
  const metadata = chosen.map(({ email, tokens: words }, i) => {
    const { vector, knownWords } = embedTokens(vocabulary, words);
    embeddings.set(vector, i * dimensions);
    return {
      ...emailMetadata(email.text),
      knownWords,
      emptyEmbedding: knownWords === 0,
    };
  });

  return {
    ids: chosen.map(({ email }) => email.id),
    labels: chosen.map(({ email }) => email.label),
    metadata,
    embeddings,
    dimensions,
  };
}
