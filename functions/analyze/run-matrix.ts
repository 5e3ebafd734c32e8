/**
 * Reading a run for the analysis at scale: samples.jsonl into ids, labels
 * and metadata columns, and the outputs' embeddings straight into one
 * Float32Array, row by row as the lines stream in. Rows are placed in id
 * order, so the analysis (which clusters in id order) uses the matrix as it
 * is when no sample failed or was quarantined.
 */
import type { S3Client } from '@aws-sdk/client-s3';

import { getLines, listKeys } from '../../shared/aws/s3-io.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { compareCodeUnits } from '../../shared/analysis/cluster-id.ts';
import {
  DimensionMismatchError,
  SampleInputError,
} from '../../shared/analysis/errors.ts';
import type {
  AnalysisSample,
  RunEmbeddings,
  SampleOutput,
} from '../../shared/analysis/types.ts';
import { bundleError, quoteValue } from '../../shared/bundle/errors.ts';
import { parseJson } from '../../shared/bundle/json.ts';
import { EmbeddingMatrixBuilder } from '../../shared/columnar/embedding-matrix.ts';
import { MetadataColumnsBuilder } from '../../shared/columnar/metadata-columns.ts';
import type { MetadataColumns } from '../../shared/columnar/metadata-columns.ts';
import { checkLine } from './run-lines.ts';
import { outputLineSchema, sampleLineSchema } from './line-schemas.ts';

export interface RunSamples {
  /** Each sample's id and label; metadata is in `metadataColumns`. */
  samples: AnalysisSample[];
  metadataColumns: MetadataColumns;
}

export interface RunOutputs {
  /** Every output line without its embedding. */
  outputs: SampleOutput[];
  embeddings: RunEmbeddings;
}

const outputFieldsSchema = outputLineSchema.omit({ embedding: true });

export async function readRunSamplesColumnar(
  s3: S3Client,
  bucket: string,
  runId: string,
): Promise<RunSamples> {
  const key = s3Keys.samples(runId);
  const file = `s3://${bucket}/${key}`;
  const builder = new MetadataColumnsBuilder();

  const samples: AnalysisSample[] = [];
  for await (const [line, lineNumber] of numberedLines(s3, bucket, key)) {
    const sample = checkLine(
      sampleLineSchema,
      parseJson(line, file, lineNumber),
      file,
      lineNumber,
    );
    builder.append(sample.metadata);
    samples.push({
      id: sample.id,
      ...(sample.label !== undefined && { label: sample.label }),
      metadata: {},
    });
  }

  return { samples, metadataColumns: builder.finish() };
}

/**
 * Every output line of the run, each embedding written into the matrix at
 * its sample's row (samples in id order) and left out of the output. An
 * output of an unknown sample keeps no row (the analysis names it); a
 * scored output without an embedding is refused here, naming the sample.
 */
export async function readRunOutputsIntoMatrix(
  s3: S3Client,
  bucket: string,
  runId: string,
  samples: readonly AnalysisSample[],
): Promise<RunOutputs> {
  const rowOfSample = idOrderRows(samples);
  const rowOfId = new Map(samples.map((s, i) => [s.id, rowOfSample[i] as number]));
  const builder = new EmbeddingMatrixBuilder({ rows: samples.length });
  const written = new Uint8Array(samples.length);

  const outputs: SampleOutput[] = [];
  for (const key of await listKeys(s3, bucket, s3Keys.outputsPrefix(runId))) {
    const file = `s3://${bucket}/${key}`;
    for await (const [line, lineNumber] of numberedLines(s3, bucket, key)) {
      const data = parseJson(line, file, lineNumber);
      const embedding = takeEmbedding(data);
      const output = checkLine(outputFieldsSchema, data, file, lineNumber);
      const row = rowOfId.get(output.id);
      if (embedding !== undefined && row !== undefined && output.error === undefined) {
        const values = checkedEmbedding(embedding, file, lineNumber);
        writeRow(builder, row, values, output.id);
        written[row] = 1;
      }
      outputs.push(output);
    }
  }
  checkEveryScoredRow(outputs, rowOfId, written);

  return { outputs, embeddings: { ...builder.finish(), rowOfSample } };
}

/** Removes and returns a parsed line's `embedding`, before the line is checked. */
function takeEmbedding(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !('embedding' in data)) {
    return undefined;
  }
  const { embedding } = data as { embedding: unknown };
  delete (data as { embedding?: unknown }).embedding;

  return embedding;
}

/** Each sample's row when the samples are put in id order. */
function idOrderRows(samples: readonly AnalysisSample[]): Int32Array {
  const order = Array.from(samples, (_, i) => i).sort((a, b) =>
    compareCodeUnits(
      (samples[a] as AnalysisSample).id,
      (samples[b] as AnalysisSample).id,
    ),
  );

  const rowOfSample = new Int32Array(samples.length);
  order.forEach((sampleIndex, row) => (rowOfSample[sampleIndex] = row));

  return rowOfSample;
}

/** An embedding as JSON carries it: numbers, null for a non-finite value. */
function checkedEmbedding(
  value: unknown,
  file: string,
  line: number,
): ArrayLike<number | null> {
  if (!Array.isArray(value)) {
    const problem = `expected an array of numbers, got ${quoteValue(value)}`;
    throw bundleError({ file, line, field: 'embedding' }, problem, value);
  }
  for (let j = 0; j < value.length; j++) {
    const entry: unknown = value[j];
    if (typeof entry === 'number' || entry === null) continue;
    const problem = `expected a number or null, got ${quoteValue(entry)}`;
    throw bundleError({ file, line, field: `embedding[${j}]` }, problem, entry);
  }

  return value as Array<number | null>;
}

function writeRow(
  builder: EmbeddingMatrixBuilder,
  row: number,
  values: ArrayLike<number | null>,
  sampleId: string,
): void {
  if (values.length === 0) {
    throw new SampleInputError(sampleId, 'embedding', [], 'an array of numbers');
  }
  if (builder.dimensions > 0 && values.length !== builder.dimensions) {
    throw new DimensionMismatchError(sampleId, builder.dimensions, values.length);
  }

  builder.setRow(row, values);
}

function checkEveryScoredRow(
  outputs: readonly SampleOutput[],
  rowOfId: ReadonlyMap<string, number>,
  written: Uint8Array,
): void {
  for (const output of outputs) {
    const row = rowOfId.get(output.id);
    if (output.error === undefined && row !== undefined && !written[row]) {
      throw new SampleInputError(
        output.id,
        'embedding',
        undefined,
        'an array of numbers',
      );
    }
  }
}

async function* numberedLines(
  s3: S3Client,
  bucket: string,
  key: string,
): AsyncGenerator<[string, number]> {
  let lineNumber = 0;
  for await (const line of getLines(s3, bucket, key)) {
    lineNumber++;
    if (line.trim() !== '') yield [line, lineNumber];
  }
}
