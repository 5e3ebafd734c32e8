import { describe, expect, it } from 'vitest';

import { AnalysisParameterError } from '../../../shared/analysis/errors.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';

describe('Function: seededRandom', () => {
  it('returns the same sequence for the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);

    const first = Array.from({ length: 5 }, a);
    const second = Array.from({ length: 5 }, b);

    expect(first).toEqual(second);
  });

  it('returns different sequences for different seeds', () => {
    const first = Array.from({ length: 5 }, seededRandom(1));
    const second = Array.from({ length: 5 }, seededRandom(2));

    expect(first).not.toEqual(second);
  });

  it('returns numbers in [0, 1) with a mean near one half', () => {
    const random = seededRandom(7);

    const draws = Array.from({ length: 20_000 }, random);
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;

    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mean).toBeCloseTo(0.5, 2);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => seededRandom(1.5)).toThrow(AnalysisParameterError);
    expect(() => seededRandom(Number.NaN)).toThrow(/seed must be an integer, got NaN/);
  });
});
