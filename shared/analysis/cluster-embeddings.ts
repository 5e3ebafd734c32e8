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

  return { method: input.method, choice, result, features: built?.summary ?? null };
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
