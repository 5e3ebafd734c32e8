/** What evaluating a test reads of a run: each sample's loss, correctness and metadata. */
import type { MetadataValue } from '../bundle/types.ts';

export interface TrackedSample {
  id: string;
  /** Null when the sample's inference failed: it is not scored. */
  loss: number | null;
  /** Null outside classification, or when not scored. */
  correct: boolean | null;
  /** Absent when the run's metadata is no longer available. */
  metadata?: Record<string, MetadataValue>;
}

export interface TrackedRun {
  runId: string;
  modelVersion: string;
  samples: TrackedSample[];
  /** False when the samples carry no metadata (it expired): rule tests cannot run. */
  hasMetadata: boolean;
}

/** Reference embeddings of a region test, by sample id. */
export type ReferenceEmbeddings = ReadonlyMap<string, ArrayLike<number>>;
