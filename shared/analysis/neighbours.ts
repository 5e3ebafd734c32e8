import { AnalysisParameterError } from './errors.ts';
import { checkedRowCount, checkRowIndices } from './matrix-checks.ts';
import {
  errorBound,
  kernelReference,
  QUERY_BLOCK,
  sweepReference,
} from './kernels/neighbour-search.ts';
import { rowSquaredNorms } from './vectors.ts';

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
 * Distances are ‖q‖² - 2 q·r + ‖r‖² (clipped at 0): the WebAssembly kernel
 * takes the products of 64 queries with tiles of reference rows in float32
 * SIMD, and every row that float32 bound cannot rule out is measured again
 * in float64, so the result equals a float64 search. A query's own row
 * (`selfRows`) is skipped.
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
  const queryNorms = rowSquaredNorms(queries, dimensions);
  const inKernels = kernelReference(reference, dimensions);
  try {
    for (let q0 = 0; q0 < queryCount; q0 += QUERY_BLOCK) {
      const count = Math.min(QUERY_BLOCK, queryCount - q0);
      const search = {
        queries,
        reference,
        dimensions,
        queryNorms,
        referenceNorms: inKernels.norms,
        selfRows: options.selfRows,
      };
      sweepReference(inKernels, queries, q0, count, (r0, end, tile) =>
        visitTile(search, best, q0, count, r0, end, tile),
      );
    }
  } finally {
    inKernels.release();
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

/**
 * Offers the reference rows r0..end-1 of a tile to each query of the block,
 * query by query, in increasing row order: a row whose float32 estimate is
 * within its error bound of the query's k-th distance gets the float64
 * distance, as a plain float64 search computes it.
 */
function visitTile(
  search: Search,
  best: Neighbours,
  q0: number,
  count: number,
  r0: number,
  end: number,
  tile: Float32Array,
): void {
  const d = search.dimensions;
  const { k } = best;
  const norms = search.referenceNorms;
  for (let i = 0; i < count; i++) {
    const q = q0 + i;
    const queryNorm = search.queryNorms[q] as number;
    const self = search.selfRows?.[q] ?? -1;
    let kth = best.squaredDistances[q * k + k - 1] as number;
    for (let r = r0, at = i; r < end; r++, at += QUERY_BLOCK) {
      const rowNorm = norms[r] as number;
      const estimate = (tile[at] as number) + rowNorm;
      if (estimate > kth + errorBound(d, queryNorm, rowNorm) || r === self) continue;
      let dot = 0;
      for (let j = 0; j < d; j++) {
        dot +=
          (search.queries[q * d + j] as number) *
          (search.reference[r * d + j] as number);
      }
      insertNeighbour(best, q, r, Math.max(0, queryNorm - 2 * dot + rowNorm));
      kth = best.squaredDistances[q * k + k - 1] as number;
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
