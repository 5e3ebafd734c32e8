/** The corpus group the demo's story is about: ham that looks like spam. */
export const HARD_HAM_GROUP = 'hard-ham-1';

/**
 * An aggressor counts as the hard-ham one when more than this share of its
 * members is hard ham ("mostly", as CI's scripts/check-demo-aggressor.mjs
 * reads it too).
 */
export const MIN_HARD_HAM_SHARE = 0.5;

interface AggressorMembers {
  id: string;
  rank: number;
  sampleIds: readonly string[];
}

/**
 * The best-ranked aggressor most of whose members are hard ham (the sample
 * id carries the corpus group), or undefined when none is; an analysis
 * change that reorders the aggressors does not change which one the demo
 * saves as its test.
 */
export function findHardHamAggressor<T extends AggressorMembers>(
  aggressors: readonly T[],
): T | undefined {
  const byRank = [...aggressors].sort((a, b) => a.rank - b.rank);

  return byRank.find((a) => hardHamShare(a.sampleIds) > MIN_HARD_HAM_SHARE);
}

/** Share of the ids that belong to the hard-ham group; 0 for no ids. */
export function hardHamShare(sampleIds: readonly string[]): number {
  if (sampleIds.length === 0) return 0;
  const hardHam = sampleIds.filter((id) => id.startsWith(`${HARD_HAM_GROUP}/`));

  return hardHam.length / sampleIds.length;
}
