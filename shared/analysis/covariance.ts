import { kernels, kernelThreads } from './kernels/kernels.ts';
import { checkedRowCount } from './matrix-checks.ts';

/** Rows centred and transposed at once: a block's columns fit in cache. */
const BLOCK_ROWS = 256;

export interface Covariance {
  dimensions: number;
  /** Mean of each column. */
  mean: Float64Array;
  /** dimensions x dimensions, row-major, with denominator n - 1 (0 when n = 1). */
  matrix: Float64Array;
}

/**
 * Sample covariance of the columns of a row-major n x dimensions matrix.
 * Rows are centred in blocks of 256 and stored by column pair (with a zero
 * column to make the width even); the WebAssembly kernel then adds, per
 * block, the products of every column pair with every later one (f64x2,
 * each lane summed over the block's rows in order, then added to the
 * total), the column pairs shared out among the kernel threads. The lower
 * triangle is mirrored at the end. Cost O(n d²/2).
 */
export function covariance(points: Float32Array, dimensions: number): Covariance {
  const n = checkedRowCount('embeddings', points, dimensions);
  const d = dimensions;
  const width = d + (d % 2);

  const mean = columnMeans(points, d, n);
  const { memory, pool } = kernels();
  const blockOffset = memory.allocate(BLOCK_ROWS * width * 8);
  const sumsOffset = memory.allocate(width * width * 8);
  try {
    const block = memory.f64(blockOffset, BLOCK_ROWS * width).fill(0);
    memory.f64(sumsOffset, width * width).fill(0);
    const threads = kernelThreads();
    for (let r0 = 0; r0 < n; r0 += BLOCK_ROWS) {
      const rows = Math.min(BLOCK_ROWS, n - r0);
      centreBlock(points, mean, block, r0, rows);
      pool.run(
        Array.from({ length: Math.min(threads, width / 2) }, (_, t) => ({
          name: 'blockProducts' as const,
          args: [blockOffset, width / 2, rows, BLOCK_ROWS, sumsOffset, t, threads],
        })),
      );
    }
    const sums = memory.f64(sumsOffset, width * width).slice();

    return { dimensions: d, mean, matrix: finish(sums, width, d, n) };
  } finally {
    memory.free(blockOffset);
    memory.free(sumsOffset);
  }
}

function columnMeans(points: Float32Array, d: number, n: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n * d; i++) {
    mean[i % d] = (mean[i % d] as number) + (points[i] as number);
  }

  return mean.map((sum) => sum / n);
}

/** Column j = 2p + l of row r0 + r, centred, at block[(p BLOCK_ROWS + r) 2 + l]. */
function centreBlock(
  points: Float32Array,
  mean: Float64Array,
  block: Float64Array,
  r0: number,
  rows: number,
): void {
  const d = mean.length;
  for (let r = 0; r < rows; r++) {
    const start = (r0 + r) * d;
    for (let j = 0; j < d; j++) {
      const at = ((j >> 1) * BLOCK_ROWS + r) * 2 + (j & 1);
      block[at] = (points[start + j] as number) - (mean[j] as number);
    }
  }
}

/** The d x d covariance: upper-triangle sums over n - 1, mirrored. */
function finish(sums: Float64Array, width: number, d: number, n: number): Float64Array {
  const denominator = Math.max(n - 1, 1);
  const matrix = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const value = (sums[a * width + b] as number) / denominator;
      matrix[a * d + b] = value;
      matrix[b * d + a] = value;
    }
  }

  return matrix;
}
