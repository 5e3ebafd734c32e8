/**
 * Embeddings as one row-major Float32Array, filled row by row as a loader
 * reads them. With the row count known the array is allocated once at its
 * final size; otherwise it grows by half again as rows arrive (peak 2.5x the
 * rows held while it grows), and `finish` hands back a view, not a copy.
 */
import { ColumnarError } from './errors.ts';

/** The largest finite float32: an embedding value beyond it is an infinity once stored. */
export const FLOAT32_MAX = 3.4028234663852886e38;

export interface EmbeddingMatrix {
  rows: number;
  dimensions: number;
  /** rows x dimensions, row-major. */
  data: Float32Array;
}

export interface EmbeddingMatrixOptions {
  /** Final row count, when known: one allocation, rows set in any order. */
  rows?: number;
  /** Row length, when known before the first row. */
  dimensions?: number;
}

const FIRST_CAPACITY_ROWS = 1024;
const GROWTH = 1.5;

export class EmbeddingMatrixBuilder {
  private data = new Float32Array(0);
  private capacityRows: number;
  private rowCount = 0;
  private width: number;
  private readonly fixedRows: number | undefined;

  constructor(options: EmbeddingMatrixOptions = {}) {
    this.fixedRows = checkedCount('rows', options.rows);
    this.width = checkedCount('dimensions', options.dimensions) ?? 0;
    this.capacityRows = this.fixedRows ?? FIRST_CAPACITY_ROWS;
    this.rowCount = this.fixedRows ?? 0;
    if (this.width > 0) this.data = new Float32Array(this.capacityRows * this.width);
  }

  get dimensions(): number {
    return this.width;
  }

  get rows(): number {
    return this.rowCount;
  }

  /**
   * Writes one row; a null entry (JSON's stand-in for NaN) is stored as NaN.
   * The first row sets the dimension when none was given.
   */
  setRow(row: number, values: ArrayLike<number | null>): void {
    this.checkRow(row, values);

    const offset = row * this.width;
    for (let j = 0; j < this.width; j++) {
      const value = values[j];
      this.data[offset + j] = value === null || value === undefined ? NaN : value;
    }
  }

  /** Appends a row at the end (growing builders only); returns its index. */
  appendRow(values: ArrayLike<number | null>): number {
    if (this.fixedRows !== undefined) {
      const problem = `the matrix was sized at ${this.fixedRows} rows: use setRow`;
      throw new ColumnarError(this.rowCount, 'embedding', problem, values.length);
    }
    this.ensureWidth(values.length, this.rowCount);
    if (this.rowCount === this.capacityRows) this.grow();

    this.rowCount += 1;
    this.setRow(this.rowCount - 1, values);

    return this.rowCount - 1;
  }

  /** The rows so far; a growing builder's array is a view of its buffer. */
  finish(): EmbeddingMatrix {
    const length = this.rowCount * this.width;
    const data =
      this.data.length === length ? this.data : this.data.subarray(0, length);

    return { rows: this.rowCount, dimensions: this.width, data };
  }

  private checkRow(row: number, values: ArrayLike<number | null>): void {
    if (!Number.isInteger(row) || row < 0 || row >= this.rowCount) {
      const problem = `expected a row index in [0, ${this.rowCount})`;
      throw new ColumnarError(row, 'embedding', problem, row);
    }
    this.ensureWidth(values.length, row);
  }

  private ensureWidth(length: number, row: number): void {
    if (length === 0) {
      throw new ColumnarError(row, 'embedding', 'expected at least one value', length);
    }
    if (this.width === 0) {
      this.width = length;
      this.data = new Float32Array(this.capacityRows * length);
    }
    if (length !== this.width) {
      const problem = `expected ${this.width} values, got ${length}`;
      throw new ColumnarError(row, 'embedding', problem, length);
    }
  }

  private grow(): void {
    this.capacityRows = Math.ceil(this.capacityRows * GROWTH);
    const grown = new Float32Array(this.capacityRows * this.width);
    grown.set(this.data);
    this.data = grown;
  }
}

function checkedCount(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (Number.isSafeInteger(value) && value >= 0) return value;

  throw new RangeError(
    `EmbeddingMatrixBuilder: ${name} must be a whole number >= 0, got ${value}`,
  );
}
