import { selectK } from './choose-k.ts';
import type { Covariance } from './covariance.ts';
import { errorAwareFeatures } from './error-aware.ts';
import type {
  ErrorAwareFeatures,
  ErrorAwareOptions,
  ErrorSignal,
  FeatureSummary,
} from './error-aware.ts';
import { AnalysisParameterError } from './errors.ts';
import { kmeans } from './kmeans.ts';
import { allocateKernelFloat32, freeKernelFloat32 } from './kernels/kernels.ts';
import { LloydSession } from './kernels/lloyd.ts';
import type { MinSupport } from './significance.ts';
import type { KChoice, KMeansOptions, KMeansResult } from './types.ts';

/** What the clusters are found in: the embeddings alone, or with the errors. */
export type ClusteringMethod = 'embedding' | 'error-aware';

export const CLUSTERING_METHODS: readonly ClusteringMethod[] = [
  'embedding',
  'error-aware',
];

export interface ClusterOptions extends KMeansOptions {
  /** Seeded runs to make (seeds seed, seed + 1, ...); the lowest inertia wins. */
  restarts: number;
}

export interface ClusterSamplesInput {
  /** n x dimensions, row-major, samples in id order. */
  embeddings: Float32Array;
  dimensions: number;
  method: ClusteringMethod;
  /** Where the model errs: the error block of 'error-aware'. */
  signal: ErrorSignal;
  /** A k asked for; default: chosen (docs/analysis.md, "Choosing k"). */
  k?: number;
  kmeans: Omit<ClusterOptions, 'k'>;
  minSupport: MinSupport;
  features?: ErrorAwareOptions;
  /**
   * The samples' ids in row order: 'error-aware' splits the rows into folds
   * by a hash of each id (`foldsOf`), so a sample keeps its fold when others
   * come or go. Default: a hash of the row index.
   */
  ids?: readonly string[];
}

export interface ClusteredSamples {
  method: ClusteringMethod;
  choice: KChoice;
  result: KMeansResult;
  /**
   * 'error-aware' only: each sample's region, the cluster it belongs to by
   * what it is (its embedding block and, for classification, its label) and
   * not by how the model did on it (its scores or loss), cross-fitted (see
   * `regionsOf`); -1 for a row whose other fold is empty (tiny runs). A
   * cluster's significance is tested on its region (docs/analysis.md,
   * "Which samples are tested"). Null for 'embedding', whose clusters are
   * such regions already.
   */
  regions: Int32Array | null;
  /** How the error-aware features were built; null for 'embedding'. */
  features: FeatureSummary | null;
  /** 'error-aware': the embeddings' covariance its PCA used; null otherwise. */
  covariance: Covariance | null;
}

/**
 * Clusters a run's samples: builds the features of the method (the
 * embeddings as they are, or `errorAwareFeatures`), chooses k unless given
 * (`selectK`; at least 2 per class for classification: its right and its
 * wrong predictions) and keeps the lowest-inertia run of `restarts` seeded
 * k-means.
 */
export function clusterSamples(input: ClusterSamplesInput): ClusteredSamples {
  if (!CLUSTERING_METHODS.includes(input.method)) {
    throw new AnalysisParameterError(
      'clustering',
      input.method,
      CLUSTERING_METHODS.join(' or '),
    );
  }
  const built =
    input.method === 'error-aware'
      ? errorAwareFeatures(
          input.embeddings,
          input.dimensions,
          input.signal,
          input.features,
          allocateKernelFloat32,
        )
      : null;
  try {
    return clusterPoints(input, built);
  } finally {
    if (built !== null) freeKernelFloat32(built.features);
  }
}

function clusterPoints(
  input: ClusterSamplesInput,
  built: ErrorAwareFeatures | null,
): ClusteredSamples {
  const points = built?.features ?? input.embeddings;
  const dimensions = built?.dimensions ?? input.dimensions;

  const n = points.length / dimensions;
  const choice = selectK({
    n,
    minSupport: minSupportOf(input.minSupport, n),
    minK: input.signal.kind === 'classification' ? 2 * input.signal.classCount : 2,
    ...(input.k === undefined ? {} : { requested: input.k }),
  });
  const result = clusterEmbeddings(points, dimensions, {
    ...input.kmeans,
    k: choice.k,
  });

  return {
    method: input.method,
    choice,
    result,
    regions:
      built === null
        ? null
        : regionsOf({
            features: built.features,
            width: built.dimensions,
            columns: built.summary.components + labelColumns(input.signal),
            assignments: result.assignments,
            k: result.k,
            folds: foldsOf(input.ids ?? n, input.kmeans.seed),
          }),
    features: built?.summary ?? null,
    covariance: built?.covariance ?? null,
  };
}

export interface RegionInput {
  /** n x width, row-major: the error-aware features. */
  features: Float32Array;
  width: number;
  /** Leading columns that place a row: the embedding block and label one-hot. */
  columns: number;
  /** Each row's cluster, in [0, k). */
  assignments: Int32Array;
  k: number;
  /** Each row's fold, 0 or 1 (`foldsOf`). */
  folds: Uint8Array;
}

