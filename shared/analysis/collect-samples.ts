import { EmbeddingMatrixBuilder, FLOAT32_MAX } from '../columnar/embedding-matrix.ts';
import {
  AnalysisParameterError,
  DimensionMismatchError,
  EmptyAnalysisError,
  SampleInputError,
} from './errors.ts';
import { logSoftmax, scoreSample } from './losses.ts';
import type {
  AnalysisSample,
  LossContext,
  RunColumns,
  RunCounts,
  RunEmbeddings,
  SampleOutput,
  ScoredSample,
} from './types.ts';

/**
 * The scored samples as columns, position p for the p-th scored sample in
 * input order: no object per sample, so a million samples cost a few typed
 * arrays and one array of ids.
 */
export interface ScoredColumns {
  count: number;
  ids: string[];
  /** Index of each in the run's samples. */
  sampleIndex: Int32Array;
  /** Row of its embedding in the run's matrix; -1 when quarantined. */
  row: Int32Array;
  losses: Float64Array;
  /** 1 when the model was right, 0 when not; null outside classification. */
  correct: Uint8Array | null;
  predictions: PredictionColumn;
  /** The error signal's inputs; null outside classification. */
  classification: ClassColumns | null;
}

/**
 * Each scored sample's prediction: a class index into `classes`
 * (classification), else the value as scored (regression, custom; null when
 * unknown). Read it with `predictionAt`.
 */
export type PredictionColumn =
  | { kind: 'class'; classes: readonly string[]; index: Int32Array }
  | { kind: 'value'; values: Array<string | number | null> };

/** The prediction at a scored position: class name, number, custom value, or null. */
export function predictionAt(
  predictions: PredictionColumn,
  position: number,
): string | number | null {
  return predictions.kind === 'class'
    ? (predictions.classes[predictions.index[position] as number] ?? null)
    : (predictions.values[position] ?? null);
}

/** Per scored sample of a classification run: label, probabilities, whether scored. */
export interface ClassColumns {
  classCount: number;
  /** Class index of each label. */
  labels: Int32Array;
  /**
   * count x classCount, row-major: the class probabilities (renormalised
   * probabilities, or softmax of logits), a one-hot prediction when the
   * output has no scores.
   */
  probabilities: Float64Array;
  /** 1 when the output had scores (not only a prediction). */
  hasScores: Uint8Array;
}

export interface CollectedRun {
  counts: RunCounts;
  /** Scored samples (clustered and quarantined) in input order. */
  scored: ScoredColumns;
  /** Length of every embedding; 0 when none was seen. */
  dimensions: number;
  /** Every embedding read, row-major (rows as in `scored.row`). */
  matrix: Float32Array;
  /** The output of the sample at an index of the run's samples. */
  outputAt(sampleIndex: number): SampleOutput;
  /** Every output that carries a heatmap. */
  heatmaps(): Iterable<SampleOutput>;
}

/** The run in either form: objects, or columns with a matrix of embeddings. */
export type RunSource =
  | {
      samples: readonly AnalysisSample[];
      outputs: Map<string, SampleOutput> | readonly SampleOutput[];
      columns?: undefined;
      embeddings?: RunEmbeddings;
    }
  | { columns: RunColumns; embeddings: RunEmbeddings };

/**
 * Pairs each sample with its output and scores it. A failed output (with an
 * `error`) is counted and dropped; a non-finite embedding is counted as
 * quarantined and kept without it (JSON carries NaN and infinities as
 * null, so a null entry counts as non-finite). Every sample needs exactly one
 * output. The embeddings come from `embeddings` when given (a matrix the
 * loader filled, used as it is), else from the outputs, copied row by row
 * into one matrix. A run given as columns is read one sample at a time
 * through short-lived objects, scored exactly as the object form.
 */
