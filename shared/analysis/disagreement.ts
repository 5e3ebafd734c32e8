import type { ScoredColumns } from './collect-samples.ts';

/**
 * The largest probability the model gives a class other than the sample's
 * label (at `position` in the scored columns): at 0.9 or more the model
 * confidently disagrees with the label. The probabilities are the scored
 * ones (renormalised, or softmax of logits). Null when it cannot be known:
 * outside classification, or when the output gave a prediction and no scores.
 */
export function otherClassProbability(
  scored: ScoredColumns,
  position: number,
): number | null {
  const columns = scored.classification;
  if (columns === null || columns.hasScores[position] !== 1) return null;

  const c = columns.classCount;
  const label = columns.labels[position] as number;
  let largest = 0;
  for (let j = 0; j < c; j++) {
    if (j !== label) {
      largest = Math.max(largest, columns.probabilities[position * c + j] as number);
    }
  }

  return largest;
}
