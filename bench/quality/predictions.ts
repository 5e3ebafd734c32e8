import type { RandomSource } from '../../shared/analysis/random.ts';
import { BenchInputError } from './errors.ts';
import type { SpamClass } from './types.ts';

/** Confidence of the synthetic model in the class it predicts. */
export const CONFIDENCE_RANGE = { min: 0.6, max: 0.99 } as const;

export function otherClass(label: SpamClass): SpamClass {
  return label === 'ham' ? 'spam' : 'ham';
}

/** Each prediction is the label, or the other class with probability `errorRate`. */
export function basePredictions(
  labels: readonly SpamClass[],
  errorRate: number,
  random: RandomSource,
): SpamClass[] {
  if (!(errorRate >= 0 && errorRate <= 1)) {
    throw new BenchInputError('an error rate must lie in [0, 1]', {
      field: 'errorRate',
      value: errorRate,
    });
  }

  return labels.map((label) => (random() < errorRate ? otherClass(label) : label));
}

/**
 * Probabilities `[p(ham), p(spam)]` that put a confidence drawn uniformly from
 * CONFIDENCE_RANGE on the predicted class, rounded to 6 decimals as the demo
 * endpoint rounds. The argmax is the prediction.
 */
export function syntheticScores(
  predictions: readonly SpamClass[],
  random: RandomSource,
): Array<[number, number]> {
  const { min, max } = CONFIDENCE_RANGE;

  return predictions.map((predicted) => {
    const confidence = round6(min + (max - min) * random());
    const other = round6(1 - confidence);
    return predicted === 'ham' ? [confidence, other] : [other, confidence];
  });
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
