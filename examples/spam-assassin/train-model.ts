import { CLASSES } from './corpus.ts';
import type { CorpusGroup, SpamLabel } from './corpus.ts';
import {
  predictProbabilities,
  trainLogisticRegression,
} from './logistic-regression.ts';
import type { ModelVersionSpec } from './model-versions.ts';
import { SPAM_MODEL_FORMAT } from './spam-model.ts';
import type { SpamModel } from './spam-model.ts';
import { composeTrainingSet } from './training-set.ts';
import type { Vocabulary } from './vocabulary.ts';

/** A corpus e-mail with its embedding, as training sees it. */
export interface EmbeddedEmail {
  id: string;
  group: CorpusGroup;
  label: SpamLabel;
  embedding: Float32Array;
  /** The sample's metadata, which a noisy label source may go by. */
  metadata?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface TrainSpamModelOptions {
  seed: number;
  l2: number;
}

/**
 * Trains one model version on its share of the training split and, when its
 * spec names a labeling queue, on the queued e-mails with their labels.
 */
export function trainSpamModel(
  spec: ModelVersionSpec,
  trainingSplit: readonly EmbeddedEmail[],
  vocabulary: Vocabulary,
  options: TrainSpamModelOptions,
  labeledQueue: readonly EmbeddedEmail[] = [],
): SpamModel {
  const examples = composeTrainingSet(spec, trainingSplit, labeledQueue, options.seed);
  const selected = examples.map((example) => example.email);
  const features = selected.map((email) => email.embedding);
  const labels = examples.map((example) => CLASSES.indexOf(example.label));
  const outcome = trainLogisticRegression(features, labels, CLASSES.length, options);
  const correct = features.filter(
    (x, i) => argmax(predictProbabilities(outcome.model, x)) === labels[i],
  );

  return {
    format: SPAM_MODEL_FORMAT,
    modelVersion: spec.modelVersion,
    endpoint: spec.endpoint,
    classes: [...CLASSES],
    embedding: {
      source: vocabulary.info.source,
      tokenizer: vocabulary.info.tokenizer,
      dimensions: vocabulary.dimensions,
      vocabularyFingerprint: vocabulary.info.fingerprint,
    },
    ...outcome.model,
    trainedOn: {
      description: spec.description,
      samples: selected.length,
      perGroup: countBy(selected, (email) => email.group),
      perClass: countBy(examples, (example) => example.label),
      labeledFromQueue: labeledQueue.length,
      noisyLabels: examples.filter((example) => example.label !== example.email.label)
        .length,
      seed: options.seed,
      l2: options.l2,
      iterations: outcome.iterations,
      converged: outcome.converged,
      loss: outcome.loss,
      trainingAccuracy: correct.length / selected.length,
    },
  };
}

function countBy<T>(
  items: readonly T[],
  key: (item: T) => string,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;

  return counts;
}

function argmax(values: readonly number[]): number {
  return values.indexOf(Math.max(...values));
}
