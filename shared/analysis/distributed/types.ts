/** What the map and reduce steps of distributed k-means exchange. */

/**
 * A point far from its centroid, kept so that the reduce step can reseed an
 * empty cluster exactly as single-node k-means does. Its place in the whole
 * matrix is (partition, row): partitions in order, rows in order within one.
 */
export interface FarthestCandidate {
  /** Squared distance to its assigned centroid. */
  distance: number;
  partition: number;
  row: number;
  cluster: number;
  vector: number[];
}

/** One partition's (or several merged partitions') sums against the same centroids. */
export interface ShardPartial {
  k: number;
  dimensions: number;
  /** Points summed. */
  rows: number;
  /** Points assigned to each cluster. */
  counts: number[];
  /** k x dimensions, row-major: the sum of each cluster's points. */
  sums: Float64Array;
  /** Sum of squared distances of the points to their centroids. */
  inertia: number;
  /** The farthest points, farthest first; at most `candidateLimit(k)`. */
  farthest: FarthestCandidate[];
}

/** The outcome of one reduce step. */
export interface ReduceOutcome {
  /** k x dimensions: the means of the clusters, empty ones reseeded. */
  centroids: Float64Array;
  /** Largest squared move of a centroid. */
  shift: number;
  converged: boolean;
  /** Clusters that were empty and got a reseeded point. */
  reseeded: number[];
  /** Inertia of the points against the centroids the step started from. */
  inertia: number;
  rows: number;
}