export function collectSamples(context: LossContext, run: RunSource): CollectedRun {
  if ((run.columns === undefined ? run.samples : run.columns.ids).length === 0) {
    throw new EmptyAnalysisError('the run has no samples to analyse');
  }
  const reader =
    run.columns === undefined ? objectReader(run) : columnReader(run.columns);
  const source = run.embeddings ?? matrixOfOutputs(reader, reader.count);
  const rowOfSample = checkedRows(source, reader.count);

  const counts: RunCounts = { samples: reader.count, quarantined: 0, failed: 0 };
  const columns = new ScoredColumnsBuilder(context, reader.count);
  for (let index = 0; index < reader.count; index++) {
    const output = reader.outputAt(index);
    if (output.error !== undefined) {
      counts.failed++;
      continue;
    }
    const sample = reader.sampleAt(index);
    const row = rowOfSample === null ? index : (rowOfSample[index] as number);
    const clusterable = isFiniteRow(source.data, row, source.dimensions);
    counts.quarantined += clusterable ? 0 : 1;
    const score = scoreSample(context, sample, output);
    columns.push(sample, output, index, clusterable ? row : -1, score);
  }

  return {
    counts,
    scored: columns.finish(),
    dimensions: source.dimensions,
    matrix: source.data,
    outputAt: reader.outputAt,
    heatmaps: reader.heatmaps,
  };
}

/** One sample and its output at a time, whichever form the run came in. */
interface RunReader {
  count: number;
  sampleAt(index: number): AnalysisSample;
  outputAt(index: number): SampleOutput;
  heatmaps(): Iterable<SampleOutput>;
}

function objectReader(run: {
  samples: readonly AnalysisSample[];
  outputs: Map<string, SampleOutput> | readonly SampleOutput[];
}): RunReader {
  const { samples } = run;
  const outputById = indexOutputs(samples, run.outputs);

  return {
    count: samples.length,
    sampleAt: (index) => samples[index] as AnalysisSample,
    outputAt: (index) =>
      outputById.get((samples[index] as AnalysisSample).id) as SampleOutput,
    heatmaps: () => [...outputById.values()].filter((o) => o.heatmap !== undefined),
  };
}

/** Read by the analysis when the metadata travels as columns. */
const NO_METADATA: Readonly<Record<string, never>> = Object.freeze({});

function columnReader(columns: RunColumns): RunReader {
  const { ids, labels, scores, scoreWidth, hasScores, others } =
    checkedColumns(columns);

  return {
    count: ids.length,
    sampleAt: (index) => {
      const label = labels[index];
      return {
        id: ids[index] as string,
        ...(label !== undefined && { label }),
        metadata: NO_METADATA,
      };
    },
    outputAt: (index) => {
      const other = others[index];
      const output: SampleOutput = { id: ids[index] as string, ...other };
      if (hasScores[index] === 1) {
        output.scores = Array.from(
          scores.subarray(index * scoreWidth, (index + 1) * scoreWidth),
        );
      }
      return output;
    },
    heatmaps: function* () {
      for (let index = 0; index < ids.length; index++) {
        const heatmap = others[index]?.heatmap;
        if (heatmap !== undefined) yield { id: ids[index] as string, heatmap };
      }
    },
  };
}

/** Columns of one length, scores of their width, ids unique. */
function checkedColumns(columns: RunColumns): RunColumns {
  const n = columns.ids.length;
  const lengths: Array<[string, number, number]> = [
    ['columns.labels', columns.labels.length, n],
    ['columns.hasScores', columns.hasScores.length, n],
    ['columns.others', columns.others.length, n],
    ['columns.scores', columns.scores.length, n * columns.scoreWidth],
  ];
  for (const [field, length, wanted] of lengths) {
    if (length !== wanted) {
      throw new AnalysisParameterError(field, length, `${wanted} entries`);
    }
  }
  const seen = new Set<string>();
  for (const id of columns.ids) {
    if (seen.has(id)) {
      throw new SampleInputError(id, 'id', id, 'unique within the run');
    }
    seen.add(id);
  }

  return columns;
}

