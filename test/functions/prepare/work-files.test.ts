import { describe, expect, it } from 'vitest';
import { chunk, shortestFloat32 } from '../../../functions/prepare/work-files.ts';

describe('Function: shortestFloat32', () => {
  it('returns the shortest decimal that reads back as the same float32', () => {
    const values = [0.1, 1 / 3, -2.5e-7, 3.4028234663852886e38, 16_777_217, 0];
    for (const value of values) {
      const stored = Math.fround(value);
      const shortest = shortestFloat32(stored);

      expect(Math.fround(shortest)).toBe(stored);
      expect(
        String(shortest).replace(/^-?0\.0*|[.-]|e.*$/g, '').length,
      ).toBeLessThanOrEqual(9);
    }
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    // numpy prints np.float32(1/3) as 0.33333334, the same shortest form
    expect(shortestFloat32(Math.fround(1 / 3))).toBe(0.33333334);
  });
});

describe('Function: chunk', () => {
  it('returns consecutive slices of at most the given size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });

  it('throws for a size that is not a positive integer', () => {
    expect(() => chunk([1], 0)).toThrow('chunk size must be a positive integer, got 0');
  });
});
