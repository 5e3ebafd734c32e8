import type { ScoredColumns } from './collect-samples.ts';
import type { ErrorSignal } from './error-aware.ts';

/**
 * The error block's input for the clustered samples (the scored positions
 * given, in that order): for classification each label's class index and the
 * predicted probabilities (renormalised probabilities, softmax of logits, or
 * a one-hot prediction when the output has no scores); otherwise the losses.
 * The samples have been scored, so labels, scores and predictions are known
 * to be valid.
 */
export function errorSignalOf(
  scored: ScoredColumns,
  positions: Int32Array,
): ErrorSignal {
  const columns = scored.classification;
  if (columns === null) {
    return { kind: 'loss', losses: gathered(scored.losses, positions) };
  }

  const c = columns.classCount;
  const labels = new Int32Array(positions.length);
  const probabilities = new Float64Array(positions.length * c);
  positions.forEach((p, i) => {
    labels[i] = columns.labels[p] as number;
    probabilities.set(columns.probabilities.subarray(p * c, (p + 1) * c), i * c);
  });

  return { kind: 'classification', classCount: c, labels, probabilities };
}

/** values[positions[i]] for each i. */
export function gathered(values: Float64Array, positions: Int32Array): Float64Array {
  const out = new Float64Array(positions.length);
  positions.forEach((p, i) => (out[i] = values[p] as number));

  return out;
}
