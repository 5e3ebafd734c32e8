import { SpamDemoError } from './errors.ts';
import { deriveSeed, createRandom, shuffled } from './random.ts';

export type SplitName = 'evaluation' | 'pool' | 'training';

export interface SplitOptions {
  seed?: number;
  /** Share of every group in the evaluation split; default 0.5. */
  evaluationShare?: number;
  /** Share of every group in the unlabeled pool; default 0.25. */
  poolShare?: number;
}

/** Sample ids of each split, sorted. */
export type Splits = Record<SplitName, string[]>;

export const DEFAULT_SPLIT_SEED = 20021001;

/**
 * Stratified, seeded splits: inside each group the ids are sorted, shuffled
 * with a seed derived from the seed and the group name, and cut into
 * round(n x evaluationShare) evaluation, round(n x poolShare) pool and the
 * rest training. The same ids and options always give the same splits, and a
 * group's split does not depend on the other groups.
 */
export function assignSplits(
  samples: readonly { id: string; group: string }[],
  options: SplitOptions = {},
): Splits {
  const seed = options.seed ?? DEFAULT_SPLIT_SEED;
  const evaluationShare = options.evaluationShare ?? 0.5;
  const poolShare = options.poolShare ?? 0.25;
  validateShares(evaluationShare, poolShare);
  const groups = idsByGroup(samples);

  const splits: Splits = { evaluation: [], pool: [], training: [] };
  for (const [group, ids] of groups) {
    const order = shuffled([...ids].sort(), createRandom(deriveSeed(seed, group)));
    const evaluationCount = Math.round(ids.length * evaluationShare);
    const poolCount = Math.round(ids.length * poolShare);
    splits.evaluation.push(...order.slice(0, evaluationCount));
    splits.pool.push(...order.slice(evaluationCount, evaluationCount + poolCount));
    splits.training.push(...order.slice(evaluationCount + poolCount));
  }
  return {
    evaluation: splits.evaluation.sort(),
    pool: splits.pool.sort(),
    training: splits.training.sort(),
  };
}

function idsByGroup(samples: readonly { id: string; group: string }[]) {
  const groups = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const { id, group } of samples) {
    if (seen.has(id))
      throw new SpamDemoError('sample ids must be unique', { field: 'id', value: id });
    seen.add(id);
    groups.set(group, [...(groups.get(group) ?? []), id]);
  }

  return groups;
}

function validateShares(evaluationShare: number, poolShare: number) {
  for (const [field, value] of [
    ['evaluationShare', evaluationShare],
    ['poolShare', poolShare],
  ] as const) {
    if (!(value >= 0 && value <= 1)) {
      throw new SpamDemoError('a share must be between 0 and 1', { field, value });
    }
  }
  if (evaluationShare + poolShare > 1) {
    throw new SpamDemoError('evaluationShare + poolShare must not exceed 1', {
      field: 'poolShare',
      value: poolShare,
    });
  }
}
