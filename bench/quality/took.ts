import { BenchInputError } from './errors.ts';
import { TOOK_ERROR_RATIO } from './settings.ts';
import type { SpamClass, TookCheck } from './types.ts';

/**
 * The rule fixed in advance: a plant took when the slice's error rate is at
 * least TOOK_ERROR_RATIO times the rest's (any error counts when the rest
 * has none). An error is a prediction that differs from the label. The
 * rates are compared as cross-multiplied counts, so a ratio of exactly
 * TOOK_ERROR_RATIO is not lost to rounding.
 */
export function plantTook(
  labels: readonly SpamClass[],
  predictions: readonly SpamClass[],
  memberIndexes: readonly number[],
): TookCheck {
  if (labels.length !== predictions.length) {
    throw new BenchInputError(`expected ${labels.length} predictions, one per label`, {
      field: 'predictions',
      value: predictions.length,
    });
  }
  const inside = new Set(memberIndexes);
  if (inside.size === 0 || inside.size >= labels.length) {
    throw new BenchInputError('a slice needs members and a rest', {
      field: 'memberIndexes',
      value: inside.size,
    });
  }

  let sliceErrors = 0;
  let restErrors = 0;
  labels.forEach((label, i) => {
    if (predictions[i] === label) return;
    if (inside.has(i)) sliceErrors += 1;
    else restErrors += 1;
  });
  const restSize = labels.length - inside.size;
  const took =
    restErrors === 0
      ? sliceErrors > 0
      : sliceErrors * restSize >= TOOK_ERROR_RATIO * restErrors * inside.size;
  const sliceErrorRate = sliceErrors / inside.size;
  const restErrorRate = restErrors / restSize;

  return { sliceErrorRate, restErrorRate, took };
}
