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
 * Rows are centred in blocks of 256 and stored column by column (with a zero
 * column to make the width even); the upper triangle then gains, per block,
 * contiguous dot products taken two columns by two columns, so each value
 * loaded serves two products. The lower triangle is mirrored at the end.
 * Cost O(n d²/2).
 */
export function covariance(points: Float32Array, dimensions: number): Covariance {
  const n = checkedRowCount('embeddings', points, dimensions);
  const d = dimensions;
  const width = d + (d % 2);

  const mean = columnMeans(points, d, n);
  const sums = new Float64Array(width * width);
  const block = new Float64Array(BLOCK_ROWS * width);
  for (let r0 = 0; r0 < n; r0 += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - r0);
    centreBlock(points, mean, block, r0, rows);
    addBlockProducts(sums, block, width, rows);
  }

  return { dimensions: d, mean, matrix: finish(sums, width, d, n) };
}

function columnMeans(points: Float32Array, d: number, n: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n * d; i++) {
    mean[i % d] = (mean[i % d] as number) + (points[i] as number);
  }

  return mean.map((sum) => sum / n);
}

/** block[j * BLOCK_ROWS + r] = points[r0 + r][j] - mean[j]. */
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
      block[j * BLOCK_ROWS + r] = (points[start + j] as number) - (mean[j] as number);
    }
  }
}

/** Adds the block's column products to the upper triangle, 2 x 2 entries at a time. */
function addBlockProducts(
  sums: Float64Array,
  block: Float64Array,
  width: number,
  rows: number,
): void {
  for (let a = 0; a < width; a += 2) {
    const a0 = a * BLOCK_ROWS;
    const a1 = a0 + BLOCK_ROWS;
    for (let b = a; b < width; b += 2) {
      const b0 = b * BLOCK_ROWS;
      const b1 = b0 + BLOCK_ROWS;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let r = 0; r < rows; r++) {
        const x0 = block[a0 + r] as number;
        const x1 = block[a1 + r] as number;
        const y0 = block[b0 + r] as number;
        const y1 = block[b1 + r] as number;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      const at = a * width + b;
      sums[at] = (sums[at] as number) + s00;
      sums[at + 1] = (sums[at + 1] as number) + s01;
      sums[at + width] = (sums[at + width] as number) + s10;
      sums[at + width + 1] = (sums[at + width + 1] as number) + s11;
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
