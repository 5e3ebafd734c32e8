import type { CorpusGroup, SpamLabel } from './corpus.ts';
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
  keepShare?: Partial<Record<CorpusGroup, number>>;
  /**
   * Keeps the very training e-mails this other version keeps (its shares,
   * its seeded choice); `keepShare` is then not used.
   */
  selectionOf?: string;
  /**
   * Also learns from the pool e-mails that this version's run queued for
   * labeling, with their true labels, as a labeling team returns them.
   */
  labeledQueueOf?: string;
  /** Labels from a noisier source than the corpus's groups. */
  labelNoise?: LabelNoise;
}

/**
 * Some training e-mails of one class come labeled as the other: those whose
 * metadata has every value of `when`, each with probability `share` (a
 * seeded draw per e-mail id).
 */
export interface LabelNoise {
  /** Who gave the labels, in a few words. */
  source: string;
  trueLabel: SpamLabel;
  givenLabel: SpamLabel;
  when: Readonly<Record<string, string | number | boolean | null>>;
  share: number;
}

/**
 * Users who report spam also report some commercial newsletters they signed
 * up for: 30 % of the HTML ham from outside mailing lists (docs/demo-data.md
 * has the measurements behind the share).
 */
const USER_SPAM_REPORTS: LabelNoise = {
  source: 'users\' "report spam" clicks',
  trueLabel: 'ham',
  givenLabel: 'spam',
  when: { html: true, mailingList: false },
  share: 0.3,
};

export const MODEL_VERSIONS: Record<string, ModelVersionSpec> = {
  v1: {
    modelVersion: 'v1',
    endpoint: 'spam-v1',
    description:
      'Trained with half of the hard-ham training e-mails, so it errs on hard ham.',
    keepShare: { 'hard-ham-1': 0.5 },
  },
  v2: {
    modelVersion: 'v2',
    endpoint: 'spam-v2',
    description:
      "v1's training e-mails plus the pool e-mails v1's run queued for labeling, " +
      'with their true labels.',
    selectionOf: 'v1',
    labeledQueueOf: 'v1',
  },
  v3: {
    modelVersion: 'v3',
    endpoint: 'spam-v3',
    description:
      "v2's training e-mails, labeled from users' spam reports: 30 % of the " +
      'HTML ham from outside mailing lists comes labeled spam.',
    selectionOf: 'v1',
    labeledQueueOf: 'v1',
    labelNoise: USER_SPAM_REPORTS,
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
 * of the training split, chosen by a seeded shuffle of the sorted ids; or
 * those of the version named by `selectionOf`.
 */
export function selectTrainingSet<T extends { id: string; group: CorpusGroup }>(
  spec: ModelVersionSpec,
  training: readonly T[],
  seed: number,
): T[] {
  if (spec.selectionOf !== undefined) {
    const base = modelVersionSpec(spec.selectionOf);
    if (base.selectionOf !== undefined) {
      throw new SpamDemoError(
        `${spec.modelVersion} must name a version that makes its own selection`,
        { field: 'selectionOf', value: spec.selectionOf },
      );
    }
    return selectTrainingSet(base, training, seed);
  }
  const byGroup = new Map<CorpusGroup, T[]>();
  for (const sample of training)
    byGroup.set(sample.group, [...(byGroup.get(sample.group) ?? []), sample]);

  const selected: T[] = [];
  for (const [group, samples] of byGroup) {
    const share = spec.keepShare?.[group] ?? 1;
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
