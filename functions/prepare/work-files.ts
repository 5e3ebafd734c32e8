/**
 * What Prepare writes under work/<runId>/ from a loaded bundle: the samples'
 * labels and metadata, and either input shards or precomputed outputs.
 * Pure: no S3 here, so the shapes are easy to test.
 */
import type { AnalysisSample, SampleOutput } from '../../shared/analysis/types.ts';
import type { LoadedBundle } from '../../shared/bundle/load.ts';
import type { NpyMatrix } from '../../shared/bundle/npy.ts';
import type { Sample } from '../../shared/bundle/types.ts';

/** Nine significant digits always give back the same float32 (IEEE 754). */
const FLOAT32_MAX_DIGITS = 9;

export interface ShardLine {
  id: string;
  input: unknown;
}

export function analysisSample(sample: Sample): AnalysisSample {
  const line: AnalysisSample = { id: sample.id, metadata: sample.metadata };
  if (sample.label !== undefined) line.label = sample.label;

  return line;
}

export function shardLine(sample: Sample): ShardLine {
  return { id: sample.id, input: sample.input };
}

/** A pool sample as the labeling queue needs it: what to show a labeler. */
export interface PoolLine {
  id: string;
  input?: unknown;
  metadata: Sample['metadata'];
}

export function poolLine(sample: Sample): PoolLine {
  return {
    id: sample.id,
    ...(sample.input !== undefined && { input: sample.input }),
    metadata: sample.metadata,
  };
}

/** A precomputed pool sample's output: its embedding only (it has no label). */
export function poolOutput(sample: Sample): SampleOutput {
  return { id: sample.id, ...(sample.embedding && { embedding: sample.embedding }) };
}

/**
 * A sample's precomputed output: its inline embedding, or its row of the
 * `.npy`, with its scores, prediction, loss and heatmap.
 */
export function precomputedOutput(
  sample: Sample,
  row: number,
  embeddings: NpyMatrix | undefined,
): SampleOutput {
  const output: SampleOutput = { id: sample.id };
  const embedding = sample.embedding ?? (embeddings && npyRow(embeddings, row));
  if (embedding !== undefined) output.embedding = embedding;
  if (sample.scores !== undefined) output.scores = sample.scores;
  if (sample.prediction !== undefined) output.prediction = sample.prediction;
  if (sample.loss !== undefined) output.loss = sample.loss;
  if (sample.heatmap !== undefined) output.heatmap = sample.heatmap;

  return output;
}

function npyRow({ cols, data }: NpyMatrix, row: number): number[] {
  return Array.from(data.subarray(row * cols, (row + 1) * cols), shortestFloat32);
}

/** The shortest decimal that reads back as the same float32 (0.1, not 0.100000001). */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value)) return value;

  for (let digits = 1; digits < FLOAT32_MAX_DIGITS; digits += 1) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }

  return Number(value.toPrecision(FLOAT32_MAX_DIGITS));
}

/**
 * The precomputed outputs of `count` samples from `start`, one shard's
 * worth: `.npy` rows become number arrays only for the shard being written.
 */
export function precomputedOutputs(
  { samples, embeddings }: LoadedBundle,
  start = 0,
  count = samples.length,
): SampleOutput[] {
  return samples
    .slice(start, start + count)
    .map((sample, offset) => precomputedOutput(sample, start + offset, embeddings));
}

/** Consecutive slices of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  }

  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }

  return chunks;
}