/**
 * Each row's region, cross-fitted: a row's region is the cluster whose
 * members *in the other fold* have the nearest mean over the leading
 * `columns` (the embedding block, then the label one-hot for
 * classification); -1 when the other fold has no rows. Neither the row's own
 * scores or loss nor those of the members that share its fold place it; its
 * loss reaches its region only through the k-means centroids the other
 * fold's members were assigned by, at the order of 1 / cluster size. So
 * when the loss does not differ between regions, a region's test against
 * the rest holds its level (docs/analysis.md, "Which samples are tested").
 * The clusters themselves were formed with every loss and cannot be tested
 * so.
 */
export function regionsOf(input: RegionInput): Int32Array {
  const { features, width, columns: m, assignments, k, folds } = input;
  const n = assignments.length;
  // sums[(fold * k + c) * m + j], counts[fold * k + c]
  const sums = new Float64Array(2 * k * m);
  const counts = new Float64Array(2 * k);
  for (let i = 0; i < n; i++) {
    const cell = (folds[i] as number) * k + (assignments[i] as number);
    counts[cell] = (counts[cell] as number) + 1;
    for (let j = 0; j < m; j++) {
      sums[cell * m + j] =
        (sums[cell * m + j] as number) + (features[i * width + j] as number);
    }
  }
  const placing = [1, 0].map((other) =>
    Array.from({ length: k }, (_, c) => c).filter(
      (c) => (counts[other * k + c] as number) > 0,
    ),
  ) as [number[], number[]];

  const regions = new Int32Array(n).fill(-1);
  const slots = Math.max(placing[0].length, placing[1].length);
  const session = new LloydSession(features, n, width, slots);
  try {
    for (const fold of [0, 1]) {
      const clusters = placing[fold] as number[];
      if (clusters.length === 0) continue;
      const cells = clusters.map((c) => (1 - fold) * k + c);
      const means = meansOf(sums, counts, cells, m, width, slots);
      const nearest = session.step(means).assignments;
      for (let i = 0; i < n; i++) {
        if (folds[i] === fold) regions[i] = clusters[nearest[i] as number] as number;
      }
    }
  } finally {
    session.close();
  }

  return regions;
}

/**
 * The cells' means as `slots` centroids of `width` columns: zero past column
 * m, so that a row's distance to each differs from its distance over the
 * first m columns by the same amount (its own later columns' squared norm)
 * and the nearest is the same; slots past the cells repeat the first mean,
 * which wins their ties by its lower index.
 */
function meansOf(
  sums: Float64Array,
  counts: Float64Array,
  cells: readonly number[],
  m: number,
  width: number,
  slots: number,
): Float64Array {
  const means = new Float64Array(slots * width);
  for (let slot = 0; slot < slots; slot++) {
    const cell = cells[slot < cells.length ? slot : 0] as number;
    for (let j = 0; j < m; j++) {
      means[slot * width + j] =
        (sums[cell * m + j] as number) / (counts[cell] as number);
    }
  }

  return means;
}

/**
 * Each row's fold, 0 or 1: the top bit of a hash of its key and the seed
 * (FNV-1a over an id's UTF-16 code units, or the row index, then
 * MurmurHash3's finaliser). Hashing ids keeps a sample's fold when others
 * come or go; hashing at all keeps the folds off any pattern of the row
 * order (alternating ids, such as samples and their augmented copies, would
 * all land in one fold by parity).
 */
export function foldsOf(keys: readonly string[] | number, seed: number): Uint8Array {
  const n = typeof keys === 'number' ? keys : keys.length;
  const folds = new Uint8Array(n);
  const salt = Math.imul(seed >>> 0, 0x9e3779b1);
  for (let i = 0; i < n; i++) {
    let h = typeof keys === 'number' ? i : fnv1a(keys[i] as string);
    h = (h ^ salt) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    folds[i] = (h ^ (h >>> 16)) >>> 31;
  }

  return folds;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }

  return h >>> 0;
}

/** Columns of the label one-hot right after the embedding block: classification only. */
function labelColumns(signal: ErrorSignal): number {
  return signal.kind === 'classification' ? signal.classCount : 0;
}

function minSupportOf(minSupport: MinSupport, n: number): number {
  return Math.max(minSupport.absolute, Math.ceil(minSupport.fraction * n));
}

/**
 * k-means restarted from `restarts` seeded k-means++ starts; keeps the run of
 * lowest inertia (the earliest on a tie), so the result depends only on the
 * data and the options.
 */
export function clusterEmbeddings(
  points: Float32Array,
  dimensions: number,
  options: ClusterOptions,
): KMeansResult {
  if (!Number.isInteger(options.restarts) || options.restarts < 1) {
    throw new AnalysisParameterError(
      'restarts',
      options.restarts,
      'a positive integer',
    );
  }

  let best: KMeansResult | undefined;
  for (let r = 0; r < options.restarts; r++) {
    const result = kmeans(points, dimensions, { ...options, seed: options.seed + r });
    if (best === undefined || result.inertia < best.inertia) {
      best = result;
    }
  }

  return best as KMeansResult;
}
