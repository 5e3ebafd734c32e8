import { AnalysisParameterError, EmptyAnalysisError } from './errors.ts';

/**
 * Matrices already found finite. The analysis checks its inputs at every
 * entry point and passes the same arrays on; scanning 256 M values again
 * at each costs about half a second. The analysis never writes into the
 * matrices it is given, so a matrix found finite stays so.
 */
const FOUND_FINITE = new WeakSet<Float32Array | Float64Array>();

/**
 * Checks a row-major matrix of `dimensions` columns: a positive integer
 * width, at least one whole row, and only finite values (the first bad
 * entry is named by row and column; a matrix found finite before is not
 * scanned again). Returns the number of rows.
 */
export function checkedRowCount(
  name: string,
  matrix: Float32Array | Float64Array,
  dimensions: number,
): number {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new AnalysisParameterError('dimensions', dimensions, 'a positive integer');
  }
  if (matrix.length === 0 || matrix.length % dimensions !== 0) {
    throw new EmptyAnalysisError(
      `${name} must be a non-empty n x ${dimensions} matrix, got ${matrix.length} values`,
    );
  }
  if (FOUND_FINITE.has(matrix)) return matrix.length / dimensions;
  const bad = firstNonFinite(matrix);
  if (bad >= 0) {
    const row = Math.floor(bad / dimensions);
    const field = `${name}[${row}][${bad - row * dimensions}]`;
    throw new AnalysisParameterError(field, matrix[bad], 'a finite number');
  }
  FOUND_FINITE.add(matrix);

  return matrix.length / dimensions;
}

/** Index of the first NaN or infinity, or -1: a plain loop (x - x is NaN only for those). */
function firstNonFinite(matrix: Float32Array | Float64Array): number {
  for (let i = 0; i < matrix.length; i++) {
    const value = matrix[i] as number;
    if (value - value !== 0) return i;
  }

  return -1;
}

/** Checks that every entry is an integer row index below `rowCount`. */
export function checkRowIndices(
  name: string,
  rows: ArrayLike<number>,
  rowCount: number,
): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    if (!Number.isInteger(row) || row < 0 || row >= rowCount) {
      throw new AnalysisParameterError(
        `${name}[${i}]`,
        row,
        `a row index from 0 to ${rowCount - 1}`,
      );
    }
  }
}
