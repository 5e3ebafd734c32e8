import { EmbeddingMatrixBuilder } from '../columnar/embedding-matrix.ts';
import {
  AnalysisParameterError,
  DimensionMismatchError,
  EmptyAnalysisError,
  SampleInputError,
} from './errors.ts';
import { scoreSample } from './losses.ts';
import type {
  AnalysisSample,
  LossContext,
  RunCounts,
  RunEmbeddings,
  SampleOutput,
  ScoredSample,
} from './types.ts';

/** Largest finite float32: embeddings beyond it cannot be clustered. */
const FLOAT32_MAX = 3.4028234663852886e38;

export interface CollectedSample extends ScoredSample {
  id: string;
  /** Index of the sample in the run's samples. */
  index: number;
  /** Row of its embedding in the run's matrix; -1 when quarantined. */
  row: number;
}

export interface CollectedRun {
  counts: RunCounts;
  /** Scored samples (clustered and quarantined) in input order. */
  scored: CollectedSample[];
  /** Length of every embedding; 0 when none was seen. */
  dimensions: number;
  /** Every embedding read, row-major (rows as in `CollectedSample.row`). */
  matrix: Float32Array;
  /** Each sample's output by sample id (the input's map, or one built from its list). */
  outputById: ReadonlyMap<string, SampleOutput>;
}

/**
 * Pairs each sample with its output and scores it. A failed output (with an
 * `error`) is counted and dropped; a non-finite embedding is counted as
 * quarantined and kept without it (JSON carries NaN and infinities as
 * null, so a null entry counts as non-finite). Every sample needs exactly one
 * output. The embeddings come from `embeddings` when given (a matrix the
 * loader filled, used as it is), else from the outputs, copied row by row
 * into one matrix.
 */
export function collectSamples(
  context: LossContext,
  samples: readonly AnalysisSample[],
  outputs: Map<string, SampleOutput> | readonly SampleOutput[],
  embeddings?: RunEmbeddings,
): CollectedRun {
  if (samples.length === 0) {
    throw new EmptyAnalysisError('the run has no samples to analyse');
  }
  const outputById = indexOutputs(samples, outputs);
  const source = embeddings ?? matrixOfOutputs(samples, outputById);
  const rowOfSample = checkedRows(source, samples.length);

  const counts: RunCounts = { samples: samples.length, quarantined: 0, failed: 0 };
  const scored: CollectedSample[] = [];
  samples.forEach((sample, index) => {
    const output = outputById.get(sample.id) as SampleOutput;
    if (output.error !== undefined) {
      counts.failed++;
      return;
    }
    const row = rowOfSample === null ? index : (rowOfSample[index] as number);
    const clusterable = isFiniteRow(source.data, row, source.dimensions);
    counts.quarantined += clusterable ? 0 : 1;
    const score = scoreSample(context, sample, output);
    scored.push({ id: sample.id, ...score, index, row: clusterable ? row : -1 });
  });

  return {
    counts,
    scored,
    dimensions: source.dimensions,
    matrix: source.data,
    outputById,
  };
}

/** The outputs' embeddings in one matrix, row i for samples[i]; failed rows stay 0. */
function matrixOfOutputs(
  samples: readonly AnalysisSample[],
  outputById: Map<string, SampleOutput>,
): RunEmbeddings {
  const builder = new EmbeddingMatrixBuilder({ rows: samples.length });
  samples.forEach((sample, index) => {
    const output = outputById.get(sample.id) as SampleOutput;
    if (output.error !== undefined) return;
    const embedding = checkedEmbedding(sample.id, output.embedding, builder.dimensions);
    const clusterable = embedding.every(
      (v) => typeof v === 'number' && Math.abs(v) <= FLOAT32_MAX,
    );
    builder.setRow(index, clusterable ? embedding : embedding.map(() => null));
  });

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
