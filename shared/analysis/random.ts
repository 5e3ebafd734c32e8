import { AnalysisParameterError } from './errors.ts';

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * Mulberry32: a small seeded PRNG (32-bit state, period 2^32), ample for
 * choosing initial centroids. The same seed gives the same sequence.
 */
export function seededRandom(seed: number): RandomSource {
  if (!Number.isSafeInteger(seed)) {
    throw new AnalysisParameterError('seed', seed, 'an integer');
  }

  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
