/**
 * What travels between the states of the pipeline. Only S3 keys, ids and
 * counts: bulk data lives in S3 (the state payload limit is 256 KiB).
 */

/** Input of an execution, written by on-upload. */
export interface RunInput {
  bucket: string;
  manifestKey: string;
  runId: string;
  uploadedAtEpochMs: number;
  /** The manifest's S3 version id when the bucket is versioned: the run reads that version. */
  manifestVersionId?: string;
}

export interface ShardRef {
  index: number;
  /** S3 key of a JSONL file of `{ id, input }` lines. */
  key: string;
  count: number;
  /** 'pool' for the unlabeled pool's shards; absent for the evaluation's. */
  set?: 'pool';
}

/** Output of Prepare, kept at `$.prepared`. */
export interface Prepared {
  bucket: string;
  runId: string;
  project: string;
  modelVersion: string;
  sampleCount: number;
  /** Unlabeled pool samples, 0 when the manifest names no pool. */
  poolCount: number;
  needsInference: boolean;
  /** Endpoint to call when `needsInference`. */
  endpoint?: string;
  /** Shards to infer; empty when outputs were precomputed. */
  shards: ShardRef[];
}

/** Input of Infer, one per shard (the Map's ItemSelector). */
export interface InferInput {
  bucket: string;
  runId: string;
  /** Named in errors that concern the manifest's `inference` settings. */
  manifestKey: string;
  endpoint: string;
  shard: ShardRef;
}

/** Output of Infer. */
export interface InferOutput {
  index: number;
  /** S3 key of a JSONL file of `SampleOutput` lines. */
  outputKey: string;
  scored: number;
  failed: number;
}

export interface Analyzed {
  resultsKey: string;
  aggressorCount: number;
  /** Set on the run record by Notify, on the success path only. */
  counts: { samples: number; quarantined: number; failed: number };
  /** Error rate and accuracy are null outside classification. */
  overall: { meanLoss: number; errorRate: number | null; accuracy: number | null };
}

export interface TestsOutcome {
  evaluated: number;
  note: string;
}

/** The error a Catch stores, as Step Functions gives it. */
export interface CaughtError {
  Error?: string;
  Cause?: string;
}

/**
 * The execution's state. Each Task receives the whole state and its result is
 * stored under its own field (ResultPath), so later states see earlier ones.
 * The Map of Infer tasks keeps nothing (ResultPath null): Analyze lists the
 * outputs in S3. Prepare, Analyze, RunTests and Notify take this; Infer takes
 * `InferInput`.
 */
export interface PipelineState extends RunInput {
  prepared?: Prepared;
  analyzed?: Analyzed;
  tests?: TestsOutcome;
  /** Set on the failure path. */
  failure?: CaughtError;
}

export interface NotifyOutput {
  status: 'succeeded' | 'failed';
  delivered: boolean;
}
