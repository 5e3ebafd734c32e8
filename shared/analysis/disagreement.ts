import { logSoftmax } from './losses.ts';
import type { AnalysisSample, LossContext, SampleOutput } from './types.ts';

/**
 * The largest probability the model gives a class other than the sample's
 * label: at 0.9 or more the model confidently disagrees with the label.
 * Probabilities are renormalised to sum to 1, logits go through softmax.
 * Null when it cannot be known: outside classification, without scores, or
 * with a label or scores the loss would refuse (scoring reports those).
 */
export function otherClassProbability(
  context: LossContext,
  sample: AnalysisSample,
  output: SampleOutput,
): number | null {
  const classes = context.classes ?? [];
  const scores = output.scores;
  const label = labelIndex(classes, sample.label);
  if (
    context.task !== 'classification' ||
    scores === undefined ||
    scores.length !== classes.length ||
    label < 0 ||
    !scores.every(Number.isFinite)
  ) {
    return null;
  }

  const probabilities = classProbabilities(context, scores);

  return probabilities === null
    ? null
    : Math.max(0, ...probabilities.filter((_, i) => i !== label));
}

function classProbabilities(context: LossContext, scores: number[]): number[] | null {
  if (context.scoreKind === 'logits') {
    return logSoftmax(scores).map(Math.exp);
  }
  const total = scores.reduce((sum, p) => sum + p, 0);
  if (
    context.scoreKind !== 'probabilities' ||
    scores.some((p) => p < 0) ||
    !(total > 0)
  ) {
    return null;
  }

  return scores.map((p) => p / total);
}

function labelIndex(classes: string[], label: unknown): number {
  if (typeof label === 'string') {
    return classes.indexOf(label);
  }

  return Number.isInteger(label) && (label as number) < classes.length
    ? (label as number)
    : -1;
}
