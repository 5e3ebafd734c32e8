import { kernels, kernelThreads } from './kernels.ts';

/** Query rows per block: the transposed columns the kernel sweeps. */
export const QUERY_BLOCK = 64;
/** Reference rows per tile: a tile's distances (tile x QUERY_BLOCK f32) stay small. */
const REFERENCE_TILE = 2048;
const SCRATCH_BYTES = 480;
const FLOAT32_ROUNDOFF = 2 ** -24;

/** Reference rows in kernel memory with their float64 squared norms. */
export interface KernelReference {
  offset: number;
  rows: number;
  dimensions: number;
  norms: Float64Array;
  release(): void;
}

/** Puts the reference rows in kernel memory (no copy when they live there). */
export function kernelReference(reference: Float32Array, d: number): KernelReference {
  const { memory, pool } = kernels();
  const rows = reference.length / d;
  const inPlace = memory.offsetOf(reference);
  const offset = inPlace ?? memory.allocate(reference.length * 4);
  if (inPlace === null) memory.f32(offset, reference.length).set(reference);
  const normsOffset = memory.allocate(rows * 8);
  pool.run([{ name: 'rowNorms', args: [offset, d, 0, rows, normsOffset] }]);
  const norms = memory.f64(normsOffset, rows).slice();
  memory.free(normsOffset);

  return {
    offset,
    rows,
    dimensions: d,
    norms,
    release: () => {
      if (inPlace === null) memory.free(offset);
    },
  };
}

/**
 * Calls `visit(r0, end, tile)` for consecutive tiles of reference rows
 * r0..end-1, in increasing order, for the queries q0..q0+count-1 of
 * `queries`: `tile[(r - r0) * QUERY_BLOCK + i] + ‖r‖²` is ‖q‖² − 2 q·r + ‖r‖²
 * for query q0 + i from float32 products, within `errorBound(q, r)` of the
 * float64 value. `tile` is reused: read it before returning.
 */
export function sweepReference(
  reference: KernelReference,
  queries: Float32Array,
  q0: number,
  count: number,
  visit: (r0: number, end: number, tile: Float32Array) => void,
): void {
  const { memory, pool } = kernels();
  const d = reference.dimensions;
  const threads = kernelThreads();
  const ct = memory.allocate(d * QUERY_BLOCK * 4);
  const cn = memory.allocate(QUERY_BLOCK * 4);
  const out = memory.allocate(threads * REFERENCE_TILE * QUERY_BLOCK * 4);
  const scratch = memory.allocate(threads * SCRATCH_BYTES);
  try {
    writeQueryColumns(
      memory.f32(ct, d * QUERY_BLOCK),
      memory.f32(cn, QUERY_BLOCK),
      queries,
      q0,
      count,
      d,
    );
    for (let r0 = 0; r0 < reference.rows; r0 += threads * REFERENCE_TILE) {
      const tiles = Array.from(
        { length: threads },
        (_, t) => r0 + t * REFERENCE_TILE,
      ).filter((start) => start < reference.rows);
      pool.run(
        tiles.map((start, t) => ({
          name: 'distanceBlock',
          args: [
            reference.offset,
            d,
            start,
            Math.min(start + REFERENCE_TILE, reference.rows),
            ct,
            cn,
            QUERY_BLOCK,
            out + t * REFERENCE_TILE * QUERY_BLOCK * 4,
            scratch + t * SCRATCH_BYTES,
          ],
        })),
      );
      const end = Math.min(r0 + threads * REFERENCE_TILE, reference.rows);
      visit(r0, end, memory.f32(out, (end - r0) * QUERY_BLOCK));
    }
  } finally {
    [ct, cn, out, scratch].forEach((offset) => memory.free(offset));
  }
}

/** Bound on |approximate − float64| for a query and a row of these norms. */
export function errorBound(d: number, queryNorm: number, rowNorm: number): number {
  return 2 * (d + 8) * FLOAT32_ROUNDOFF * (queryNorm + rowNorm);
}

function writeQueryColumns(
  ct: Float32Array,
  cn: Float32Array,
  queries: Float32Array,
  q0: number,
  count: number,
  d: number,
): void {
  ct.fill(0);
  cn.fill(Infinity);
  for (let q = 0; q < count; q++) {
    let norm = 0;
    for (let j = 0; j < d; j++) {
      const value = queries[(q0 + q) * d + j] as number;
      ct[j * QUERY_BLOCK + q] = value;
      norm += value * value;
    }
    cn[q] = norm;
  }
}
