/** Squared Euclidean distance between row i of `points` and row c of `centroids`. */
export function squaredDistanceToRow(
  points: Float32Array,
  i: number,
  centroids: Float64Array,
  c: number,
  dimensions: number,
): number {
  const pointStart = i * dimensions;
  const centroidStart = c * dimensions;
  let sum = 0;
  for (let j = 0; j < dimensions; j++) {
    const diff =
      (points[pointStart + j] as number) - (centroids[centroidStart + j] as number);
    sum += diff * diff;
  }

  return sum;
}

/** Squared norm of every row of a row-major matrix. */
export function rowSquaredNorms(
  matrix: Float32Array | Float64Array,
  dimensions: number,
) {
  const rows = matrix.length / dimensions;
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = r * dimensions; j < (r + 1) * dimensions; j++) {
      const value = matrix[j] as number;
      sum += value * value;
    }
    norms[r] = sum;
  }

  return norms;
}
