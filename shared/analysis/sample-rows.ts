import type { RandomSource } from './random.ts';

/**
 * All n row indexes when n <= count, else `count` of them drawn without
 * replacement (a partial Fisher-Yates shuffle on `random`), sorted.
 */
export function sampleRows(n: number, count: number, random: RandomSource): Int32Array {
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  if (n <= count) {
    return rows;
  }

  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    [rows[i], rows[j]] = [rows[j] as number, rows[i] as number];
  }

  return rows.slice(0, count).sort();
}

/** The given rows of a row-major matrix, in that order. */
export function gatherRows(
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