/** Fills the columns one scored sample at a time, sized for every sample. */
class ScoredColumnsBuilder {
  private count = 0;
  private readonly ids: string[] = [];
  private readonly sampleIndex: Int32Array;
  private readonly row: Int32Array;
  private readonly losses: Float64Array;
  private readonly correct: Uint8Array | null;
  private readonly predictedClass: Int32Array | null;
  private readonly values: Array<string | number | null> | null;
  private readonly classes: ClassColumns | null;

  constructor(
    private readonly context: LossContext,
    capacity: number,
  ) {
    this.sampleIndex = new Int32Array(capacity);
    this.row = new Int32Array(capacity);
    this.losses = new Float64Array(capacity);
    const c = context.task === 'classification' ? (context.classes ?? []).length : 0;
    this.correct = c > 0 ? new Uint8Array(capacity) : null;
    this.predictedClass = c > 0 ? new Int32Array(capacity) : null;
    this.values = c > 0 ? null : [];
    this.classes =
      c > 0
        ? {
            classCount: c,
            labels: new Int32Array(capacity),
            probabilities: new Float64Array(capacity * c),
            hasScores: new Uint8Array(capacity),
          }
        : null;
  }

  push(
    sample: AnalysisSample,
    output: SampleOutput,
    index: number,
    row: number,
    score: ScoredSample,
  ): void {
    const p = this.count++;
    this.ids.push(sample.id);
    this.sampleIndex[p] = index;
    this.row[p] = row;
    this.losses[p] = score.loss;
    if (this.values !== null) {
      this.values.push(score.prediction);
      return;
    }

    const classes = this.context.classes ?? [];
    const predicted = classes.indexOf(score.prediction as string);
    (this.predictedClass as Int32Array)[p] = predicted;
    (this.correct as Uint8Array)[p] = score.correct === true ? 1 : 0;
    const columns = this.classes as ClassColumns;
    columns.labels[p] = classIndexOf(classes, sample.label);
    const c = columns.classCount;
    if (output.scores !== undefined) {
      columns.hasScores[p] = 1;
      columns.probabilities.set(classProbabilities(this.context, output.scores), p * c);
    } else {
      columns.probabilities[p * c + predicted] = 1;
    }
  }

  finish(): ScoredColumns {
    const n = this.count;
    const c = this.classes;

    return {
      count: n,
      ids: this.ids,
      sampleIndex: this.sampleIndex.subarray(0, n),
      row: this.row.subarray(0, n),
      losses: this.losses.subarray(0, n),
      correct: this.correct?.subarray(0, n) ?? null,
      predictions:
        this.values !== null
          ? { kind: 'value', values: this.values }
          : {
              kind: 'class',
              classes: [...(this.context.classes ?? [])],
              index: (this.predictedClass as Int32Array).subarray(0, n),
            },
      classification:
        c === null
          ? null
          : {
              classCount: c.classCount,
              labels: c.labels.subarray(0, n),
              probabilities: c.probabilities.subarray(0, n * c.classCount),
              hasScores: c.hasScores.subarray(0, n),
            },
    };
  }
}

/** A label's class index: its name's, or a number used as the index. */
function classIndexOf(classes: readonly string[], label: unknown): number {
  return typeof label === 'number' ? label : classes.indexOf(String(label));
}

/** Renormalised probabilities, or the softmax of logits. */
function classProbabilities(context: LossContext, scores: number[]): number[] {
  if (context.scoreKind === 'logits') {
    return logSoftmax(scores).map(Math.exp);
  }
  const total = scores.reduce((sum, p) => sum + p, 0);

  return scores.map((p) => p / total);
}

