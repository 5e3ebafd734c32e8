import {
  DimensionMismatchError,
  EmptyAnalysisError,
  SampleInputError,
} from './errors.ts';
import { scoreSample } from './losses.ts';
import type {
  AnalysisSample,
  LossContext,
  RunCounts,
  SampleOutput,
  ScoredSample,
} from './types.ts';

/** Largest finite float32: embeddings beyond it cannot be clustered. */
const FLOAT32_MAX = 3.4028234663852886e38;

export interface CollectedSample extends ScoredSample {
  id: string;
  /** Null when quarantined. */
  embedding: number[] | null;
}

export interface CollectedRun {
  counts: RunCounts;
  /** Scored samples (clustered and quarantined) in input order. */
  scored: CollectedSample[];
  /** Length of every embedding; 0 when none was seen. */
  dimensions: number;
}

/**
 * Pairs each sample with its output and scores it. A failed output (with an
 * `error`) is counted and dropped; a non-finite embedding is counted as
 * quarantined and kept without it (JSON carries NaN and infinities as
 * null, so a null entry counts as non-finite). Every sample needs exactly one output.
 */
export function collectSamples(
  context: LossContext,
  samples: readonly AnalysisSample[],
  outputs: Map<string, SampleOutput> | readonly SampleOutput[],
): CollectedRun {
  if (samples.length === 0) {
    throw new EmptyAnalysisError('the run has no samples to analyse');
  }
  const outputById = indexOutputs(samples, outputs);

  const counts: RunCounts = { samples: samples.length, quarantined: 0, failed: 0 };
  const scored: CollectedSample[] = [];
  let dimensions = 0;
  for (const sample of samples) {
    const output = outputById.get(sample.id) as SampleOutput;
    if (output.error !== undefined) {
      counts.failed++;
      continue;
    }
    const embedding = checkedEmbedding(sample.id, output.embedding, dimensions);
    dimensions = embedding.length;
    const clusterable = embedding.every(
      (v) => typeof v === 'number' && Math.abs(v) <= FLOAT32_MAX,
    );
    counts.quarantined += clusterable ? 0 : 1;
    const score = scoreSample(context, sample, output);
    scored.push({
      id: sample.id,
      ...score,
      embedding: clusterable ? (embedding as number[]) : null,
    });
  }

  return { counts, scored, dimensions };
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
