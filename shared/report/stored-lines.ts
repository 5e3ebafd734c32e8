/**
 * Reading a run's stored JSON-lines files for the report; a bad line is a
 * `StoredLineError` naming the file, line, field and value.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { getLines } from '../aws/s3-io.ts';
import { BundleError } from '../bundle/errors.ts';
import { parseJsonLine } from '../bundle/json-line.ts';
import { StoredLineError } from './errors.ts';

const metadataValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** A line of the results' samples.jsonl: a scored sample, or a failed one. */
export const sampleResultLine = z.union([
  z.object({ id: z.string(), error: z.string() }),
  z.object({
    id: z.string(),
    loss: z.number(),
    prediction: z.union([z.string(), z.number(), z.null()]),
    correct: z.boolean().nullable(),
    cluster: z.string().nullable(),
    x: z.number().nullable(),
    y: z.number().nullable(),
  }),
]);

/** A line of work/<runId>/samples.jsonl: label and metadata. */
export const sampleLine = z.object({
  id: z.string(),
  label: z.union([z.string(), z.number()]).optional(),
  metadata: z.record(z.string(), metadataValue).default({}),
});

/** A line of an input shard: what the endpoint was given. */
export const inputLine = z.object({ id: z.string(), input: z.unknown() });

/** Every line of the file, parsed; blank lines are skipped. */
export async function readStoredLines<T>(
  s3: S3Client,
  bucket: string,
  key: string,
  schema: z.ZodType<T>,
): Promise<T[]> {
  const values: T[] = [];
  for await (const value of storedLines(s3, bucket, key, schema)) values.push(value);

  return values;
}

/** The file's lines parsed one at a time as they stream in; stopping early stops the download. */
export async function* storedLines<T>(
  s3: S3Client,
  bucket: string,
  key: string,
  schema: z.ZodType<T>,
): AsyncGenerator<T> {
  const file = `s3://${bucket}/${key}`;
  let line = 0;

  for await (const text of getLines(s3, bucket, key)) {
    line++;
    if (text.trim() === '') continue;
    yield parseLine(text, schema, file, line);
  }
}

function parseLine<T>(
  text: string,
  schema: z.ZodType<T>,
  file: string,
  line: number,
): T {
  try {
    return parseJsonLine(schema, text, file, line);
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    throw new StoredLineError(error, line);
  }
}
