/**
 * NumPy `.npy` files of float32 embeddings: versions 1.0, 2.0 and 3.0 as
 * `numpy.save` writes them (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
 * Only 2-D, C-ordered, little-endian float32 arrays are read. `readNpy`
 * streams: it reads the header, allocates the matrix once and copies each
 * chunk into it, so a big file is never held twice.
 */
import { bundleError } from './errors.ts';

export interface NpyMatrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const FLOAT32 = '<f4';
const BYTES_PER_FLOAT32 = 4;
/** numpy pads the header so that the data starts on a 64-byte boundary. */
const HEADER_ALIGN = 64;
/** numpy leaves room for the first axis to grow to this many digits. */
const GROWTH_AXIS_MAX_DIGITS = 21;
const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const DTYPE_ADVICE: Record<string, string> = {
  '<f8': "float64: save with .astype('float32')",
  '<f2': "float16: save with .astype('float32')",
  '>f4': "big-endian float32: save with .astype('<f4')",
};

export function parseNpy(bytes: Uint8Array, file: string): NpyMatrix {
  const { headerText, dataOffset } = readPreamble(bytes, file);
  const { rows, cols } = readHeader(headerText, file);
  const expectedBytes = rows * cols * BYTES_PER_FLOAT32;
  const gotBytes = bytes.length - dataOffset;
  if (gotBytes !== expectedBytes) {
    const problem = `expected ${expectedBytes} bytes of data for shape [${rows}, ${cols}], got ${gotBytes}`;
    throw bundleError({ file, field: 'data' }, problem, gotBytes);
  }

  const data = copyFloat32(bytes.subarray(dataOffset), rows * cols);
  checkFinite(data, cols, file);

  return { rows, cols, data };
}

/**
 * Reads a `.npy` from a stream of chunks: the header first, then the rows
 * straight into one Float32Array of the header's shape.
 */
export async function readNpy(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
): Promise<NpyMatrix> {
  let head: Uint8Array = new Uint8Array(0);
  let sink: NpySink | undefined;
  for await (const chunk of chunks) {
    if (sink !== undefined) {
      sink.write(chunk);
      continue;
    }
    head = concatBytes(head, chunk);
    if (head.length >= MAGIC.length && !startsWithMagic(head))
      return parseNpy(head, file);
    const dataOffset = completeHeaderLength(head);
    if (dataOffset === null) continue;
    sink = new NpySink(head, file);
    sink.write(head.subarray(dataOffset));
    head = new Uint8Array(0);
  }

  if (sink === undefined) return parseNpy(head, file);
  return sink.finish();
}

/** Where a stream's rows go: the matrix, filled in order. */
class NpySink {
  private readonly matrix: NpyMatrix;
  private readonly bytes: Uint8Array;
  private filled = 0;

  constructor(
    head: Uint8Array,
    private readonly file: string,
  ) {
    const { headerText } = readPreamble(head, file);
    const { rows, cols } = readHeader(headerText, file);
    const data = new Float32Array(rows * cols);
    this.matrix = { rows, cols, data };
    this.bytes = new Uint8Array(data.buffer);
  }

  write(chunk: Uint8Array): void {
    if (this.filled + chunk.length > this.bytes.length) {
      throw this.sizeError(this.filled + chunk.length, 'at least ');
    }
    this.bytes.set(chunk, this.filled);
    this.filled += chunk.length;
  }

  finish(): NpyMatrix {
    if (this.filled !== this.bytes.length) throw this.sizeError(this.filled, '');
    if (!IS_LITTLE_ENDIAN) swapFloat32Bytes(this.bytes);
    checkFinite(this.matrix.data, this.matrix.cols, this.file);

    return this.matrix;
  }

  private sizeError(gotBytes: number, qualifier: string) {
    const { rows, cols } = this.matrix;
    const problem =
      `expected ${this.bytes.length} bytes of data for shape [${rows}, ${cols}], ` +
      `got ${qualifier}${gotBytes}`;
    return bundleError({ file: this.file, field: 'data' }, problem, gotBytes);
  }
}

/** The data offset once the preamble and header are all in `head`, else null. */
function completeHeaderLength(head: Uint8Array): number | null {
  if (head.length < 12) return null;

  const major = head[6] ?? 0;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const headerEnd =
    major === 1 ? 10 + view.getUint16(8, true) : 12 + view.getUint32(8, true);

  return head.length >= headerEnd ? headerEnd : null;
}

function startsWithMagic(bytes: Uint8Array): boolean {
  return MAGIC.every((byte, index) => bytes[index] === byte);
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);

  return joined;
}

function swapFloat32Bytes(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i += BYTES_PER_FLOAT32) {
    [bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]] = [
      bytes[i + 3] as number,
      bytes[i + 2] as number,
      bytes[i + 1] as number,
      bytes[i] as number,
    ];
  }
}

