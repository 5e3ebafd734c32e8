import { membershipScores } from './membership.ts';
import { auroc, precisionAtK, rankByScore } from './metrics.ts';
import { TOP_AGGRESSORS } from './settings.ts';
import type { SliceScore } from './types.ts';

/** The score of a slice when a method reports no aggressor: nothing found, chance AUROC. */
export const NOTHING_FOUND: SliceScore = {
  precisionAt10: 0,
  precisionAt25: 0,
  auroc: 0.5,
  aggressorRank: null,
};

/**
 * Scores one planted slice as dcbench does: each of the method's first
 * TOP_AGGRESSORS aggressors (member indexes, best rank first) ranks every
 * sample by its membership score, and the aggressor with the highest P@10
 * counts (ties: higher AUROC, then better rank).
 */
export function scoreSlice(
  aggressors: ReadonlyArray<readonly number[]>,
  sliceMemberIndexes: readonly number[],
  embeddings: Float32Array,
  dimensions: number,
): SliceScore {
  const n = embeddings.length / dimensions;
  const inSlice = new Set(sliceMemberIndexes);
  const isMember = Array.from({ length: n }, (_, i) => inSlice.has(i));

  const scores = aggressors.slice(0, TOP_AGGRESSORS).map((members, index) => {
    const membership = membershipScores(embeddings, dimensions, members);
    const ranking = rankByScore(membership);
    return {
      precisionAt10: precisionAtK(ranking, isMember, Math.min(10, n)),
      precisionAt25: precisionAtK(ranking, isMember, Math.min(25, n)),
      auroc: auroc(membership, isMember),
      aggressorRank: index + 1,
    };
  });

  return scores.reduce<SliceScore>(
    (best, s) => (better(s, best) ? s : best),
    NOTHING_FOUND,
  );
}

function better(a: SliceScore, b: SliceScore): boolean {
  if (b.aggressorRank === null) return true;
  if (a.precisionAt10 !== b.precisionAt10) return a.precisionAt10 > b.precisionAt10;

  return a.auroc > b.auroc;
}
