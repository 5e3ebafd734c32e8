import type { SpamLabel } from './corpus.ts';
import { SpamDemoError } from './errors.ts';
import { noisyLabel, validateLabelNoise } from './label-noise.ts';
import { selectTrainingSet } from './model-versions.ts';
import type { ModelVersionSpec } from './model-versions.ts';
import type { EmbeddedEmail } from './train-model.ts';

/** A training e-mail and the label the model learns for it. */
export interface TrainingExample<T extends EmbeddedEmail = EmbeddedEmail> {
  email: T;
  label: SpamLabel;
}

/**
 * What a version learns from, sorted by id: its share of the training split
 * (`selectTrainingSet`), plus the labeled e-mails of the labeling queue it
 * names, each with the label its source gives (`noisyLabel`).
 */
export function composeTrainingSet<T extends EmbeddedEmail>(
  spec: ModelVersionSpec,
  trainingSplit: readonly T[],
  labeledQueue: readonly T[],
  seed: number,
): TrainingExample<T>[] {
  validateQueue(spec, trainingSplit, labeledQueue);
  if (spec.labelNoise !== undefined)
    validateLabelNoise(spec.labelNoise, spec.modelVersion);
  const emails = [...selectTrainingSet(spec, trainingSplit, seed), ...labeledQueue];

  return emails
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((email) => ({ email, label: noisyLabel(email, spec.labelNoise, seed) }));
}

function validateQueue(
  spec: ModelVersionSpec,
  trainingSplit: readonly EmbeddedEmail[],
  labeledQueue: readonly EmbeddedEmail[],
) {
  if (labeledQueue.length > 0 && spec.labeledQueueOf === undefined) {
    throw new SpamDemoError(
      `${spec.modelVersion} learns from no labeling queue, yet labeled e-mails came`,
      { field: 'labeledQueue', value: labeledQueue.length },
    );
  }
  const ids = new Set(trainingSplit.map((email) => email.id));
  labeledQueue.forEach((email, i) => {
    if (ids.has(email.id)) {
      throw new SpamDemoError('a queued e-mail is already a training e-mail', {
        field: `labeledQueue[${i}]`,
        value: email.id,
      });
    }
    ids.add(email.id);
  });
}
