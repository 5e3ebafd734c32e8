import { precisionAtK, rankByScore } from './metrics.ts';

/**
 * How findable a slice is in the embedding space at all: an oracle that
 * knows the centre of the slice's wrong predictions ranks the run's wrong
 * predictions by distance to it, and we take the precision of its first 10
 * (and 25). A cluster in embedding space, with or without the error signal,
 * is one centre: when even this oracle's first 10 are mostly outside the
 * slice, the slice is not a compact region of these embeddings (for example
 * a sender domain whose mail reads like everyone else's) and no clustering
 * of them can isolate it. Not a strict bound, a yardstick: the bench reports
 * it beside each method so a low score can be read against it.
 */
export function centreOracle(
  embeddings: Float32Array,
  dimensions: number,
  sliceMemberIndexes: readonly number[],
  wrong: readonly boolean[],
): { precisionAt10: number; precisionAt25: number } {
  const inSlice = new Set(sliceMemberIndexes);
  const wrongMembers = sliceMemberIndexes.filter((i) => wrong[i]);
  const centre = meanRow(embeddings, dimensions, wrongMembers);
  const candidates = wrong.flatMap((w, i) => (w ? [i] : []));
  const closeness = candidates.map(
    (i) => -squaredDistance(embeddings, dimensions, i, centre),
  );
  const ranking = rankByScore(closeness);
  const isMember = candidates.map((i) => inSlice.has(i));
  const at = (k: number) =>
    precisionAtK(ranking, isMember, Math.min(k, candidates.length));

  return { precisionAt10: at(10), precisionAt25: at(25) };
}

function meanRow(
  embeddings: Float32Array,
  dimensions: number,
  rows: readonly number[],
): Float64Array {
  const mean = new Float64Array(dimensions);
  for (const row of rows) {
    for (let d = 0; d < dimensions; d++) {
      mean[d] = (mean[d] as number) + (embeddings[row * dimensions + d] as number);
    }
  }
  return mean.map((sum) => sum / Math.max(1, rows.length));
}

function squaredDistance(
  embeddings: Float32Array,
  dimensions: number,
  row: number,
  centre: Float64Array,
): number {
  let sum = 0;
  for (let d = 0; d < dimensions; d++) {
    const diff = (embeddings[row * dimensions + d] as number) - (centre[d] as number);
    sum += diff * diff;
  }
  return sum;
}
