/** A test's metric on a set of scored samples. */
import { TrackingParameterError } from './errors.ts';
import type { TrackedSample } from './tracked-run.ts';
import type { TestMetric } from './types.ts';

/** Whether a higher value of the metric is better. */
export function higherIsBetter(metric: TestMetric): boolean {
  return metric === 'accuracy';
}

/**
 * Each sample's contribution, whose mean is the metric: its loss, 1 when
 * wrong (errorRate) or 1 when right (accuracy). Samples must be scored, and
 * error rate and accuracy need correctness (classification).
 */
export function metricValues(
  metric: TestMetric,
  samples: readonly TrackedSample[],
): Float64Array {
  return Float64Array.from(samples, (sample) => {
    if (metric === 'meanLoss') return lossOf(sample);
    if (sample.correct === null) {
      throw new TrackingParameterError(
        `correct of sample ${sample.id}`,
        null,
        `true or false for metric ${metric} (a classification run)`,
      );
    }
    return Number(metric === 'accuracy' ? sample.correct : !sample.correct);
  });
}

function lossOf(sample: TrackedSample): number {
  if (sample.loss === null || !Number.isFinite(sample.loss)) {
    throw new TrackingParameterError(
      `loss of sample ${sample.id}`,
      sample.loss,
      'finite',
    );
  }

  return sample.loss;
}

/** The arithmetic mean; the values must not be empty. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) {
    throw new TrackingParameterError('values', [], 'at least one value');
  }
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += values[i] as number;

  return sum / values.length;
}
