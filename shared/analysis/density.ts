import { AnalysisParameterError } from './errors.ts';
import { checkedRowCount, checkRowIndices } from './matrix-checks.ts';
import { nearestNeighbours } from './neighbours.ts';
import type { Neighbours } from './neighbours.ts';
import { seededRandom } from './random.ts';

/** Neighbours per sample suggested for `density`: small enough for groups of 5+. */
export const DEFAULT_DENSITY_K = 5;

/** Query rows used for the run's median k-th neighbour distance, by default. */
export const DEFAULT_DENSITY_QUERY_ROWS = 2000;

export interface RunDensityOptions {
  /** At most this many rows (a seeded sample when the run has more) are queried. */
  maxQueryRows?: number;
  /** Seed of that sample; default 1. */
  seed?: number;
}

/** How crowded an aggressor's region is, from each member's k nearest neighbours. */
export interface Density {
  k: number;
  members: number;
  /** Mean share of a member's k nearest evaluation neighbours that are members too. */
  sameGroupShare: number;
  /** The share expected by chance: (members - 1) / (n - 1). */
  chanceSameGroupShare: number;
  /** Median over members of the distance to the k-th nearest other evaluation sample. */
  medianKthDistance: number;
  /** The same median over the run (see `runMedianKthDistance`). */
  runMedianKthDistance: number;
  /**
   * medianKthDistance / runMedianKthDistance: above 1, the members' region is
   * sparser than the run's typical one. Null when the run's median is 0 and
   * the members' is not (no finite ratio).
   */
  kthDistanceRatio: number | null;
  /** With a pool: mean share of a member's k nearest neighbours (evaluation and pool) from the pool. */
  poolNeighbourShare?: number;
  /** With a pool: the share expected by chance, pool / (n - 1 + pool). */
  chancePoolShare?: number;
}

export interface DensityOptions {
  /** Unlabeled pool embeddings with the same dimensions. */
  pool?: Float32Array;
  /** The run's median k-th neighbour distance, when already computed for this k. */
  runMedianKthDistance?: number;
}

/**
 * Measures the neighbourhood of an aggressor's members (rows of the run's
 * embeddings): how many of each member's k nearest other samples are members,
 * and how far its k-th neighbour is against the run's median; with a pool,
 * how many of its k nearest samples come from the pool.
 */
export function density(
  memberRows: ArrayLike<number>,
  embeddings: Float32Array,
  dimensions: number,
  k: number,
  options: DensityOptions = {},
): Density {
  const n = checkedRowCount('embeddings', embeddings, dimensions);
  validateMembers(memberRows, n);
  const given = options.runMedianKthDistance;
  if (given !== undefined && !(Number.isFinite(given) && given >= 0)) {
    throw new AnalysisParameterError(
      'runMedianKthDistance',
      given,
      'a finite number >= 0',
    );
  }
  const queries = gatherRows(embeddings, dimensions, memberRows);

  const evaluation = nearestNeighbours(queries, embeddings, dimensions, {
    k,
    selfRows: memberRows,
  });
  const medianKthDistance = medianKth(evaluation);
  const runMedian =
    options.runMedianKthDistance ?? runMedianKthDistance(embeddings, dimensions, k);

  return {
    k,
    members: memberRows.length,
    sameGroupShare: sameGroupShare(evaluation, new Set(Array.from(memberRows))),
    chanceSameGroupShare: (memberRows.length - 1) / (n - 1),
    medianKthDistance,
    runMedianKthDistance: runMedian,
    kthDistanceRatio: distanceRatio(medianKthDistance, runMedian),
    ...(options.pool
      ? poolShares(memberRows, embeddings, dimensions, k, options.pool)
      : {}),
  };
}

/**
 * The median over the run's rows (a seeded sample of at most `maxQueryRows`)
 * of the Euclidean distance to the k-th nearest other row.
 */
