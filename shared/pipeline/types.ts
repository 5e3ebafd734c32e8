import type { ClusteringPlan } from '../analysis/distributed/plan.ts';

/**
 * What travels between the states of the pipeline. Only S3 keys, ids and
 * counts: bulk data lives in S3 (the state payload limit is 256 KiB).
 */
import type { StatusCounts } from '../tracking/types.ts';

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
  /**
   * Where the clustering runs: in Analyze (single-node) or as map-reduce over
   * the output files first (distributed). Absent: single-node.
   */
  clustering?: ClusteringPlan;
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

/**
 * The distributed clustering loop, kept at `$.clustering`: written by
 * ClusterInit, advanced by each ClusterReduce. Centroids and sums live in S3
 * under work/<runId>/clustering/; only keys and small numbers travel here.
 */
export interface ClusteringLoop {
  k: number;
  dimensions: number;
  /** Map items of each pass: 0 to partitions - 1. */
  partitions: number[];
  /** Lloyd iterations done; the centroids at `centroidsKey` come after them. */
  iteration: number;
  maxIterations: number;
  /** S3 key of the current centroids. */
  centroidsKey: string;
  converged: boolean;
  /** Converged or at the iteration cap: the final assignment comes next. */
  done: boolean;
  /** Largest squared centroid move of the last reduce; null before the first. */
  shift: number | null;
  /** Inertia against the centroids the last reduce started from; null before it. */
  inertia: number | null;
}

/** One Map item of the loop (ClusterShard) or of the final assignment (AssignShard). */
export interface ClusterShardInput {
  bucket: string;
  runId: string;
  /** 'partial': write the partition's sums; 'assign': write its final clusters. */
  step: 'partial' | 'assign';
  partition: number;
  iteration: number;
  centroidsKey: string;
}

export interface ClusterShardOutput {
  partition: number;
  rows: number;
  /** S3 key written: the partial sums or the assignments. */
  key: string;
}

/** Input of ClusterInit and ClusterReduce: the step and the whole state. */
export interface ClusterStepInput {
  step: 'init' | 'reduce';
  state: PipelineState;
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
  /** S3 key of the run's tests result (`RunTestsReport`, shared/tracking/types.ts). */
  testsKey?: string;
  /** Tests by status. */
  counts?: StatusCounts;
  /** This run's aggressors against the previous version's. */
  aggressors?: { persisting: number; new: number; resolved: number };
  /** The run the tests compared with; null when there is none. */
  previousRunId?: string | null;
  /** S3 key of the run's HTML report; absent when it could not be built. */
  reportKey?: string;
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
  /** Set on the distributed clustering path. */
  clustering?: ClusteringLoop;
  analyzed?: Analyzed;
  tests?: TestsOutcome;
  /** Set on the failure path. */
  failure?: CaughtError;
}

export interface NotifyOutput {
  status: 'succeeded' | 'failed';
  delivered: boolean;
}
