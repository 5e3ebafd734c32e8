/**
 * The rows distributed k-means clusters from one output file: the samples
 * Analyze clusters (no `error`, every embedding value finite as a float32),
 * in file order. Failed and quarantined samples are skipped as Analyze skips
 * them; an embedding of another width is an error naming file, line and value.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { bundleError, quoteValue } from '../../shared/bundle/errors.ts';
import { parseJson } from '../../shared/bundle/json.ts';
import { getLines } from '../../shared/aws/s3-io.ts';
import { FLOAT32_MAX } from '../../shared/columnar/embedding-matrix.ts';

export interface OutputRows {
  ids: string[];
  /** ids.length x dimensions, row-major. */
  points: Float32Array;
  dimensions: number;
}

/**
 * Reads the clusterable rows of an output file. `dimensions` is the width
 * every row must have; 0 takes the first row's.
 */
export async function readOutputRows(
  s3: S3Client,
  bucket: string,
  key: string,
  dimensions: number,
): Promise<OutputRows> {
  const file = `s3://${bucket}/${key}`;
  const ids: string[] = [];
  const values: number[] = [];
  let width = dimensions;

  let line = 0;
  for await (const text of getLines(s3, bucket, key)) {
    line++;
    if (text.trim() === '') continue;
    const row = clusterableRow(parseJson(text, file, line), { file, line }, width);
    if (row === null) continue;
    width = row.embedding.length;
    ids.push(row.id);
    for (const value of row.embedding) values.push(value);
  }

  return { ids, points: Float32Array.from(values), dimensions: width };
}

interface Where {
  file: string;
  line: number;
}

function clusterableRow(
  value: unknown,
  where: Where,
  width: number,
): { id: string; embedding: number[] } | null {
  const line = value as { id?: unknown; error?: unknown; embedding?: unknown } | null;
  if (typeof line?.id !== 'string' || line.id === '') {
    throw bundleError(
      { ...where, field: 'id' },
      `expected a sample id, got ${quoteValue(line?.id)}`,
      line?.id,
    );
  }
  if (line.error !== undefined) return null;
  const embedding = line.embedding;
  if (!Array.isArray(embedding) || embedding.length === 0) {
    const problem = `expected an array of numbers, got ${quoteValue(embedding)}`;
    throw bundleError({ ...where, field: 'embedding' }, problem, embedding);
  }
  if (width > 0 && embedding.length !== width) {
    const problem = `expected ${width} dimensions, got ${embedding.length}`;
    throw bundleError({ ...where, field: 'embedding' }, problem, embedding.length);
  }
  if (!embedding.every((v) => typeof v === 'number' || v === null)) {
    const problem = `expected numbers (null for non-finite), got ${quoteValue(embedding)}`;
    throw bundleError({ ...where, field: 'embedding' }, problem, embedding);
  }
  const finite = embedding.every(
    (v) => typeof v === 'number' && Math.abs(v) <= FLOAT32_MAX,
  );

  return finite ? { id: line.id, embedding: embedding as number[] } : null;
}