function readPreamble(
  bytes: Uint8Array,
  file: string,
): { headerText: string; dataOffset: number } {
  if (bytes.length < 10 || MAGIC.some((byte, index) => bytes[index] !== byte)) {
    throw bundleError({ file }, 'not a NumPy .npy file (no "\\x93NUMPY" magic string)');
  }
  const major = bytes[6] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major < 1 || major > 3) {
    const problem = `unsupported .npy format version ${major}.${bytes[7]} (supported: 1.0, 2.0, 3.0)`;
    throw bundleError({ file, field: 'version' }, problem, `${major}.${bytes[7]}`);
  }
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes)
    throw bundleError({ file }, 'truncated .npy header');

  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  const dataOffset = headerStart + headerLength;
  if (dataOffset > bytes.length) throw bundleError({ file }, 'truncated .npy header');
  const encoding = major === 3 ? 'utf-8' : 'latin1';
  const headerText = new TextDecoder(encoding).decode(
    bytes.subarray(headerStart, dataOffset),
  );

  return { headerText, dataOffset };
}

function readHeader(headerText: string, file: string): { rows: number; cols: number } {
  const descr = /'descr':\s*'([^']*)'/.exec(headerText)?.[1];
  const fortranOrder = /'fortran_order':\s*(True|False)/.exec(headerText)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(headerText)?.[1];
  if (descr === undefined || fortranOrder === undefined || shapeText === undefined) {
    throw bundleError(
      { file, field: 'header' },
      'unreadable .npy header',
      headerText.trim(),
    );
  }
  if (descr !== FLOAT32) {
    const advice =
      DTYPE_ADVICE[descr] ?? `dtype ${descr}: save with .astype('float32')`;
    throw bundleError(
      { file, field: 'descr' },
      `expected float32 ('<f4'), got ${advice}`,
      descr,
    );
  }
  if (fortranOrder === 'True') {
    const problem =
      'expected C order, got fortran_order True: save np.ascontiguousarray(x)';
    throw bundleError({ file, field: 'fortran_order' }, problem, fortranOrder);
  }

  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const [rows, cols] = shape.map(Number);
  const whole = (size: number | undefined): size is number =>
    size !== undefined && Number.isInteger(size) && size >= 0;
  if (shape.length !== 2 || !whole(rows) || !whole(cols)) {
    const value = `(${shape.join(', ')})`;
    throw bundleError(
      { file, field: 'shape' },
      `expected a 2-D array N x D, got shape ${value}`,
      value,
    );
  }

  return { rows, cols };
}

function copyFloat32(source: Uint8Array, count: number): Float32Array {
  const data = new Float32Array(count);
  if (IS_LITTLE_ENDIAN) {
    new Uint8Array(data.buffer).set(source.subarray(0, count * BYTES_PER_FLOAT32));
    return data;
  }

  const view = new DataView(source.buffer, source.byteOffset, source.byteLength);
  for (let index = 0; index < count; index += 1) {
    data[index] = view.getFloat32(index * BYTES_PER_FLOAT32, true);
  }

  return data;
}

function checkFinite(data: Float32Array, cols: number, file: string): void {
  for (let index = 0; index < data.length; index += 1) {
    const value = data[index] as number;
    if (Number.isFinite(value)) continue;

    const row = Math.floor(index / cols);
    const col = index % cols;
    const problem = `expected finite values, got ${value} at row ${row}, column ${col} (0-based)`;
    throw bundleError({ file, field: `[${row}, ${col}]` }, problem, value);
  }
}

/** Writes a version 1.0 `.npy`, byte for byte as `numpy.save` would. */
export function encodeNpy(data: Float32Array, rows: number, cols: number): Uint8Array {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(
      `encodeNpy: expected whole rows and cols, got ${rows} x ${cols}`,
    );
  }
  if (data.length !== rows * cols) {
    throw new RangeError(
      `encodeNpy: expected ${rows} x ${cols} = ${rows * cols} values, got ${data.length}`,
    );
  }

  const header = npyHeader(rows, cols);
  const bytes = new Uint8Array(header.length + data.length * BYTES_PER_FLOAT32);
  bytes.set(header);
  if (IS_LITTLE_ENDIAN) {
    bytes.set(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      header.length,
    );
    return bytes;
  }

  const view = new DataView(bytes.buffer, header.length);
  data.forEach((value, index) =>
    view.setFloat32(index * BYTES_PER_FLOAT32, value, true),
  );

  return bytes;
}

function npyHeader(rows: number, cols: number): Uint8Array {
  const dict = `{'descr': '${FLOAT32}', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const grown =
    dict + ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(rows).length));
  const preambleBytes = MAGIC.length + 2 + 2;
  const padding =
    (HEADER_ALIGN - ((preambleBytes + grown.length + 1) % HEADER_ALIGN)) % HEADER_ALIGN;
  const text = `${grown}${' '.repeat(padding)}\n`;
  const header = new Uint8Array(preambleBytes + text.length);
  header.set([...MAGIC, 1, 0, text.length & 0xff, text.length >> 8]);
  header.set(new TextEncoder().encode(text), preambleBytes);

  return header;
}
