import { EmptyAnalysisError, SampleInputError } from '../errors.ts';
import type { KChoice, KMeansResult } from '../types.ts';

/** One clustered sample's cluster and squared distance to its centroid. */
export interface PrecomputedMember {
  cluster: number;
  distance: number;
}

/**
 * Clusters found outside the analysis (by distributed k-means over the
 * shards), for `analyzeRun` to use instead of clustering itself.
 */
export interface PrecomputedClustering {
  k: number;
  dimensions: number;
  /** k x dimensions, row-major: the final centroids. */
  centroids: Float64Array;
  /** Every clustered sample, by id. */
  members: ReadonlyMap<string, PrecomputedMember>;
  converged: boolean;
  iterations: number;
  /** Why this k, and how the clusters were found. */
  reason: string;
}

/**
 * The k-means result of precomputed clusters over the samples the analysis
 * clusters, in their order, inertia summed from the stored distances. Both
 * sides must have clustered the same samples: one missing on either side is
 * an error naming it.
 */
export function precomputedResult(
  precomputed: PrecomputedClustering,
  sampleIds: readonly string[],
): { choice: KChoice; result: KMeansResult } {
  const { k, members } = precomputed;
  const assignments = new Int32Array(sampleIds.length);
  let inertia = 0;
  sampleIds.forEach((id, i) => {
    const member = members.get(id);
    if (member === undefined || !(member.cluster >= 0 && member.cluster < k)) {
      const needed = `a cluster from 0 to ${k - 1} of the distributed clustering`;
      throw new SampleInputError(id, 'cluster', member?.cluster, needed);
    }
    assignments[i] = member.cluster;
    inertia += member.distance;
  });
  if (members.size !== sampleIds.length) {
    throw new EmptyAnalysisError(
      `the distributed clustering holds ${members.size} samples, ` +
        `the analysis clusters ${sampleIds.length}`,
    );
  }

  return {
    choice: { k, reason: precomputed.reason },
    result: {
      k,
      dimensions: precomputed.dimensions,
      centroids: precomputed.centroids,
      assignments,
      inertia,
      converged: precomputed.converged,
      iterations: precomputed.iterations,
    },
  };
}
