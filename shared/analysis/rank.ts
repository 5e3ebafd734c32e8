import { clusterId, compareCodeUnits } from './cluster-id.ts';
import type { ClusterSummary } from './types.ts';

export interface RankInput {
  /** Clustered samples, in the order of `assignments`. */
  sampleIds: readonly string[];
  losses: Float64Array;
  /** Per sample, or null outside classification. */
  correct: readonly boolean[] | null;
  assignments: Int32Array;
  k: number;
}

interface Totals {
  size: number;
  lossSum: number;
  wrong: number;
  sampleIds: string[];
}

/**
 * Summarises each non-empty cluster and orders them worst first: by loss
 * ratio (null, meaning a positive mean loss against a rest at zero, ranks
 * above every number), then by size, then by id. The loss ratio is the
 * cluster's mean loss over the mean loss of every other clustered sample;
 * when both are zero it is 1 (no excess).
 */
export function rankClusters(input: RankInput): ClusterSummary[] {
  const totals = clusterTotals(input);
  const n = input.sampleIds.length;

  const summaries = totals.flatMap((t, index) => {
    const restLoss = totals.reduce(
      (sum, o, j) => (j === index ? sum : sum + o.lossSum),
      0,
    );
    return t.size === 0
      ? []
      : [summarise(t, index, n, restLoss, input.correct !== null)];
  });

  return summaries.sort(worstFirst);
}

function clusterTotals(input: RankInput): Totals[] {
  const totals: Totals[] = Array.from({ length: input.k }, () => ({
    size: 0,
    lossSum: 0,
    wrong: 0,
    sampleIds: [],
  }));
  input.assignments.forEach((cluster, i) => {
    const t = totals[cluster] as Totals;
    t.size++;
    t.lossSum += input.losses[i] as number;
    t.wrong += input.correct?.[i] === false ? 1 : 0;
    t.sampleIds.push(input.sampleIds[i] as string);
  });

  return totals;
}

function summarise(
  t: Totals,
  index: number,
  n: number,
  restLoss: number,
  isClassification: boolean,
): ClusterSummary {
  const meanLoss = t.lossSum / t.size;
  const restSize = n - t.size;
  const restMeanLoss = restSize === 0 ? meanLoss : restLoss / restSize;
  const ratio = lossRatio(meanLoss, restMeanLoss);

  return {
    id: clusterId(t.sampleIds),
    index,
    size: t.size,
    share: t.size / n,
    meanLoss,
    ...ratio,
    errorRate: isClassification ? t.wrong / t.size : null,
    sampleIds: t.sampleIds.sort(compareCodeUnits),
  };
}

function lossRatio(
  meanLoss: number,
  restMeanLoss: number,
): Pick<ClusterSummary, 'lossRatio' | 'lossRatioNote'> {
  if (restMeanLoss > 0) {
    return { lossRatio: meanLoss / restMeanLoss };
  }

  return meanLoss > 0
    ? { lossRatio: null, lossRatioNote: 'rest-has-zero-loss' }
    : { lossRatio: 1 };
}

function worstFirst(a: ClusterSummary, b: ClusterSummary): number {
  const ratioA = a.lossRatio ?? Infinity;
  const ratioB = b.lossRatio ?? Infinity;

  if (ratioA !== ratioB) {
    return ratioB - ratioA;
  }
  return b.size - a.size || compareCodeUnits(a.id, b.id);
}
