import { LloydSession } from '../kernels/lloyd.ts';

export interface NearestCentroids {
  /** Cluster index of each point: the nearest centroid, the lowest on a tie. */
  assignments: Int32Array;
  /** Squared distance of each point to that centroid, clamped at 0. */
  distances: Float64Array;
  /** k x dimensions, row-major: the sum of each cluster's points. */
  sums: Float64Array;
  /** Points of each cluster. */
  counts: Int32Array;
}

/**
 * One Lloyd pass over a block of points: each point's nearest centroid, its
 * squared distance, and each cluster's sum and count. It runs the kernels
 * `kmeans` runs (shared/analysis/kernels/lloyd.ts, exact as a float64
 * search), so both paths assign alike; this is the one place the map step
 * calls them.
 */
export function assignNearest(
  points: Float32Array,
  dimensions: number,
  centroids: Float64Array,
): NearestCentroids {
  const n = points.length / dimensions;
  const k = centroids.length / dimensions;
  if (n === 0) return emptyPass(k, dimensions);

  const session = new LloydSession(points, n, dimensions, k);
  try {
    const step = session.step(centroids);
    const distances = session.assignedDistances(centroids, step.assignments);

    return { ...step, distances };
  } finally {
    session.close();
  }
}

function emptyPass(k: number, dimensions: number): NearestCentroids {
  return {
    assignments: new Int32Array(0),
    distances: new Float64Array(0),
    sums: new Float64Array(k * dimensions),
    counts: new Int32Array(k),
  };
}