/** The outputs' embeddings in one matrix, row i for samples[i]; failed rows stay 0. */
function matrixOfOutputs(reader: RunReader, rows: number): RunEmbeddings {
  const builder = new EmbeddingMatrixBuilder({ rows });
  for (let index = 0; index < rows; index++) {
    const output = reader.outputAt(index);
    if (output.error !== undefined) continue;
    const embedding = checkedEmbedding(output.id, output.embedding, builder.dimensions);
    const clusterable = embedding.every(
      (v) => typeof v === 'number' && Math.abs(v) <= FLOAT32_MAX,
    );
    builder.setRow(index, clusterable ? embedding : embedding.map(() => null));
  }

  return builder.finish();
}

function checkedRows(
  embeddings: RunEmbeddings,
  sampleCount: number,
): Int32Array | null {
  const { rows, dimensions, data, rowOfSample } = embeddings;
  if (data.length !== rows * dimensions) {
    const needed = `${rows} x ${dimensions} = ${rows * dimensions} values`;
    throw new AnalysisParameterError('embeddings.data', data.length, needed);
  }
  if (rowOfSample === undefined) {
    if (rows !== sampleCount) {
      throw new AnalysisParameterError(
        'embeddings.rows',
        rows,
        `${sampleCount} rows, one per sample`,
      );
    }
    return null;
  }
  if (rowOfSample.length !== sampleCount) {
    const needed = `${sampleCount} rows, one per sample`;
    throw new AnalysisParameterError(
      'embeddings.rowOfSample',
      rowOfSample.length,
      needed,
    );
  }
  const bad = rowOfSample.findIndex((row) => row < 0 || row >= rows);
  if (bad >= 0) {
    const needed = `a row in [0, ${rows})`;
    throw new AnalysisParameterError(
      `embeddings.rowOfSample[${bad}]`,
      rowOfSample[bad],
      needed,
    );
  }

  return rowOfSample;
}

/** False for a row with a NaN or an infinity (or no row at all: dimension 0). */
function isFiniteRow(data: Float32Array, row: number, dimensions: number): boolean {
  if (dimensions === 0) return false;

  const end = (row + 1) * dimensions;
  for (let i = row * dimensions; i < end; i++) {
    if (!Number.isFinite(data[i] as number)) return false;
  }

  return true;
}

function indexOutputs(
  samples: readonly AnalysisSample[],
  outputs: Map<string, SampleOutput> | readonly SampleOutput[],
): Map<string, SampleOutput> {
  const byId = outputs instanceof Map ? outputs : outputsById(outputs);
  const sampleIds = new Set<string>();

  for (const sample of samples) {
    if (sampleIds.has(sample.id)) {
      throw new SampleInputError(sample.id, 'id', sample.id, 'unique within the run');
    }
    sampleIds.add(sample.id);
    if (!byId.has(sample.id)) {
      throw new SampleInputError(sample.id, 'output', undefined, 'one output line');
    }
  }
  for (const id of byId.keys()) {
    if (!sampleIds.has(id)) {
      throw new SampleInputError(id, 'id', id, 'the id of a sample of the run');
    }
  }
  return byId;
}

function outputsById(outputs: readonly SampleOutput[]): Map<string, SampleOutput> {
  const byId = new Map<string, SampleOutput>();
  for (const output of outputs) {
    if (byId.has(output.id)) {
      throw new SampleInputError(output.id, 'id', output.id, 'one output per sample');
    }
    byId.set(output.id, output);
  }

  return byId;
}

function checkedEmbedding(
  sampleId: string,
  embedding: unknown,
  dimensions: number,
): Array<number | null> {
  if (
    !Array.isArray(embedding) ||
    embedding.length === 0 ||
    !embedding.every((v) => typeof v === 'number' || v === null)
  ) {
    throw new SampleInputError(sampleId, 'embedding', embedding, 'an array of numbers');
  }
  if (dimensions > 0 && embedding.length !== dimensions) {
    throw new DimensionMismatchError(sampleId, dimensions, embedding.length);
  }

  return embedding;
}
