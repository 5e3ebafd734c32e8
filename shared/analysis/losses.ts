import { NonFiniteLossError, SampleInputError } from './errors.ts';
import type {
  AnalysisSample,
  LossContext,
  SampleOutput,
  ScoredSample,
} from './types.ts';

/** Probabilities below this are clipped before the log, so a loss stays finite. */
export const MIN_PROBABILITY = 1e-12;

/**
 * One sample's loss. Classification: cross-entropy of the label's class from
 * `scores` (probabilities, renormalised, or logits through a stable
 * log-softmax), prediction = argmax; with only `prediction`, a 0/1 loss.
 * Regression: squared error. Custom: the given `loss`. A non-finite result is
 * an error naming the sample.
 */
export function scoreSample(
  context: LossContext,
  sample: AnalysisSample,
  output: SampleOutput,
): ScoredSample {
  const scored = scoreByTask(context, sample, output);

  if (!Number.isFinite(scored.loss)) {
    throw new NonFiniteLossError(sample.id, scored.loss);
  }
  return scored;
}

function scoreByTask(
  context: LossContext,
  sample: AnalysisSample,
  output: SampleOutput,
): ScoredSample {
  switch (context.task) {
    case 'classification':
      return scoreClassification(context, sample, output);
    case 'regression':
      return scoreRegression(sample, output);
    case 'custom':
      return scoreCustom(sample.id, output);
  }
}

function scoreClassification(
  context: LossContext,
  sample: AnalysisSample,
  output: SampleOutput,
): ScoredSample {
  const classes = context.classes ?? [];
  const labelIndex = classIndex(classes, sample.id, 'label', sample.label);

  if (output.scores !== undefined) {
    const logProbabilities = classLogProbabilities(context, sample.id, output.scores);
    const predicted = argmax(logProbabilities);
    const loss = -(logProbabilities[labelIndex] as number);
    return {
      loss,
      prediction: classes[predicted] as string,
      correct: predicted === labelIndex,
    };
  }
  if (output.prediction !== undefined) {
    const predicted = classIndex(classes, sample.id, 'prediction', output.prediction);
    const correct = predicted === labelIndex;
    return { loss: correct ? 0 : 1, prediction: classes[predicted] as string, correct };
  }

  throw new SampleInputError(sample.id, 'scores', undefined, 'present, or prediction');
}

function scoreRegression(sample: AnalysisSample, output: SampleOutput): ScoredSample {
  const label = finiteNumber(sample.id, 'label', sample.label);
  const prediction = finiteNumber(sample.id, 'prediction', output.prediction);

  return { loss: (prediction - label) ** 2, prediction, correct: null };
}

function scoreCustom(sampleId: string, output: SampleOutput): ScoredSample {
  const loss = finiteNumber(sampleId, 'loss', output.loss);
  const prediction = output.prediction ?? null;

  return { loss, prediction, correct: null };
}

/** Log-probability of each class, from probabilities or logits. */
function classLogProbabilities(
  context: LossContext,
  sampleId: string,
  scores: number[],
): number[] {
  const classCount = context.classes?.length ?? 0;
  if (scores.length !== classCount) {
    throw new SampleInputError(sampleId, 'scores', scores, `${classCount} numbers`);
  }
  if (!scores.every(Number.isFinite)) {
    throw new SampleInputError(sampleId, 'scores', scores, 'finite numbers');
  }

  if (context.scoreKind === 'logits') {
    return logSoftmax(scores);
  }
  if (context.scoreKind === 'probabilities') {
    return logProbabilities(sampleId, scores);
  }
  throw new SampleInputError(
    sampleId,
    'scoreKind',
    context.scoreKind,
    "'probabilities' or 'logits' when scores are given",
  );
}

/** log(softmax(logits)), shifted by the largest logit so nothing overflows. */
export function logSoftmax(logits: number[]): number[] {
  const largest = Math.max(...logits);
  const logSum = Math.log(logits.reduce((sum, z) => sum + Math.exp(z - largest), 0));

  return logits.map((z) => z - largest - logSum);
}

/**
 * Logs of probabilities renormalised to sum to 1 (absorbing rounding drift)
 * and clipped at MIN_PROBABILITY. Negative values or a zero sum are refused.
 */
function logProbabilities(sampleId: string, probabilities: number[]): number[] {
  const total = probabilities.reduce((sum, p) => sum + p, 0);
  if (probabilities.some((p) => p < 0) || !(total > 0)) {
    throw new SampleInputError(
      sampleId,
      'scores',
      probabilities,
      'probabilities >= 0 with a positive sum',
    );
  }

  return probabilities.map((p) => Math.log(Math.max(p / total, MIN_PROBABILITY)));
}

/** The index of the largest value, the first on a tie: the predicted class. */
export function argmax(values: readonly number[]): number {
  let best = 0;
  values.forEach((value, i) => {
    if (value > (values[best] as number)) {
      best = i;
    }
  });

  return best;
}

/** A class given by name, or by its index in `classes`. */
function classIndex(
  classes: string[],
  sampleId: string,
  field: string,
  value: unknown,
): number {
  const index =
    typeof value === 'string'
      ? classes.indexOf(value)
      : Number.isInteger(value) && (value as number) < classes.length
        ? (value as number)
        : -1;

  if (index < 0) {
    throw new SampleInputError(
      sampleId,
      field,
      value,
      `one of the classes [${classes.join(', ')}] or its index`,
    );
  }
  return index;
}

function finiteNumber(sampleId: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SampleInputError(sampleId, field, value, 'a finite number');
  }

  return value;
}
