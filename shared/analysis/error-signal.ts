import type { CollectedSample } from './collect-samples.ts';
import type { ErrorSignal } from './error-aware.ts';
import type { Lookup } from './id-index.ts';
import { logSoftmax } from './losses.ts';
import type { AnalysisSample, LossContext, SampleOutput } from './types.ts';

/**
 * The error block's input for the clustered samples (in their order): for
 * classification each label's class index and the predicted probabilities
 * (renormalised probabilities, softmax of logits, or a one-hot prediction
 * when the output has no scores); otherwise the losses. The samples have
 * been scored, so labels, scores and predictions are known to be valid.
 */
export function errorSignalOf(
  context: LossContext,
  clustered: readonly CollectedSample[],
  samples: Lookup<AnalysisSample>,
  outputs: Lookup<SampleOutput>,
): ErrorSignal {
  if (context.task !== 'classification') {
    return { kind: 'loss', losses: Float64Array.from(clustered, (s) => s.loss) };
  }

  const classes = context.classes ?? [];
  const c = classes.length;
  const labels = new Int32Array(clustered.length);
  const probabilities = new Float64Array(clustered.length * c);
  clustered.forEach((s, i) => {
    labels[i] = classIndex(classes, samples.get(s.id)?.label);
    const scores = outputs.get(s.id)?.scores;
    const row = scores
      ? classProbabilities(context, scores)
      : oneHot(c, classIndex(classes, s.prediction));
    probabilities.set(row, i * c);
  });

  return { kind: 'classification', classCount: c, labels, probabilities };
}

function classProbabilities(context: LossContext, scores: number[]): number[] {
  if (context.scoreKind === 'logits') {
    return logSoftmax(scores).map(Math.exp);
  }
  const total = scores.reduce((sum, p) => sum + p, 0);

  return scores.map((p) => p / total);
}

function classIndex(classes: readonly string[], value: unknown): number {
  return typeof value === 'number' ? value : classes.indexOf(String(value));
}

function oneHot(c: number, index: number): number[] {
  return Array.from({ length: c }, (_, j) => (j === index ? 1 : 0));
}
