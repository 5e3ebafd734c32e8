import { AnalysisParameterError } from './errors.ts';
import { kmeans } from './kmeans.ts';
import type { KMeansOptions, KMeansResult } from './types.ts';

export interface ClusterOptions extends KMeansOptions {
  /** Seeded runs to make (seeds seed, seed + 1, ...); the lowest inertia wins. */
  restarts: number;
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
