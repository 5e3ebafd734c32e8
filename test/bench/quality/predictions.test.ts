import { describe, expect, it } from 'vitest';

import {
  basePredictions,
  CONFIDENCE_RANGE,
  syntheticScores,
} from '../../../bench/quality/predictions.ts';
import type { SpamClass } from '../../../bench/quality/types.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';

const labels: SpamClass[] = Array.from({ length: 2000 }, (_, i) =>
  i % 3 === 0 ? 'spam' : 'ham',
);

describe('Function: basePredictions', () => {
  it('errs on about the given share of samples', () => {
    const predictions = basePredictions(labels, 0.1, seededRandom(3));

    const errors = predictions.filter((p, i) => p !== labels[i]).length;
    // Binomial(2000, 0.1): mean 200, sd 13.4; 4 sd either side.
    expect(errors).toBeGreaterThan(146);
    expect(errors).toBeLessThan(254);
  });

  it('throws naming the error rate when it lies outside [0, 1]', () => {
    expect(() => basePredictions(labels, -0.1, seededRandom(3))).toThrow(
      expect.objectContaining({ field: 'errorRate', value: -0.1 }),
    );
  });
});

describe('Function: syntheticScores', () => {
  it('gives probabilities that sum to 1 with the prediction as argmax', () => {
    const predictions = basePredictions(labels, 0.3, seededRandom(4));

    const scores = syntheticScores(predictions, seededRandom(5));

    scores.forEach(([ham, spam], i) => {
      expect(ham + spam).toBeCloseTo(1, 9);
      expect(ham > spam ? 'ham' : 'spam').toBe(predictions[i]);
      expect(Math.max(ham, spam)).toBeGreaterThanOrEqual(CONFIDENCE_RANGE.min);
      expect(Math.max(ham, spam)).toBeLessThanOrEqual(CONFIDENCE_RANGE.max);
    });
  });
});
