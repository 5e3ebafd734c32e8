import { seededRandom } from '../../../shared/analysis/random.ts';
import type { RandomSource } from '../../../shared/analysis/random.ts';

export interface PlantedData {
  /** n x dimensions, row-major. */
  points: Float32Array;
  dimensions: number;
  /** The planted cluster of each point. */
  truth: Int32Array;
}

/** A standard normal draw (Box-Muller). */
export function gaussian(random: RandomSource): number {
  const u = 1 - random();
  const v = random();

  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Seeded points around planted centres: cluster c gets sizes[c] points drawn
 * around a centre at distance `separation` along axis c, with unit spread.
 */
export function plantedClusters(
  sizes: number[],
  dimensions: number,
  separation: number,
  seed: number,
): PlantedData {
  const random = seededRandom(seed);
  const n = sizes.reduce((sum, size) => sum + size, 0);
  const points = new Float32Array(n * dimensions);
  const truth = new Int32Array(n);

  let row = 0;
  sizes.forEach((size, c) => {
    for (let s = 0; s < size; s++, row++) {
      truth[row] = c;
      for (let j = 0; j < dimensions; j++) {
        const centre = j === c % dimensions ? separation : 0;
        points[row * dimensions + j] = centre + gaussian(random);
      }
    }
  });
  return { points, dimensions, truth };
}

/** Rows of a row-major matrix as arrays, as ml-kmeans takes them. */
export function toRows(matrix: Float32Array | Float64Array, dimensions: number) {
  const rows: number[][] = [];
  for (let start = 0; start < matrix.length; start += dimensions) {
    rows.push(Array.from(matrix.subarray(start, start + dimensions)));
  }

  return rows;
}
