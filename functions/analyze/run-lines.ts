/** Reading a run's JSONL work files, each line checked against its schema. */
import type { S3Client } from '@aws-sdk/client-s3';
import type { z } from 'zod';

import { getLines, listKeys } from '../../shared/aws/s3-io.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { bundleError, quoteValue } from '../../shared/bundle/errors.ts';
import { formatFieldPath } from '../../shared/bundle/field-path.ts';
import { parseJson } from '../../shared/bundle/json.ts';
import type { SampleOutput } from '../../shared/analysis/types.ts';
import { outputLineSchema, poolLineSchema } from './line-schemas.ts';
import type { PoolLine } from './line-schemas.ts';

/** Every output line of the run (or of its pool), over all files under the prefix. */
export async function readRunOutputs(
  s3: S3Client,
  bucket: string,
  runId: string,
  set: 'evaluation' | 'pool' = 'evaluation',
): Promise<SampleOutput[]> {
  const prefix =
    set === 'pool' ? s3Keys.poolOutputsPrefix(runId) : s3Keys.outputsPrefix(runId);
  const keys = await listKeys(s3, bucket, prefix);

  const outputs: SampleOutput[] = [];
  for (const key of keys) {
    outputs.push(...(await readLines(s3, bucket, key, outputLineSchema)));
  }
  return outputs;
}

export async function readPoolLines(
  s3: S3Client,
  bucket: string,
  runId: string,
): Promise<PoolLine[]> {
  return readLines(s3, bucket, s3Keys.pool(runId), poolLineSchema);
}

/** Parses each non-blank line; an error names the file, line, field and value. */
async function readLines<T>(
  s3: S3Client,
  bucket: string,
  key: string,
  schema: z.ZodType<T>,
): Promise<T[]> {
  const file = `s3://${bucket}/${key}`;

  const values: T[] = [];
  let lineNumber = 0;
  for await (const line of getLines(s3, bucket, key)) {
    lineNumber++;
    if (line.trim() === '') {
      continue;
    }
    values.push(checkLine(schema, parseJson(line, file, lineNumber), file, lineNumber));
  }
  return values;
}

export function checkLine<T>(
  schema: z.ZodType<T>,
  data: unknown,
  file: string,
  line: number,
): T {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) {
    return result.data;
  }

  const issue = result.error.issues[0];
  const field = formatFieldPath(issue?.path ?? []) || undefined;
  const problem = `${issue?.message ?? 'invalid line'}, got ${quoteValue(issue?.input)}`;
  throw bundleError({ file, line, field }, problem, issue?.input);
}
