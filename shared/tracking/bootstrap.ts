/**
 * A percentile bootstrap interval of a difference of two means: each
 * replicate resamples each group with replacement, independently, and takes
 * mean(current) − mean(previous). Seeded: the same inputs give the same
 * interval.
 */
import { seededRandom, type RandomSource } from '../analysis/random.ts';
import { TrackingParameterError } from './errors.ts';
import { mean } from './metric.ts';

export interface BootstrapOptions {
  /** Default 2000. */
  replicates?: number;
  /** Default 1. */
  seed?: number;
  /** Default 0.95. */
  level?: number;
}

export interface DifferenceEstimate {
  /** mean(current) − mean(previous) on the samples as they are. */
  difference: number;
  interval: [number, number];
  replicates: number;
  seed: number;
}

export const DEFAULT_BOOTSTRAP = { replicates: 2000, seed: 1, level: 0.95 } as const;

export function bootstrapDifference(
  current: ArrayLike<number>,
  previous: ArrayLike<number>,
  options: BootstrapOptions = {},
): DifferenceEstimate {
  const { replicates, seed, level } = { ...DEFAULT_BOOTSTRAP, ...options };
  checkOptions(replicates, level);
  const difference = mean(current) - mean(previous);

  const random = seededRandom(seed);
  const differences = new Float64Array(replicates);
  for (let b = 0; b < replicates; b += 1) {
    differences[b] = resampledMean(current, random) - resampledMean(previous, random);
  }
  differences.sort();
  const tail = (1 - level) / 2;

  return {
    difference,
    interval: [
      quantileSorted(differences, tail),
      quantileSorted(differences, 1 - tail),
    ],
    replicates,
    seed,
  };
}

function resampledMean(values: ArrayLike<number>, random: RandomSource): number {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += values[Math.floor(random() * n)] as number;

  return sum / n;
}

/** Linear interpolation between order statistics (R's type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const low = sorted[below] as number;

  return low + ((sorted[above] as number) - low) * (position - below);
}

function checkOptions(replicates: number, level: number): void {
  if (!Number.isInteger(replicates) || replicates < 100) {
    throw new TrackingParameterError('replicates', replicates, 'an integer >= 100');
  }
  if (!(level > 0 && level < 1)) {
    throw new TrackingParameterError('level', level, 'between 0 and 1');
  }
}
