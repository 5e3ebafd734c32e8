import type { MetadataValue, ScoreKind, TaskKind } from '../bundle/types.ts';
import type { EmbeddingMatrix } from '../columnar/embedding-matrix.ts';
import type { MetadataColumns } from '../columnar/metadata-columns.ts';
import type { SuggestedAction } from './actions.ts';
import type { ClusteringMethod } from './cluster-embeddings.ts';
import type { PrecomputedClustering } from './distributed/precomputed.ts';
import type { FeatureSummary } from './error-aware.ts';
import type { FieldLoss, MetadataDifference } from './metadata/types.ts';
import type { TestedSamples } from './significance.ts';

/**
 * What the model produced for one sample: one line of
 * `work/<runId>/outputs/<i>.jsonl`. A sample whose inference failed carries
 * `error` and nothing else is read.
 */
export interface SampleOutput {
  id: string;
  /** A null entry is a non-finite value as JSON carries it: the sample is quarantined. */
  embedding?: Array<number | null>;
  scores?: number[];
  prediction?: string | number;
  loss?: number;
  heatmap?: number[][];
  error?: string;
}

/** What the analysis reads of a sample: one line of `work/<runId>/samples.jsonl`. */
export interface AnalysisSample {
  id: string;
  label?: string | number;
  metadata: Record<string, MetadataValue>;
}

/** How a run's outputs are to be scored. */
export interface LossContext {
  task: TaskKind;
  /** Class names, required for classification. */
  classes?: string[];
  /** How classification `scores` are read; required when scores are given. */
  scoreKind?: ScoreKind;
}

/** One sample's loss and, for classification, whether the model was right. */
export interface ScoredSample {
  loss: number;
  /** Class name (classification), number (regression), null when unknown. */
  prediction: string | number | null;
  /** Null outside classification. */
  correct: boolean | null;
}

export interface KMeansOptions {
  k: number;
  seed: number;
  /** Cap on Lloyd iterations. */
  maxIterations: number;
  /** Converged when no centroid moves by more than this squared distance. */
  tolerance: number;
}

export interface KMeansResult {
  k: number;
  dimensions: number;
  /** k x dimensions, row-major. */
  centroids: Float64Array;
  /** Cluster index of each point. */
  assignments: Int32Array;
  /** Sum of squared distances of each point to its centroid. */
  inertia: number;
  converged: boolean;
  iterations: number;
}

/** The number of clusters used and why. */
export interface KChoice {
  k: number;
  reason: string;
}

/** Why a loss ratio is null: the rest of the run has zero mean loss. */
export type LossRatioNote = 'rest-has-zero-loss';

export interface ClusterSummary {
  /** Short hash of the sorted member sample ids: the same members, the same id. */
  id: string;
  /** Index in the k-means result. */
  index: number;
  size: number;
  /** size / number of clustered samples. */
  share: number;
  meanLoss: number;
  /** meanLoss / mean loss of all other clustered samples; null with a note. */
  lossRatio: number | null;
  lossRatioNote?: LossRatioNote;
  /** Share of wrong predictions; null outside classification. */
  errorRate: number | null;
  /** Member sample ids, sorted. */
  sampleIds: string[];
}

/** A cluster that is an aggressor, with its place in the ranking. */
export interface Aggressor extends Omit<ClusterSummary, 'index'> {
  /** 1 = worst. */
  rank: number;
  /** Its share of the run's excess loss, in [0, 1]. */
  impact: number;
  /**
   * One-sided test that its losses exceed the rest's: of its region's losses
   * when it was found with the errors (see `tested`).
   */
  pValue: number;
  /** Benjamini–Hochberg over every cluster of the run. */
  qValue: number;
  /**
   * The region the test used, when not the members (error-aware clusters):
   * its size, loss ratio and members (docs/analysis.md, "Which samples are
   * tested"). Null when the members were tested.
   */
  tested: TestedSamples | null;
  /** 95% Wilson interval of the error rate; null outside classification. */
  errorRateInterval: [number, number] | null;
  /** Fewer than 10 errors: read the error rate with its interval. */
  fewPositives: boolean;
  /** The metadata that sets it apart (q <= 0.05), most significant first. */
  metadata: MetadataDifference[];
  /** A conjunction of at most 3 metadata predicates describing it; null if none helps. */
  rule: {
    text: string;
    predicates: unknown[];
    coverage: number;
    precision: number;
  } | null;
  hypothesis: string;
  representatives: { typical: string[]; worst: string[] };
  /** The members' mean heatmap (its PNG is stored beside the results); null without heatmaps. */
  heatmap: {
    height: number;
    width: number;
    count: number;
    consistency: number | null;
  } | null;
  action: SuggestedAction;
}

export interface PerSampleResult {
  id: string;
  loss: number;
  prediction: string | number | null;
  correct: boolean | null;
  /** Id of the sample's cluster; null when quarantined. */
  cluster: string | null;
  /** Coordinates on the run's 2-D map (PCA); null when quarantined. */
  x: number | null;
  y: number | null;
}

/**
 * The per-sample results as columns: `at(i)` and iteration build one
 * `PerSampleResult` at a time, so a million results are not a million
 * objects held at once.
 */
export interface SampleResults extends Iterable<PerSampleResult> {
  readonly length: number;
  at(position: number): PerSampleResult;
  /** Every result as an object: for small runs and tests. */
  toArray(): PerSampleResult[];
}

