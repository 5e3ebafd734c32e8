/**
 * The labeling queue: unlabeled pool samples that lie where the aggressors
 * are, so that labeling them teaches the model what it gets wrong there.
 *
 * A pool sample is a candidate of the aggressor whose centroid is nearest,
 * and only when it lies within that aggressor's radius (the 90th percentile
 * of its members' distances to the centroid): each pool sample joins at most
 * one aggressor's queue. The budget is shared out in proportion to each
 * aggressor's excess loss (largest remainders; what an aggressor cannot use
 * passes to the next), and each aggressor takes its nearest candidates.
 */
import { AnalysisParameterError } from './errors.ts';

export const DEFAULT_LABELING_BUDGET = 100;
const RADIUS_QUANTILE = 0.9;

export interface QueueAggressor {
  id: string;
  /** Rows of the evaluation matrix that belong to it. */
  memberRows: readonly number[];
  /** Sum over members of max(0, loss - the run's mean loss). */
  excessLoss: number;
}

export interface LabelingQueueInput {
  dimensions: number;
  /** Row-major evaluation embeddings (rows as in `memberRows`). */
  evaluation: Float32Array;
  aggressors: readonly QueueAggressor[];
  pool: { ids: readonly string[]; embeddings: Float32Array };
  budget: number;
}

export interface QueuedSample {
  id: string;
  aggressorId: string;
  /** Euclidean distance to the aggressor's centroid. */
  distance: number;
}

export function labelingQueue(input: LabelingQueueInput): QueuedSample[] {
  const { dimensions, aggressors, pool, budget } = input;
  if (!Number.isInteger(budget) || budget < 1) {
    throw new AnalysisParameterError('budget', budget, 'a positive integer');
  }
  if (pool.embeddings.length !== pool.ids.length * dimensions) {
    throw new AnalysisParameterError(
      'pool.embeddings',
      pool.embeddings.length,
      `${pool.ids.length} rows of ${dimensions}`,
    );
  }
  if (aggressors.length === 0 || pool.ids.length === 0) return [];

  const regions = aggressors.map((a) =>
    region(input.evaluation, dimensions, a.memberRows),
  );
  const candidates = candidatesByAggressor(pool, dimensions, regions);
  const quotas = shareBudget(
    budget,
    aggressors.map((a) => a.excessLoss),
    candidates.map((c) => c.length),
  );

  return aggressors.flatMap((aggressor, a) =>
    (candidates[a] ?? []).slice(0, quotas[a]).map((c) => ({
      id: pool.ids[c.row] as string,
      aggressorId: aggressor.id,
      distance: c.distance,
    })),
  );
}

interface Region {
  centroid: Float64Array;
  radius: number;
}

function region(
  evaluation: Float32Array,
  dimensions: number,
  memberRows: readonly number[],
): Region {
  const centroid = new Float64Array(dimensions);
  for (const row of memberRows) {
    for (let d = 0; d < dimensions; d += 1) {
      centroid[d] =
        (centroid[d] as number) + (evaluation[row * dimensions + d] as number);
    }
  }
  for (let d = 0; d < dimensions; d += 1) {
    centroid[d] = (centroid[d] as number) / Math.max(memberRows.length, 1);
  }
  const distances = memberRows
    .map((row) => distance(evaluation, row, dimensions, centroid))
    .sort((x, y) => x - y);
  const at = Math.min(
    distances.length - 1,
    Math.floor(RADIUS_QUANTILE * distances.length),
  );

  return { centroid, radius: distances[at] ?? 0 };
}

function distance(
  matrix: Float32Array,
  row: number,
  dimensions: number,
  centroid: Float64Array,
): number {
  let sum = 0;
  for (let d = 0; d < dimensions; d += 1) {
    const diff = (matrix[row * dimensions + d] as number) - (centroid[d] as number);
    sum += diff * diff;
  }

  return Math.sqrt(sum);
}

/** Per aggressor, the pool rows in its region, nearest first (ties by row). */
function candidatesByAggressor(
  pool: LabelingQueueInput['pool'],
  dimensions: number,
  regions: readonly Region[],
): Array<Array<{ row: number; distance: number }>> {
  const lists = regions.map(() => [] as Array<{ row: number; distance: number }>);
  for (let row = 0; row < pool.ids.length; row += 1) {
    const distances = regions.map((r) =>
      distance(pool.embeddings, row, dimensions, r.centroid),
    );
    const nearest = distances.indexOf(Math.min(...distances));
    const d = distances[nearest] as number;
    if (d <= (regions[nearest] as Region).radius)
      lists[nearest]?.push({ row, distance: d });
  }

  return lists.map((list) =>
    list.sort((x, y) => x.distance - y.distance || x.row - y.row),
  );
}

/**
 * Splits `budget` in proportion to `weights` (negative as 0; all zero: equal
 * shares), no share above its `capacity`. Each round gives every open share
 * the whole part of its ideal; a round that gives nothing gives one sample to
 * the largest remainder (ties: the earlier). What one share cannot take, the
 * next round offers to the others.
 */
export function shareBudget(
  budget: number,
  weights: readonly number[],
  capacities: readonly number[],
): number[] {
  const quotas = weights.map(() => 0);
  let left = Math.min(
    budget,
    capacities.reduce((sum, c) => sum + c, 0),
  );

  while (left > 0) {
    const open = quotas.flatMap((q, i) => (q < (capacities[i] as number) ? [i] : []));
    const weightOf = (i: number) => Math.max(weights[i] as number, 0);
    const total = open.reduce((sum, i) => sum + weightOf(i), 0);
    const ideal = open.map((i) =>
      total > 0 ? (left * weightOf(i)) / total : left / open.length,
    );
    let given = 0;
    open.forEach((i, j) => {
      const take = Math.min(
        Math.floor(ideal[j] as number),
        (capacities[i] as number) - (quotas[i] as number),
      );
      quotas[i] = (quotas[i] as number) + take;
      given += take;
    });
    if (given === 0) {
      const j = ideal.reduce(
        (best, v, k) =>
          v - Math.floor(v) >
          (ideal[best] as number) - Math.floor(ideal[best] as number)
            ? k
            : best,
        0,
      );
      const i = open[j] as number;
      quotas[i] = (quotas[i] as number) + 1;
      given = 1;
    }
    left -= given;
  }

  return quotas;
}
