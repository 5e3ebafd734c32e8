import { AnalysisParameterError, EmptyAnalysisError } from '../errors.ts';
import { kmeansPlusPlus } from '../kmeans-plus-plus.ts';
import { seededRandom } from '../random.ts';
import type { RandomSource } from '../random.ts';

/**
 * Which of `fileCount` files the start is drawn from: `wanted` of them (all
 * when there are no more), chosen by a seeded shuffle and returned in
 * ascending order, so the same seed reads the same files.
 */
export function sampleFileIndexes(
  fileCount: number,
  wanted: number,
  seed: number,
): number[] {
  checkedCount('fileCount', fileCount, 1);
  checkedCount('wanted', wanted, 1);

  const random = seededRandom(seed);
  const indexes = [...Array(fileCount).keys()];
  for (let i = fileCount - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number];
  }

  return indexes.slice(0, Math.min(wanted, fileCount)).sort((a, b) => a - b);
}

/**
 * At most `maxRows` rows of an n x dimensions matrix, drawn without
 * replacement by seeded reservoir sampling and kept in their original order.
 */
export function sampleRows(
  points: Float32Array,
  dimensions: number,
  maxRows: number,
  random: RandomSource,
): Float32Array {
  checkedCount('maxRows', maxRows, 1);
  const n = points.length / dimensions;
  if (n <= maxRows) return points;

  const kept = [...Array(maxRows).keys()];
  for (let i = maxRows; i < n; i++) {
    const j = Math.floor(random() * (i + 1));
    if (j < maxRows) kept[j] = i;
  }
  kept.sort((a, b) => a - b);
  const sample = new Float32Array(maxRows * dimensions);
  kept.forEach((row, r) =>
    sample.set(
      points.subarray(row * dimensions, (row + 1) * dimensions),
      r * dimensions,
    ),
  );

  return sample;
}

/**
 * The seeded start of distributed k-means: k-means++ over a sample of the
 * run's points (`sampleRows` of the files `sampleFileIndexes` picks), drawn
 * with `seed`. Returns k x dimensions, row-major.
 */
export function initialCentroids(
  sample: Float32Array,
  dimensions: number,
  k: number,
  seed: number,
): Float64Array {
  const rows = sample.length / dimensions;
  if (!Number.isInteger(rows) || rows < k) {
    throw new EmptyAnalysisError(
      `the start of distributed k-means needs at least k = ${k} sampled points, ` +
        `got ${sample.length / dimensions}`,
    );
  }

  return kmeansPlusPlus(sample, dimensions, k, seededRandom(seed));
}

function checkedCount(name: string, value: number, least: number): void {
  if (!Number.isInteger(value) || value < least) {
    throw new AnalysisParameterError(name, value, `an integer >= ${least}`);
  }
}
