import type { Values } from './check.ts';

export interface Ranking {
  /** 1-based ranks in input order; tied values share their mean rank. */
  ranks: Float64Array;
  /** Size of each group of tied values (groups of one included). */
  tieSizes: number[];
}

/** Ranks finite values ascending, giving ties their average rank. */
export function averageRanks(values: Values): Ranking {
  const order = Array.from(values, (_, i) => i).sort(
    (i, j) => (values[i] as number) - (values[j] as number) || i - j,
  );
  const ranks = new Float64Array(values.length);
  const tieSizes: number[] = [];

  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    const value = values[order[start] as number];
    while (end < order.length && values[order[end] as number] === value) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
    tieSizes.push(end - start);
    start = end;
  }

  return { ranks, tieSizes };
}

/**
 * Mann–Whitney U of the first `nx` values of a pooled ranking: the number of
 * pairs in which one of them beats one of the rest, a tie counting one half.
 */
export function firstSampleU({ ranks }: Ranking, nx: number): number {
  let rankSum = 0;
  for (let i = 0; i < nx; i++) rankSum += ranks[i] as number;

  return rankSum - (nx * (nx + 1)) / 2;
}
