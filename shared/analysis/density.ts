import { AnalysisParameterError } from './errors.ts';
import { checkedRowCount, checkRowIndices } from './matrix-checks.ts';
import { nearestNeighbours } from './neighbours.ts';
import type { Neighbours } from './neighbours.ts';
import { seededRandom } from './random.ts';
import { gatherRows, sampleRows } from './sample-rows.ts';

/** Neighbours per sample suggested for `density`: small enough for groups of 5+. */
export const DEFAULT_DENSITY_K = 5;

/** Most query rows used for the run's median k-th neighbour distance, by default. */
export const DEFAULT_DENSITY_QUERY_ROWS = 2000;
/** Fewest query rows by default, however large the run. */
export const MIN_DENSITY_QUERY_ROWS = 200;
/** Multiply-adds one search is allowed by default: query rows x n x d. */
export const DENSITY_WORK = 5e10;

/**
 * Query rows by default for n rows of d values: 2,000, fewer when 2,000
 * searches over the run would pass DENSITY_WORK, never below 200
 * (2,000 up to 25 million values, 200 at a million rows of 256).
 */
export function defaultDensityQueryRows(n: number, d: number): number {
  const affordable = Math.floor(DENSITY_WORK / (n * d));

  return Math.max(
    MIN_DENSITY_QUERY_ROWS,
    Math.min(DEFAULT_DENSITY_QUERY_ROWS, affordable),
  );
}

export interface RunDensityOptions {
  /**
   * At most this many rows (a seeded sample when the run has more) are
   * queried; default `defaultDensityQueryRows`.
   */
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
  /**
   * At most this many members (a seeded sample of a larger aggressor) are
   * queried; default `defaultDensityQueryRows`.
   */
  maxQueryRows?: number;
  /** Seed of that sample; default 1. */
  seed?: number;
}

/**
 * Measures the neighbourhood of an aggressor's members (rows of the run's
 * embeddings): how many of each member's k nearest other samples are members,
 * and how far its k-th neighbour is against the run's median; with a pool,
 * how many of its k nearest samples come from the pool. Members beyond
 * `maxQueryRows` are measured on a seeded sample of them.
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
  const queried = sampledMembers(memberRows, n, dimensions, options);
  const queries = gatherRows(embeddings, dimensions, queried);

  const evaluation = nearestNeighbours(queries, embeddings, dimensions, {
    k,
    selfRows: queried,
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
      ? poolShares(queried, embeddings, dimensions, k, options.pool)
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
  const maxQueryRows = checkedQueryRows(options.maxQueryRows, n, dimensions);
  const rows = sampleRows(n, maxQueryRows, seededRandom(options.seed ?? 1));

  const neighbours = nearestNeighbours(
    gatherRows(embeddings, dimensions, rows),
    embeddings,
    dimensions,
    { k, selfRows: rows },
  );

  return medianKth(neighbours);
}

function checkedQueryRows(given: number | undefined, n: number, d: number): number {
  const maxQueryRows = given ?? defaultDensityQueryRows(n, d);
  if (!Number.isInteger(maxQueryRows) || maxQueryRows < 1) {
    throw new AnalysisParameterError(
      'maxQueryRows',
      maxQueryRows,
      'a positive integer',
    );
  }

  return maxQueryRows;
}

/** The members, or a seeded sample of `maxQueryRows` of them (in member order). */
function sampledMembers(
  memberRows: ArrayLike<number>,
  n: number,
  d: number,
  options: DensityOptions,
): Int32Array {
  const maxQueryRows = checkedQueryRows(options.maxQueryRows, n, d);
  const picks = sampleRows(
    memberRows.length,
    maxQueryRows,
    seededRandom(options.seed ?? 1),
  );

  return Int32Array.from(picks, (i) => memberRows[i] as number);
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
