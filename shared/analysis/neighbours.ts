import { AnalysisParameterError } from './errors.ts';
import { checkedRowCount, checkRowIndices } from './matrix-checks.ts';
import { rowSquaredNorms } from './vectors.ts';

/** Query rows per block: their dot products with a reference block fit in cache. */
const QUERY_BLOCK_ROWS = 32;
/** Reference rows per block. */
const REFERENCE_BLOCK_ROWS = 256;

export interface NeighbourOptions {
  /** Neighbours per query row. */
  k: number;
  /**
   * When the queries are rows of the reference set: the reference row of
   * each query, left out of its own neighbours.
   */
  selfRows?: ArrayLike<number>;
}

/** The k nearest reference rows of every query row, nearest first. */
export interface Neighbours {
  k: number;
  /** queries x k reference row indices, row-major; ties go to the lower index. */
  indices: Int32Array;
  /** queries x k squared Euclidean distances, in the order of `indices`. */
  squaredDistances: Float64Array;
}

/**
 * Exact k-nearest-neighbour search by squared Euclidean distance, from each
 * query row to the reference rows (both row-major, `dimensions` columns).
 * Distances are taken as ‖q‖² - 2 q·r + ‖r‖² (clipped at 0), blocked over
 * query and reference rows. A query's own row (`selfRows`) is skipped.
 */
export function nearestNeighbours(
  queries: Float32Array,
  reference: Float32Array,
  dimensions: number,
  options: NeighbourOptions,
): Neighbours {
  validateSearch(queries, reference, dimensions, options);
  const queryCount = queries.length / dimensions;
  const { k } = options;

  const best: Neighbours = {
    k,
    indices: new Int32Array(queryCount * k).fill(-1),
    squaredDistances: new Float64Array(queryCount * k).fill(Infinity),
  };
  const search = {
    queries,
    reference,
    dimensions,
    queryNorms: rowSquaredNorms(queries, dimensions),
    referenceNorms: rowSquaredNorms(reference, dimensions),
    selfRows: options.selfRows,
  };
  for (let q0 = 0; q0 < queryCount; q0 += QUERY_BLOCK_ROWS) {
    const q1 = Math.min(q0 + QUERY_BLOCK_ROWS, queryCount);
    for (let r0 = 0; r0 < search.referenceNorms.length; r0 += REFERENCE_BLOCK_ROWS) {
      const r1 = Math.min(r0 + REFERENCE_BLOCK_ROWS, search.referenceNorms.length);
      searchBlock(search, best, [q0, q1], [r0, r1]);
    }
  }

  return best;
}

interface Search {
  queries: Float32Array;
  reference: Float32Array;
  dimensions: number;
  queryNorms: Float64Array;
  referenceNorms: Float64Array;
  selfRows: ArrayLike<number> | undefined;
}

function searchBlock(
  search: Search,
  best: Neighbours,
  [q0, q1]: [number, number],
  [r0, r1]: [number, number],
): void {
  const { queries, reference, dimensions: d } = search;
  for (let q = q0; q < q1; q++) {
    const self = search.selfRows?.[q] ?? -1;
    const qStart = q * d;
    for (let r = r0; r < r1; r++) {
      if (r === self) {
        continue;
      }
      const rStart = r * d;
      let dot = 0;
      for (let j = 0; j < d; j++) {
        dot += (queries[qStart + j] as number) * (reference[rStart + j] as number);
      }
      const squared =
        (search.queryNorms[q] as number) -
        2 * dot +
        (search.referenceNorms[r] as number);
      insertNeighbour(best, q, r, Math.max(0, squared));
    }
  }
}

/**
 * Inserts reference row r into query q's sorted list when it is nearer than
 * the k-th. Rows arrive in increasing index, so an equal distance goes after
 * the rows already kept: ties keep the lower index first.
 */
function insertNeighbour(best: Neighbours, q: number, r: number, squared: number) {
  const start = q * best.k;
  const last = start + best.k - 1;
  if (squared >= (best.squaredDistances[last] as number)) {
    return;
  }

  let slot = last;
  while (slot > start && (best.squaredDistances[slot - 1] as number) > squared) {
    best.squaredDistances[slot] = best.squaredDistances[slot - 1] as number;
    best.indices[slot] = best.indices[slot - 1] as number;
    slot--;
  }
  best.squaredDistances[slot] = squared;
  best.indices[slot] = r;
}

function validateSearch(
  queries: Float32Array,
  reference: Float32Array,
  dimensions: number,
  options: NeighbourOptions,
): void {
  const queryCount = checkedRowCount('queries', queries, dimensions);
  const referenceCount = checkedRowCount('reference', reference, dimensions);
  const candidates = referenceCount - (options.selfRows ? 1 : 0);
  if (!Number.isInteger(options.k) || options.k < 1 || options.k > candidates) {
    throw new AnalysisParameterError(
      'k',
      options.k,
      `an integer from 1 to the ${candidates} candidate reference rows`,
    );
  }
  if (options.selfRows) {
    if (options.selfRows.length !== queryCount) {
      throw new AnalysisParameterError(
        'selfRows',
        options.selfRows.length,
        `one reference row per query (${queryCount})`,
      );
    }
    checkRowIndices('selfRows', options.selfRows, referenceCount);
  }
}
