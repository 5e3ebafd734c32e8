/** Column means, standard deviations and z-scores of row-major features. */

export function columnMeans(
  features: readonly ArrayLike<number>[],
  dimensions: number,
): number[] {
  const sums = new Array<number>(dimensions).fill(0);
  for (const row of features)
    for (let d = 0; d < dimensions; d += 1) sums[d] = (sums[d] ?? 0) + (row[d] ?? 0);

  return sums.map((sum) => sum / features.length);
}

export function columnStds(
  features: readonly ArrayLike<number>[],
  means: number[],
): number[] {
  const squares = means.map(() => 0);
  for (const row of features) {
    means.forEach(
      (mean, d) => (squares[d] = (squares[d] ?? 0) + ((row[d] ?? 0) - mean) ** 2),
    );
  }

  return squares.map((sum) => {
    const std = Math.sqrt(sum / features.length);
    return std > 1e-12 ? std : 1;
  });
}

export function standardize(
  features: readonly ArrayLike<number>[],
  means: number[],
  stds: number[],
): Float64Array {
  const D = means.length;
  const z = new Float64Array(features.length * D);
  features.forEach((row, i) => {
    for (let d = 0; d < D; d += 1)
      z[i * D + d] = ((row[d] ?? 0) - (means[d] ?? 0)) / (stds[d] ?? 1);
  });

  return z;
}
