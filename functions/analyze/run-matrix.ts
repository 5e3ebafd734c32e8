/**
 * Reading a run for the analysis at scale: samples.jsonl into ids, labels
 * and metadata columns, the outputs' scores into one Float64Array and their
 * embeddings straight into one Float32Array, row by row as the lines stream
 * in, with no object kept per sample. Rows are placed in id
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
  OutputFields,
  RunColumns,
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
  /** Each sample's id, in file order. */
  ids: string[];
  /** Each sample's label as given (one string per distinct label); undefined when none. */
  labels: Array<string | number | undefined>;
  metadataColumns: MetadataColumns;
}

/** The outputs as the analysis reads them: columns, and the embeddings in one matrix. */
export interface RunOutputs {
  /** Scores (when they fit `scoreWidth`) and everything else each output said. */
  outputs: Pick<RunColumns, 'scoreWidth' | 'scores' | 'hasScores' | 'others'>;
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
  const ids: string[] = [];
  const labels: Array<string | number | undefined> = [];
  const interned = new Map<string, string>();

  for await (const [line, lineNumber] of numberedLines(s3, bucket, key)) {
    const sample = checkLine(
      sampleLineSchema,
      parseJson(line, file, lineNumber),
      file,
      lineNumber,
    );
    builder.append(sample.metadata);
    ids.push(sample.id);
    labels.push(internedLabel(interned, sample.label));
  }

  return { ids, labels, metadataColumns: builder.finish() };
}

/** A string label as the one copy of it kept; other labels as they are. */
function internedLabel(
  interned: Map<string, string>,
  label: string | number | undefined,
): string | number | undefined {
  if (typeof label !== 'string') return label;
  const kept = interned.get(label);
  if (kept !== undefined) return kept;
  if (interned.size < MAX_INTERNED_LABELS) interned.set(label, label);
  return label;
}

/** Class names are few; past this many distinct labels they are kept as read. */
const MAX_INTERNED_LABELS = 10_000;

/**
 * Every output line of the run, read into columns at its sample's index:
 * the embedding into the matrix at its sample's row (samples in id order),
 * `scoreWidth` finite scores into the scores column, anything else the line
 * says (prediction, loss, heatmap, error, or scores of another shape, which
 * the analysis reports) kept for that sample. Each sample needs exactly one
 * output, and each output a sample of the run; a scored output without an
 * embedding is refused here, naming the sample.
 */
export async function readRunOutputsIntoMatrix(
  s3: S3Client,
  bucket: string,
  runId: string,
  ids: readonly string[],
  scoreWidth: number,
): Promise<RunOutputs> {
  const rowOfSample = idOrderRows(ids);
  const indexOf = sampleIndexes(ids);
  const builder = new EmbeddingMatrixBuilder({ rows: ids.length });
  const columns = new OutputColumns(ids.length, scoreWidth);

  for (const key of await listKeys(s3, bucket, s3Keys.outputsPrefix(runId))) {
    const file = `s3://${bucket}/${key}`;
    for await (const [line, lineNumber] of numberedLines(s3, bucket, key)) {
      const data = parseJson(line, file, lineNumber);
      const embedding = takeEmbedding(data);
      const output = checkLine(outputFieldsSchema, data, file, lineNumber);
      const index = indexOf.get(output.id);
      if (index === undefined) {
        throw new SampleInputError(
          output.id,
          'id',
          output.id,
          'the id of a sample of the run',
        );
      }
      columns.set(index, output);
      if (output.error !== undefined) continue;
      if (embedding === undefined) {
        throw new SampleInputError(
          output.id,
          'embedding',
          undefined,
          'an array of numbers',
        );
      }
      const values = checkedEmbedding(embedding, file, lineNumber);
      writeRow(builder, rowOfSample[index] as number, values, output.id);
    }
  }
  columns.checkEverySampleHasOne(ids);

  return {
    outputs: columns.finish(),
    embeddings: { ...builder.finish(), rowOfSample },
  };
}

/** Each id's index; a second sample with an id is refused, naming it. */
function sampleIndexes(ids: readonly string[]): Map<string, number> {
  const indexOf = new Map<string, number>();
  ids.forEach((id, i) => {
    if (indexOf.has(id)) {
      throw new SampleInputError(id, 'id', id, 'unique within the run');
    }
    indexOf.set(id, i);
  });

  return indexOf;
}

/** The outputs' columns, filled at each output's sample index. */
class OutputColumns {
  private readonly scores: Float64Array;
  private readonly hasScores: Uint8Array;
  private readonly seen: Uint8Array;
  private readonly others: Array<OutputFields | undefined>;

  constructor(
    count: number,
    private readonly scoreWidth: number,
  ) {
    this.scores = new Float64Array(count * scoreWidth);
    this.hasScores = new Uint8Array(count);
    this.seen = new Uint8Array(count);
    this.others = new Array<OutputFields | undefined>(count).fill(undefined);
  }

  set(index: number, output: SampleOutput): void {
    if (this.seen[index] === 1) {
      throw new SampleInputError(output.id, 'id', output.id, 'one output per sample');
    }
    this.seen[index] = 1;

    const { id: _id, scores, ...others } = output;
    const width = this.scoreWidth;
    if (
      scores !== undefined &&
      width > 0 &&
      scores.length === width &&
      scores.every(Number.isFinite)
    ) {
      this.scores.set(scores, index * width);
      this.hasScores[index] = 1;
    } else if (scores !== undefined) {
      (others as OutputFields).scores = scores;
    }
    this.others[index] = Object.keys(others).length > 0 ? others : undefined;
  }

  checkEverySampleHasOne(ids: readonly string[]): void {
    const missing = this.seen.indexOf(0);
    if (missing >= 0) {
      const id = ids[missing] as string;
      throw new SampleInputError(id, 'output', undefined, 'one output line');
    }
  }

  finish(): RunOutputs['outputs'] {
    return {
      scoreWidth: this.scoreWidth,
      scores: this.scores,
      hasScores: this.hasScores,
      others: this.others,
    };
  }
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
function idOrderRows(ids: readonly string[]): Int32Array {
  const order = Array.from(ids, (_, i) => i).sort((a, b) =>
    compareCodeUnits(ids[a] as string, ids[b] as string),
  );

  const rowOfSample = new Int32Array(ids.length);
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
