import { BenchInputError } from './errors.ts';

/**
 * Sample indexes by score, highest first; equal scores keep index order, so
 * the ranking is deterministic.
 */
export function rankByScore(scores: ArrayLike<number>): number[] {
  checkFinite(scores);

  return Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
  );
}

/** Share of the first k ranked samples that belong to the slice. */
export function precisionAtK(
  ranking: readonly number[],
  isMember: readonly boolean[],
  k: number,
): number {
  if (!Number.isInteger(k) || k < 1 || k > ranking.length) {
    throw new BenchInputError(`k must be an integer in [1, ${ranking.length}]`, {
      field: 'k',
      value: k,
    });
  }

  const hits = ranking.slice(0, k).filter((i) => isMember[i] === true).length;
  return hits / k;
}

/**
 * Area under the ROC curve of `scores` against membership: the probability
 * that a random member scores above a random non-member, ties counting 1/2
 * (the Mann–Whitney U over n_pos x n_neg, with mid-ranks for ties).
 */
export function auroc(scores: ArrayLike<number>, isMember: readonly boolean[]): number {
  checkFinite(scores);
  if (scores.length !== isMember.length) {
    throw new BenchInputError(`expected ${scores.length} membership flags`, {
      field: 'isMember',
      value: isMember.length,
    });
  }
  const positives = isMember.filter(Boolean).length;
  const negatives = isMember.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new BenchInputError('AUROC needs members and non-members', {
      field: 'isMember',
      value: `${positives} members of ${isMember.length}`,
    });
  }

  const ranks = midRanks(scores);
  const positiveRankSum = ranks.reduce((sum, r, i) => (isMember[i] ? sum + r : sum), 0);
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

/** 1-based ranks in ascending score order, tied scores sharing their mean rank. */
function midRanks(scores: ArrayLike<number>): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  const ranks = new Array<number>(scores.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    const value = scores[order[start] as number];
    while (end + 1 < order.length && scores[order[end + 1] as number] === value) end++;
    for (let j = start; j <= end; j++)
      ranks[order[j] as number] = (start + end) / 2 + 1;
    start = end + 1;
  }

  return ranks;
}

function checkFinite(scores: ArrayLike<number>) {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) {
      throw new BenchInputError(`score ${i} must be finite`, {
        field: `scores[${i}]`,
        value: scores[i],
      });
    }
  }
}
