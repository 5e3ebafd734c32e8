import { describe, expect, it } from 'vitest';
import { EmbeddingMatrixBuilder } from '../../../shared/columnar/embedding-matrix.ts';
import { ColumnarError } from '../../../shared/columnar/errors.ts';

describe('Class: EmbeddingMatrixBuilder', () => {
  it('returns rows set in any order in one array of the given size, not a copy', () => {
    const builder = new EmbeddingMatrixBuilder({ rows: 3 });
    builder.setRow(2, [5, 6]);
    builder.setRow(0, [1, 2]);
    builder.setRow(1, [3, 4]);

    const matrix = builder.finish();

    expect(matrix).toEqual({
      rows: 3,
      dimensions: 2,
      data: Float32Array.from([1, 2, 3, 4, 5, 6]),
    });
    expect(matrix.data.buffer.byteLength).toBe(3 * 2 * 4);
  });

  it('grows past its first capacity and keeps every appended row in order', () => {
    const builder = new EmbeddingMatrixBuilder();
    const rows = 5000;
    for (let i = 0; i < rows; i++) builder.appendRow([i, -i, i / 2]);

    const matrix = builder.finish();

    expect(matrix.rows).toBe(rows);
    expect(matrix.data).toHaveLength(rows * 3);
    expect(Array.from(matrix.data.subarray(4999 * 3))).toEqual([4999, -4999, 2499.5]);
    expect(Array.from(matrix.data.subarray(1024 * 3, 1025 * 3))).toEqual([
      1024, -1024, 512,
    ]);
  });

  it('stores a null entry (JSON for a non-finite value) as NaN', () => {
    const builder = new EmbeddingMatrixBuilder({ rows: 1 });

    builder.setRow(0, [1, null, 3]);

    expect(Array.from(builder.finish().data)).toEqual([1, NaN, 3]);
  });

  it('rounds values to float32 as they are stored', () => {
    const builder = new EmbeddingMatrixBuilder({ rows: 1 });

    builder.setRow(0, [0.1]);

    expect(builder.finish().data[0]).toBe(Math.fround(0.1));
  });

  it('refuses a row of another length, naming the row and both lengths', () => {
    const builder = new EmbeddingMatrixBuilder({ rows: 2 });
    builder.setRow(0, [1, 2, 3]);

    const act = () => builder.setRow(1, [1, 2]);

    expect(act).toThrow(ColumnarError);
    expect(act).toThrow('row 1, field "embedding": expected 3 values, got 2');
  });

  it('refuses an empty row and a row index outside the matrix', () => {
    const builder = new EmbeddingMatrixBuilder({ rows: 2 });

    expect(() => builder.setRow(0, [])).toThrow('expected at least one value');
    expect(() => builder.setRow(2, [1])).toThrow('expected a row index in [0, 2)');
  });

  it('refuses to append to a matrix sized in advance', () => {
    const builder = new EmbeddingMatrixBuilder({ rows: 1 });

    expect(() => builder.appendRow([1])).toThrow('use setRow');
  });

  it('refuses a row count that is not a whole number', () => {
    expect(() => new EmbeddingMatrixBuilder({ rows: 1.5 })).toThrow(RangeError);
  });
});
