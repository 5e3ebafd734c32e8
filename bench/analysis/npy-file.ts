/**
 * `.npy` files of float32 matrices for the speed benchmark: written row
 * block by row block (the header numpy.save writes, version 1.0) and read
 * straight into the kernels' memory, so neither side holds two copies.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

import { allocateKernelFloat32 } from '../../shared/analysis/kernels/kernels.ts';
import { AnalysisBenchError } from './errors.ts';

const MAGIC = '\x93NUMPY';

/** The 1.0 header of a C-ordered little-endian float32 rows x cols array. */
export function npyHeader(rows: number, cols: number): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const unpadded = MAGIC.length + 4 + dict.length + 1;
  const padding = (64 - (unpadded % 64)) % 64;
  const text = dict + ' '.repeat(padding) + '\n';
  const header = new Uint8Array(MAGIC.length + 4 + text.length);
  header.set(Buffer.from(MAGIC, 'latin1'));
  header.set([1, 0, text.length & 0xff, text.length >> 8], MAGIC.length);
  header.set(Buffer.from(text, 'latin1'), MAGIC.length + 4);

  return header;
}

/** Writes rows x cols float32 values, block by block, from `fill(row0, block)`. */
export function writeNpy(
  file: string,
  rows: number,
  cols: number,
  fill: (row0: number, block: Float32Array) => void,
  blockRows = 8192,
): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, npyHeader(rows, cols));
    const block = new Float32Array(blockRows * cols);
    for (let row0 = 0; row0 < rows; row0 += blockRows) {
      const count = Math.min(blockRows, rows - row0);
      const part = block.subarray(0, count * cols);
      fill(row0, part);
      writeSync(fd, new Uint8Array(part.buffer, 0, part.byteLength));
    }
  } finally {
    closeSync(fd);
  }
}

export interface LoadedMatrix {
  rows: number;
  cols: number;
  /** In the kernels' memory. */
  data: Float32Array;
}

/** Reads a float32 `.npy` written by numpy or `writeNpy` into kernel memory. */
export function readNpyIntoKernels(file: string): LoadedMatrix {
  const fd = openSync(file, 'r');
  try {
    const preamble = Buffer.alloc(10);
    readSync(fd, preamble, 0, 10, 0);
    if (preamble.toString('latin1', 0, 6) !== MAGIC || preamble[6] !== 1) {
      throw new AnalysisBenchError('not a version 1.0 .npy file', 'file', file);
    }
    const headerLength = preamble.readUInt16LE(8);
    const header = Buffer.alloc(headerLength);
    readSync(fd, header, 0, headerLength, 10);
    const { rows, cols } = shapeOf(header.toString('latin1'), file);
    const data = allocateKernelFloat32(rows * cols);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    let done = 0;
    while (done < bytes.length) {
      const read = readSync(
        fd,
        bytes,
        done,
        Math.min(1 << 26, bytes.length - done),
        10 + headerLength + done,
      );
      if (read === 0) throw new AnalysisBenchError(`${file} ends early`, 'bytes', done);
      done += read;
    }

    return { rows, cols, data };
  } finally {
    closeSync(fd);
  }
}

function shapeOf(header: string, file: string): { rows: number; cols: number } {
  const match =
    /'descr': '<f4', 'fortran_order': False, 'shape': \((\d+), (\d+)\)/.exec(header);
  if (!match) {
    throw new AnalysisBenchError(
      `${file}: expected a C-ordered <f4 2-D array`,
      'header',
      header.trim(),
    );
  }

  return { rows: Number(match[1]), cols: Number(match[2]) };
}
