/** The upload contract, version 1: see docs/bundle.md. */
export const BUNDLE_SCHEMA_VERSION = 1;

export type TaskKind = 'classification' | 'regression' | 'custom';

/** How classification `scores` are to be read. */
export type ScoreKind = 'probabilities' | 'logits';

export interface InferenceSettings {
  /** SageMaker endpoint name. */
  endpoint: string;
  /** Largest serialized request+response budget per call, in bytes. */
  maxBatchBytes?: number;
  /** Largest number of instances per call. */
  maxBatchSize?: number;
  /** Calls in flight at once for one shard. */
  concurrency?: number;
}

export interface Manifest {
  schemaVersion: typeof BUNDLE_SCHEMA_VERSION;
  project: string;
  modelVersion: string;
  task: TaskKind;
  /** Class names, required for classification; labels and predictions name them. */
  classes?: string[];
  /**
   * Classification: required when samples carry `scores` or the manifest
   * names an endpoint; prediction-only samples need none.
   */
  scores?: ScoreKind;
  /** Path of the samples file, relative to the manifest's folder. */
  samples: string;
  /** Path of a float32 `.npy` of shape N x D in sample order, relative as above. */
  embeddings?: string;
  inference?: InferenceSettings;
  /**
   * Folder of an unlabeled pool, relative as above: its `samples.jsonl` holds
   * samples without labels (and without outputs), one JSON object a line.
   */
  pool?: string;
  /** Most pool samples the labeling queue may hold; default 100. */
  labelingBudget?: number;
  /** Model version to compare against; defaults to the previous run. */
  baseline?: string;
}

export type MetadataValue = number | string | boolean | null;

export interface Sample {
  id: string;
  /** A class name (classification), a number (regression), absent for `custom`. */
  label?: string | number;
  /** What the endpoint takes: inline JSON or an `s3://` URI. */
  input?: unknown;
  metadata: Record<string, MetadataValue>;
  embedding?: number[];
  scores?: number[];
  prediction?: string | number;
  loss?: number;
  heatmap?: number[][];
}
