import type { CorpusGroup } from './corpus.ts';
import { SpamDemoError } from './errors.ts';
import { createRandom, deriveSeed, shuffled } from './random.ts';

/** How one demo model version is trained; adding a version is adding an entry. */
export interface ModelVersionSpec {
  modelVersion: string;
  /** SageMaker endpoint name that serves it (also the model file's name). */
  endpoint: string;
  /** One sentence on what is special about its training set. */
  description: string;
  /** Share of a group's training e-mails kept; groups not named keep all. */
  keepShare: Partial<Record<CorpusGroup, number>>;
}

export const MODEL_VERSIONS: Record<string, ModelVersionSpec> = {
  v1: {
    modelVersion: 'v1',
    endpoint: 'spam-v1',
    description:
      'Trained with half of the hard-ham training e-mails, so it errs on hard ham.',
    keepShare: { 'hard-ham-1': 0.5 },
  },
};

export const DEFAULT_MODEL_VERSIONS = ['v1'];

export function modelVersionSpec(modelVersion: string): ModelVersionSpec {
  const spec = Object.hasOwn(MODEL_VERSIONS, modelVersion)
    ? MODEL_VERSIONS[modelVersion]
    : undefined;
  if (spec === undefined) {
    throw new SpamDemoError(
      `unknown model version; known: ${Object.keys(MODEL_VERSIONS).join(', ')}`,
      {
        field: 'versions',
        value: modelVersion,
      },
    );
  }

  return spec;
}

/**
 * The training e-mails a version learns from: per group, round(n x keepShare)
 * of the training split, chosen by a seeded shuffle of the sorted ids.
 */
export function selectTrainingSet<T extends { id: string; group: CorpusGroup }>(
  spec: ModelVersionSpec,
  training: readonly T[],
  seed: number,
): T[] {
  const byGroup = new Map<CorpusGroup, T[]>();
  for (const sample of training)
    byGroup.set(sample.group, [...(byGroup.get(sample.group) ?? []), sample]);

  const selected: T[] = [];
  for (const [group, samples] of byGroup) {
    const share = spec.keepShare[group] ?? 1;
    if (!(share >= 0 && share <= 1)) {
      throw new SpamDemoError(
        `keep share of ${spec.modelVersion} must be between 0 and 1`,
        {
          field: `keepShare.${group}`,
          value: share,
        },
      );
    }
    const sorted = [...samples].sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    const random = createRandom(deriveSeed(seed, `${spec.modelVersion}/${group}`));
    selected.push(
      ...shuffled(sorted, random).slice(0, Math.round(samples.length * share)),
    );
  }
  return selected.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
