/**
 * The files under test/fixtures/bundles/npy/ were written by real numpy
 * (2.4.6) with test/fixtures/bundles/make-fixtures.py: a 3 x 4 float32 "ramp"
 * whose row r, column c holds (r * 4 + c - 2.5) / 4, saved as format 1.0, 2.0
 * and 3.0, and as float64, Fortran order, 1-D and with a NaN at [1, 2].
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeNpy, parseNpy } from '../../../shared/bundle/npy.ts';
import { catchBundleError } from './helpers.ts';

const FIXTURES = new URL('../../fixtures/bundles/npy/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

function ramp(rows: number, cols: number): Float32Array {
  return Float32Array.from({ length: rows * cols }, (_, index) => (index - 2.5) / 4);
}

describe('Function: parseNpy', () => {
  it.each(['v1.npy', 'v2.npy', 'v3.npy'])('reads the numpy-written %s', (name) => {
    const matrix = parseNpy(fixture(name), name);

    expect(matrix.rows).toBe(3);
    expect(matrix.cols).toBe(4);
    expect(matrix.data).toEqual(ramp(3, 4));
  });

  it('returns data in its own aligned buffer when the file bytes are unaligned', () => {
    const bytes = fixture('v1.npy');
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);

    const matrix = parseNpy(shifted, 'v1.npy');

    expect(matrix.data.byteOffset).toBe(0);
    expect(matrix.data).toEqual(ramp(3, 4));
  });

  it('rejects float64 saying to save with astype float32', async () => {
    const error = await catchBundleError(
      () => parseNpy(fixture('float64.npy'), 'e.npy'),
      {
        file: 'e.npy',
        field: 'descr',
        value: '<f8',
      },
    );

    expect(error.message).toContain("float64: save with .astype('float32')");
  });

  it('rejects Fortran order', async () => {
    await catchBundleError(() => parseNpy(fixture('fortran.npy'), 'e.npy'), {
      file: 'e.npy',
      field: 'fortran_order',
      value: 'True',
    });
  });

  it('rejects a 1-D array', async () => {
    await catchBundleError(() => parseNpy(fixture('one-d.npy'), 'e.npy'), {
      file: 'e.npy',
      field: 'shape',
      value: '(12)',
    });
  });

  it('rejects a NaN naming its row and column', async () => {
    const error = await catchBundleError(() => parseNpy(fixture('nan.npy'), 'e.npy'), {
      file: 'e.npy',
      field: '[1, 2]',
      value: Number.NaN,
    });

    expect(error.message).toContain('got NaN at row 1, column 2');
  });

  it('rejects a file without the numpy magic string', async () => {
    const bytes = new TextEncoder().encode('0.1,0.2\n0.3,0.4\n');

    await catchBundleError(() => parseNpy(bytes, 'e.npy'), { file: 'e.npy' });
  });

  it('rejects data shorter than the shape says', async () => {
    const bytes = fixture('v1.npy');

    await catchBundleError(
      () => parseNpy(bytes.subarray(0, bytes.length - 4), 'e.npy'),
      {
        file: 'e.npy',
        field: 'data',
        value: 44,
      },
    );
  });

  it('rejects an unknown format version', async () => {
    const bytes = fixture('v1.npy').slice();
    bytes[6] = 4;

    await catchBundleError(() => parseNpy(bytes, 'e.npy'), {
      file: 'e.npy',
      field: 'version',
      value: '4.0',
    });
  });
});

describe('Function: encodeNpy', () => {
  it('writes the same bytes as numpy.save', () => {
    const bytes = encodeNpy(ramp(3, 4), 3, 4);

    expect(bytes).toEqual(fixture('v1.npy'));
  });

  it('round-trips through parseNpy', () => {
    const data = Float32Array.from(
      { length: 5 * 7 },
      (_, index) => Math.sin(index) * 1e3,
    );

    const matrix = parseNpy(encodeNpy(data, 5, 7), 'round.npy');

    expect(matrix).toEqual({ rows: 5, cols: 7, data });
  });

  it('keeps the data on a 64-byte boundary for any row count', () => {
    for (const rows of [0, 1, 99, 123_456_789]) {
      const headerLength = encodeNpy(new Float32Array(0), rows, 0).length;

      expect(headerLength % 64).toBe(0);
    }
  });

  it('rejects data whose length differs from rows x cols', () => {
    expect(() => encodeNpy(new Float32Array(5), 2, 3)).toThrow(
      'expected 2 x 3 = 6 values, got 5',
    );
  });
});
