import { AnalysisParameterError, EmptyAnalysisError } from './errors.ts';

/**
 * Checks a row-major matrix of `dimensions` columns: a positive integer
 * width, at least one whole row, and only finite values (the first bad
 * entry is named by row and column). Returns the number of rows.
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
  const bad = matrix.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    const row = Math.floor(bad / dimensions);
    const field = `${name}[${row}][${bad - row * dimensions}]`;
    throw new AnalysisParameterError(field, matrix[bad], 'a finite number');
  }

  return matrix.length / dimensions;
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
