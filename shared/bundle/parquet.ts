/**
 * Samples in a Parquet file, as common writers produce it (DuckDB, pyarrow,
 * pandas; snappy by default, zstd, gzip, brotli and lz4 too), read with
 * hyparquet one row group at a time. Columns named like a sample's fields
 * (`id`, `label`, `input`, `embedding`, `scores`, `prediction`, `loss`,
 * `heatmap`) are those fields; every other column is a metadata field (and a
 * STRUCT column `metadata`, when there is one, adds its fields). Each row is
 * then checked as a JSON line is, and an error names the 1-based row.
 */
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { bundleError } from './errors.ts';
import { checkSample, gatherSamples } from './samples.ts';
import type { PlacedSample, SampleSet } from './samples.ts';
import type { Manifest, Sample } from './types.ts';

/** Columns read as the sample's own fields; the rest are metadata. */
const SAMPLE_COLUMNS = new Set([
  'id',
  'label',
  'input',
  'embedding',
  'scores',
  'prediction',
  'loss',
  'heatmap',
]);
const METADATA_COLUMN = 'metadata';

/** Whether a samples path names a Parquet file (by its extension). */
export function isParquetPath(path: string): boolean {
  return /\.parquet$/i.test(path);
}

/** Reads and checks every sample of a Parquet file's bytes. */
export async function readParquetSamples(
  bytes: Uint8Array,
  file: string,
  manifest: Manifest,
  set: SampleSet = 'evaluation',
): Promise<Sample[]> {
  const buffer = ownArrayBuffer(bytes);
  const metadata = readMetadata(buffer, file);
  const columns = topLevelColumns(metadata);
  if (!columns.includes('id')) {
    const problem = `missing the id column; the file has ${columns.join(', ')}`;
    throw bundleError({ file, field: 'id' }, problem);
  }

  return gatherSamples(placedRows(buffer, metadata, file, manifest, set), file);
}

async function* placedRows(
  buffer: ArrayBuffer,
  metadata: FileMetaData,
  file: string,
  manifest: Manifest,
  set: SampleSet,
): AsyncGenerator<PlacedSample> {
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await readRows(buffer, metadata, file, rowStart, rowEnd);
    for (const [offset, row] of rows.entries()) {
      const where = { file, row: rowStart + offset + 1 };
      const sample = checkSample(sampleObject(row, where), where, manifest, set);
      yield { sample, where };
    }
    rowStart = rowEnd;
  }
}

async function readRows(
  file: ArrayBuffer,
  metadata: FileMetaData,
  name: string,
  rowStart: number,
  rowEnd: number,
): Promise<Array<Record<string, unknown>>> {
  try {
    return await parquetReadObjects({ file, metadata, compressors, rowStart, rowEnd });
  } catch (cause) {
    const problem = `unreadable Parquet data in rows ${rowStart + 1} to ${rowEnd}: ${String(cause)}`;
    throw bundleError({ file: name }, problem, undefined, cause);
  }
}

function readMetadata(buffer: ArrayBuffer, file: string): FileMetaData {
  try {
    return parquetMetadata(buffer);
  } catch (cause) {
    const problem = `not a readable Parquet file: ${String(cause)}`;
    throw bundleError({ file }, problem, undefined, cause);
  }
}

function topLevelColumns(metadata: FileMetaData): string[] {
  return parquetSchema(metadata).children.map((child) => child.element.name);
}

/** A row in the shape of a JSON sample line: fields, and metadata gathered. */
function sampleObject(
  row: Record<string, unknown>,
  where: { file: string; row: number },
): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(row)) {
    const value = plainValue(raw, where, column);
    if (SAMPLE_COLUMNS.has(column)) {
      if (value !== null && value !== undefined) sample[column] = value;
    } else if (column === METADATA_COLUMN && isRecord(value)) {
      Object.assign(metadata, value);
    } else {
      metadata[column] = value ?? null;
    }
  }
  sample.metadata = metadata;

  return sample;
}

/**
 * A Parquet value as JSON would carry it: 64-bit integers as numbers (when
 * exact), dates and timestamps as ISO strings, lists as arrays. Binary is
 * refused: it has no JSON form.
 */
function plainValue(
  value: unknown,
  where: { file: string; row: number },
  field: string,
): unknown {
  if (typeof value === 'bigint') {
    if (Number.isSafeInteger(Number(value))) return Number(value);
    const problem = `expected an integer within ±2^53, got ${value}`;
    throw bundleError({ ...where, field }, problem, String(value));
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) {
    const problem = 'expected text, a number, a boolean or a list, got binary data';
    throw bundleError({ ...where, field }, problem, `${value.length} bytes`);
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return Array.from(value as ArrayLike<unknown>, (entry, i) =>
      plainValue(entry, where, `${field}[${i}]`),
    );
  }
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [
        key,
        plainValue(entry, where, `${field}.${key}`),
      ]),
    );
  }

  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The bytes as an ArrayBuffer of their own (no copy when they fill one). */
function ownArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole =
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer;

  return whole ? (bytes.buffer as ArrayBuffer) : new Uint8Array(bytes).buffer;
}
