import { describe, expect, it } from 'vitest';

import { plantTook } from '../../../bench/quality/took.ts';
import type { SpamClass } from '../../../bench/quality/types.ts';

const labels: SpamClass[] = Array.from({ length: 30 }, () => 'ham');
/** Predictions wrong on the given indexes. */
const wrongAt = (indexes: number[]): SpamClass[] =>
  labels.map((_, i) => (indexes.includes(i) ? 'spam' : 'ham'));
const slice = Array.from({ length: 10 }, (_, i) => i);

describe('Function: plantTook', () => {
  it('takes a slice whose error rate is exactly 1.5 times the rest', () => {
    // Slice 3 of 10 = 0.3; rest 4 of 20 = 0.2.
    const check = plantTook(labels, wrongAt([0, 1, 2, 10, 11, 12, 13]), slice);

    expect(check).toEqual({ sliceErrorRate: 0.3, restErrorRate: 0.2, took: true });
  });

  it('drops a slice just under 1.5 times the rest', () => {
    // Slice 3 of 10 = 0.3; rest 5 of 20 = 0.25 (ratio 1.2).
    const check = plantTook(labels, wrongAt([0, 1, 2, 10, 11, 12, 13, 14]), slice);

    expect(check.took).toBe(false);
  });

  it('takes any slice error when the rest has none, and drops a slice without errors', () => {
    expect(plantTook(labels, wrongAt([4]), slice).took).toBe(true);
    expect(plantTook(labels, wrongAt([]), slice).took).toBe(false);
  });

  it('throws naming the predictions when their count differs from the labels', () => {
    expect(() => plantTook(labels, ['ham'], slice)).toThrow(
      expect.objectContaining({ field: 'predictions', value: 1 }),
    );
  });
});
