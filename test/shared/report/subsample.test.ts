import { describe, expect, it } from 'vitest';
import { ReportInputError } from '../../../shared/report/errors.ts';
import { subsample } from '../../../shared/report/subsample.ts';

const ITEMS = Array.from({ length: 1000 }, (_, i) => i);

describe('Function: subsample', () => {
  it('keeps every item, in order, when there are no more than the limit', () => {
    expect(subsample([3, 1, 2], 3, 1)).toEqual([3, 1, 2]);
  });

  it('returns exactly the limit of distinct items in their original order', () => {
    const chosen = subsample(ITEMS, 100, 1);

    expect(chosen).toHaveLength(100);
    expect(new Set(chosen).size).toBe(100);
    expect([...chosen].sort((a, b) => a - b)).toEqual(chosen);
  });

  it('chooses the same items for the same seed and others for another seed', () => {
    expect(subsample(ITEMS, 50, 7)).toEqual(subsample(ITEMS, 50, 7));
    expect(subsample(ITEMS, 50, 7)).not.toEqual(subsample(ITEMS, 50, 8));
  });

  it('spreads the choice over the whole list', () => {
    const chosen = subsample(ITEMS, 200, 1);
    const firstHalf = chosen.filter((i) => i < 500).length;

    expect(firstHalf).toBeGreaterThan(70);
    expect(firstHalf).toBeLessThan(130);
  });

  it('refuses a limit below one, naming the option and value', () => {
    expect(() => subsample(ITEMS, 0, 1)).toThrow(ReportInputError);
    expect(() => subsample(ITEMS, 0, 1)).toThrow(
      'maxMapPoints: needed an integer >= 1, got 0',
    );
  });
});
