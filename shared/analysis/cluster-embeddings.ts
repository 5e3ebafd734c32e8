import { selectK } from './choose-k.ts';
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
}

export interface ClusteredSamples {
  method: ClusteringMethod;
  choice: KChoice;
  result: KMeansResult;
  /**
   * 'error-aware' only: each sample's region, the cluster it belongs to by
   * what it is (its embedding block and, for classification, its label) and
   * not by how the model did on it (its scores or loss), cross-fitted (see
   * `regionsOf`). A cluster's significance is tested on its region
   * (docs/analysis.md, "Significance"). Null for 'embedding', whose clusters
   * are such regions already.
   */
  regions: Int32Array | null;
  /** How the error-aware features were built; null for 'embedding'. */
  features: FeatureSummary | null;
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
        : regionsOf(built, result, labelColumns(input.signal), input.kmeans.seed),
    features: built?.summary ?? null,
  };
}

/**
 * Each row's region, cross-fitted: rows are split in two folds (`foldsOf`),
 * and a row's region is the cluster whose members *in the other fold* have
 * the nearest mean over the embedding block and the `labels` label one-hot
 * columns that follow it (classification). So neither the row's own scores
 * or loss nor those of the members that share its fold place it: if the
 * loss does not differ between regions, a row's region does not depend on
 * its loss, and the test of a region against the rest holds its level. The
 * clusters themselves were formed with every loss and cannot be tested so.
 */
function regionsOf(
  built: ErrorAwareFeatures,
  result: KMeansResult,
  labels: number,
  seed: number,
): Int32Array {
  const { features, dimensions: width } = built;
  const m = built.summary.components + labels;
  const { k, assignments } = result;
  const n = features.length / width;
  const folds = foldsOf(n, seed);
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

  const regions = new Int32Array(n);
  for (const fold of [0, 1]) {
    const other = 1 - fold;
    const clusters = Array.from({ length: k }, (_, c) => c).filter(
      (c) => (counts[other * k + c] as number) > 0,
    );
    // Zero past column m: a row's distance to each then differs from its
    // distance over the first m columns by the same amount, its own error
    // columns' squared norm, so the nearest is the same.
    const centroids = new Float64Array(clusters.length * width);
    clusters.forEach((c, index) => {
      const cell = other * k + c;
      for (let j = 0; j < m; j++) {
        centroids[index * width + j] =
          (sums[cell * m + j] as number) / (counts[cell] as number);
      }
    });
    const nearest = nearestCentroids(features, n, width, centroids, clusters.length);
    for (let i = 0; i < n; i++) {
      if (folds[i] === fold) regions[i] = clusters[nearest[i] as number] as number;
    }
  }

  return regions;
}

/**
 * Each row's fold, 0 or 1: a bit of a hash of its index and the seed
 * (MurmurHash3's finaliser), so that the folds follow no pattern of the row
 * order (rows come in id order: alternating ids, such as each sample and its
 * augmented copy, must not all land in one fold, as they would by parity).
 */
export function foldsOf(n: number, seed: number): Uint8Array {
  const folds = new Uint8Array(n);
  const salt = Math.imul(seed >>> 0, 0x9e3779b1);
  for (let i = 0; i < n; i++) {
    let h = (i ^ salt) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    folds[i] = (h ^ (h >>> 16)) >>> 31;
  }

  return folds;
}

/** Each row's nearest centroid, by one assignment pass of the kernels. */
function nearestCentroids(
  points: Float32Array,
  n: number,
  d: number,
  centroids: Float64Array,
  k: number,
): Int32Array {
  const session = new LloydSession(points, n, d, k);
  try {
    return session.step(centroids).assignments;
  } finally {
    session.close();
  }
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