export interface RunCounts {
  /** Every sample of the run. */
  samples: number;
  /** Scored but left out of clustering: a non-finite embedding. */
  quarantined: number;
  /** Inference failed: no loss, no cluster. */
  failed: number;
}

export interface OverallMetrics {
  meanLoss: number;
  /** Null outside classification. */
  errorRate: number | null;
  /** Null outside classification. */
  accuracy: number | null;
}

export interface ClusteringInfo {
  /** What the clusters were found in (docs/analysis.md, "Error-aware clustering"). */
  method?: ClusteringMethod;
  /** How the error-aware features were built; null for 'embedding'. */
  features?: FeatureSummary | null;
  k: number;
  /** How k was chosen (rule, request, or clamp). */
  kReason: string;
  converged: boolean;
  iterations: number;
  seed: number;
  inertia: number;
  /** Number of seeded k-means runs; the lowest inertia wins. */
  restarts: number;
  /** Smallest cluster reported as an aggressor: max(absolute, fraction x n). */
  minSupport: number;
  minLossRatio: number;
  alpha: number;
  /** Every cluster, ranked, with why it is or is not an aggressor. */
  clusters: Array<
    Omit<ClusterSummary, 'index' | 'sampleIds'> & {
      impact: number;
      pValue: number;
      qValue: number;
      tested: TestedSamples | null;
      isAggressor: boolean;
      reasons: string[];
    }
  >;
}

export interface RunAnalysis {
  counts: RunCounts;
  overall: OverallMetrics;
  clustering: ClusteringInfo;
  /** Significant clusters well above the rest's loss, worst first; may be empty. */
  aggressors: Aggressor[];
  /** Every scored sample's result, in input order (built on demand, one at a time). */
  perSample: SampleResults;
  /** Loss against each metadata field over the whole run. */
  lossByField: FieldLoss[];
  /** The 2-D map's share of the variance on each axis; null without a map. */
  map: { explainedVarianceRatio: [number, number] } | null;
  /** Mean heatmap PNGs by aggressor id (stored beside the results). */
  heatmapPngs: Record<string, Uint8Array>;
}

/**
 * The run's embeddings in one matrix, as a loader fills it: `samples[i]`'s
 * row is `rowOfSample[i]` (default i). Rows of failed samples are not read;
 * a row with a non-finite value is quarantined.
 */
export interface RunEmbeddings extends EmbeddingMatrix {
  rowOfSample?: Int32Array;
}

/** What an output says besides its id and embedding. */
export type OutputFields = Omit<SampleOutput, 'id' | 'embedding'>;

/**
 * A run's samples and outputs as columns, index i for the i-th sample: the
 * form the Analyze Lambda reads a run into, with no object per sample when
 * outputs carry only scores. Embeddings and metadata travel beside it, in
 * `embeddings` and `metadataColumns`.
 */
export interface RunColumns {
  ids: readonly string[];
  /** Each sample's label as given; undefined when it has none. */
  labels: ReadonlyArray<string | number | undefined>;
  /** Number of scores per output in `scores`. */
  scoreWidth: number;
  /** n x scoreWidth, row-major: the scores of the outputs marked in `hasScores`. */
  scores: Float64Array;
  hasScores: Uint8Array;
  /**
   * Everything else an output said (prediction, loss, heatmap, error, and
   * scores that do not fit `scores`); undefined when it said nothing else.
   */
  others: ReadonlyArray<OutputFields | undefined>;
}

/** The run as objects, one per sample and one per output. */
export interface RunObjects {
  samples: AnalysisSample[];
  outputs: Map<string, SampleOutput> | SampleOutput[];
  columns?: undefined;
  /** The embeddings as one matrix; when given, the outputs' `embedding`s are not read. */
  embeddings?: RunEmbeddings;
  /** The metadata as columns, row i for `samples[i]`; when given, theirs is not read. */
  metadataColumns?: MetadataColumns;
}

/** The run as columns (`RunColumns`), with its embeddings and metadata as columns too. */
export interface RunAsColumns {
  columns: RunColumns;
  samples?: undefined;
  outputs?: undefined;
  embeddings: RunEmbeddings;
  metadataColumns: MetadataColumns;
}

export type AnalyzeRunInput = AnalyzeRunOptions & (RunObjects | RunAsColumns);

export interface AnalyzeRunOptions extends LossContext {
  /** Default 1. */
  seed?: number;
  /** Default 'error-aware': embeddings with the model's errors (docs/analysis.md). */
  clustering?: ClusteringMethod;
  /**
   * Clusters found by distributed k-means over the shards (docs/architecture.md,
   * "Past one Lambda"): used as they are instead of clustering here.
   */
  precomputedClustering?: PrecomputedClustering;
  /** Number of clusters; default: chosen as in docs/analysis.md, "Choosing k". */
  k?: number;
  /** Default 100. */
  maxIterations?: number;
  /** Default 1e-6. */
  tolerance?: number;
  /** Default 3. */
  restarts?: number;
  /** Minimum support, absolute; default 10. */
  minAggressorSize?: number;
  /** Minimum support as a fraction of the clustered samples; default 0.01. */
  minSupportFraction?: number;
  /** A cluster within this ratio of the rest's loss is not an aggressor; default 1.2. */
  minLossRatio?: number;
  /** Largest q-value of an aggressor; default 0.05. */
  alpha?: number;
}
