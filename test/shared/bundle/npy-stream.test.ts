/**
 * `readNpy` reads the numpy-written fixtures (test/fixtures/bundles/npy/)
 * from a stream, whatever the chunk boundaries, and refuses a stream that
 * ends early or runs on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeNpy, readNpy } from '../../../shared/bundle/npy.ts';
import { catchBundleError } from './helpers.ts';

const FIXTURES = new URL('../../fixtures/bundles/npy/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

function ramp(rows: number, cols: number): Float32Array {
  return Float32Array.from({ length: rows * cols }, (_, index) => (index - 2.5) / 4);
}

/** The bytes in chunks of `size` (the last one shorter). */
async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) {
    yield bytes.slice(start, start + size);
  }
}

describe('Function: readNpy', () => {
  it.each(['v1.npy', 'v2.npy', 'v3.npy'])(
    'reads the numpy-written %s',
    async (name) => {
      const matrix = await readNpy(chunked(fixture(name), 1 << 16), name);

      expect(matrix).toEqual({ rows: 3, cols: 4, data: ramp(3, 4) });
    },
  );

  it.each([1, 7, 11, 64, 65, 129])(
    'gives the same matrix when chunks of %i bytes split the header and rows',
    async (size) => {
      const matrix = await readNpy(chunked(fixture('v1.npy'), size), 'v1.npy');

      expect(matrix.data).toEqual(ramp(3, 4));
    },
  );

  it('reads a matrix of many rows into one array of the header shape', async () => {
    const data = Float32Array.from({ length: 5000 * 3 }, (_, i) => Math.sin(i));
    const bytes = encodeNpy(data, 5000, 3);

    const matrix = await readNpy(chunked(bytes, 4096), 'big.npy');

    expect(matrix.rows).toBe(5000);
    expect(matrix.cols).toBe(3);
    expect(matrix.data).toEqual(data);
    expect(matrix.data.buffer.byteLength).toBe(5000 * 3 * 4);
  });

  it('refuses a stream that ends before the last row, with the byte counts', async () => {
    const bytes = fixture('v1.npy');

    const error = await catchBundleError(
      () => readNpy(chunked(bytes.subarray(0, bytes.length - 4), 16), 'short.npy'),
      { file: 'short.npy', field: 'data', value: 44 },
    );

    expect(error.message).toContain(
      'expected 48 bytes of data for shape [3, 4], got 44',
    );
  });

  it('refuses bytes past the last row', async () => {
    const bytes = fixture('v1.npy');
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);

    const error = await catchBundleError(
      () => readNpy(chunked(longer, 32), 'long.npy'),
      {
        file: 'long.npy',
        field: 'data',
        value: 52,
      },
    );

    expect(error.message).toContain('got at least');
  });

  it('refuses a file that is not an .npy before reading it all', async () => {
    const text = new TextEncoder().encode('id,label\n'.repeat(1000));
    let chunksRead = 0;
    async function* counted() {
      for await (const chunk of chunked(text, 100)) {
        chunksRead++;
        yield chunk;
      }
    }

    await catchBundleError(() => readNpy(counted(), 'x.csv'), { file: 'x.csv' });

    expect(chunksRead).toBe(1);
  });

  it('names the row and column of a NaN, as numpy wrote it', async () => {
    const error = await catchBundleError(
      () => readNpy(chunked(fixture('nan.npy'), 40), 'nan.npy'),
      { file: 'nan.npy', field: '[1, 2]', value: NaN },
    );

    expect(error.message).toContain('row 1, column 2');
  });

  it('refuses float64 saying to save with astype float32', async () => {
    const error = await catchBundleError(
      () => readNpy(chunked(fixture('float64.npy'), 50), 'f.npy'),
      { file: 'f.npy', field: 'descr', value: '<f8' },
    );

    expect(error.message).toContain("astype('float32')");
  });
});