export function runMedianKthDistance(
  embeddings: Float32Array,
  dimensions: number,
  k: number,
  options: RunDensityOptions = {},
): number {
  const n = checkedRowCount('embeddings', embeddings, dimensions);
  const maxQueryRows = options.maxQueryRows ?? DEFAULT_DENSITY_QUERY_ROWS;
  if (!Number.isInteger(maxQueryRows) || maxQueryRows < 1) {
    throw new AnalysisParameterError(
      'maxQueryRows',
      maxQueryRows,
      'a positive integer',
    );
  }
  const rows = sampleRows(n, maxQueryRows, options.seed ?? 1);

  const neighbours = nearestNeighbours(
    gatherRows(embeddings, dimensions, rows),
    embeddings,
    dimensions,
    { k, selfRows: rows },
  );

  return medianKth(neighbours);
}

function validateMembers(memberRows: ArrayLike<number>, n: number): void {
  if (memberRows.length === 0) {
    throw new AnalysisParameterError('memberRows', 0, 'at least one row');
  }
  checkRowIndices('memberRows', memberRows, n);
  if (new Set(Array.from(memberRows)).size !== memberRows.length) {
    throw new AnalysisParameterError('memberRows', 'a repeated row', 'distinct rows');
  }
}

function poolShares(
  memberRows: ArrayLike<number>,
  embeddings: Float32Array,
  dimensions: number,
  k: number,
  pool: Float32Array,
): Pick<Density, 'poolNeighbourShare' | 'chancePoolShare'> {
  const n = embeddings.length / dimensions;
  const poolCount = checkedRowCount('pool', pool, dimensions);
  const combined = new Float32Array(embeddings.length + pool.length);
  combined.set(embeddings);
  combined.set(pool, embeddings.length);

  const neighbours = nearestNeighbours(
    gatherRows(embeddings, dimensions, memberRows),
    combined,
    dimensions,
    { k, selfRows: memberRows },
  );
  const fromPool = neighbours.indices.reduce((sum, row) => sum + (row >= n ? 1 : 0), 0);

  return {
    poolNeighbourShare: fromPool / neighbours.indices.length,
    chancePoolShare: poolCount / (n - 1 + poolCount),
  };
}

function sameGroupShare(neighbours: Neighbours, members: Set<number>): number {
  let inside = 0;
  for (const row of neighbours.indices) {
    inside += members.has(row) ? 1 : 0;
  }

  return inside / neighbours.indices.length;
}

function distanceRatio(members: number, run: number): number | null {
  if (run > 0) {
    return members / run;
  }

  return members > 0 ? null : 1;
}

/** Median of the Euclidean distance to each query's k-th neighbour. */
function medianKth(neighbours: Neighbours): number {
  const { k, squaredDistances } = neighbours;
  const kth = Float64Array.from({ length: squaredDistances.length / k }, (_, q) =>
    Math.sqrt(squaredDistances[q * k + k - 1] as number),
  ).sort();
  const middle = kth.length >> 1;

  return kth.length % 2 === 1
    ? (kth[middle] as number)
    : ((kth[middle - 1] as number) + (kth[middle] as number)) / 2;
}

function gatherRows(
  matrix: Float32Array,
  dimensions: number,
  rows: ArrayLike<number>,
): Float32Array {
  const gathered = new Float32Array(rows.length * dimensions);
  for (let i = 0; i < rows.length; i++) {
    const start = (rows[i] as number) * dimensions;
    gathered.set(matrix.subarray(start, start + dimensions), i * dimensions);
  }

  return gathered;
}

/** All rows when there are at most `count`, else a seeded sample of `count`, sorted. */
function sampleRows(n: number, count: number, seed: number): Int32Array {
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  if (n <= count) {
    return rows;
  }

  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    [rows[i], rows[j]] = [rows[j] as number, rows[i] as number];
  }

  return rows.subarray(0, count).sort();
}
