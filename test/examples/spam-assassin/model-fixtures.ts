import path from 'node:path';
import {
  SPAM_MODEL_FORMAT,
  writeSpamModel,
} from '../../../examples/spam-assassin/spam-model.ts';
import type { SpamModel } from '../../../examples/spam-assassin/spam-model.ts';
import { writeVocabularyCache } from '../../../examples/spam-assassin/vocabulary-cache.ts';
import { createVocabulary } from '../../../examples/spam-assassin/vocabulary.ts';
import type { Vocabulary } from '../../../examples/spam-assassin/vocabulary.ts';

export const TINY_INFO = {
  source: 'fake@1.0.0',
  tokenizer: 'letters-v1',
  fingerprint: 'tiny',
};

/** Two dimensions: the first says "spammy", the second "work". */
export function tinyVocabulary(): Vocabulary {
  const words = ['free', 'meeting', 'money', 'project'];
  const vectors = Float32Array.from([1, 0, 0, 1, 1, 0, 0, 1]);

  return createVocabulary(words, vectors, 2, TINY_INFO);
}

/** Spam when the first component beats the second. */
export function tinyModel(overrides: Partial<SpamModel> = {}): SpamModel {
  return {
    format: SPAM_MODEL_FORMAT,
    modelVersion: 'test',
    endpoint: 'spam-test',
    classes: ['ham', 'spam'],
    embedding: {
      source: 'fake@1.0.0',
      tokenizer: 'letters-v1',
      dimensions: 2,
      vocabularyFingerprint: 'tiny',
    },
    featureMean: [0, 0],
    featureStd: [1, 1],
    weights: [
      [-2, 2],
      [2, -2],
    ],
    bias: [0, 0],
    trainedOn: {
      description: 'hand-made',
      samples: 0,
      perGroup: {},
      perClass: {},
      seed: 1,
      l2: 0,
      iterations: 0,
      converged: true,
      loss: 0,
      trainingAccuracy: 1,
    },
    ...overrides,
  };
}

/** Writes the tiny vocabulary cache and model files into `dir`. */
export async function writeTinyDemo(dir: string, models: SpamModel[] = [tinyModel()]) {
  const vocabularyPath = path.join(dir, 'vocabulary.bin');
  const modelsDir = path.join(dir, 'models');
  await writeVocabularyCache(vocabularyPath, tinyVocabulary());
  const { mkdir } = await import('node:fs/promises');
  await mkdir(modelsDir, { recursive: true });
  for (const model of models)
    await writeSpamModel(path.join(modelsDir, `${model.endpoint}.json`), model);

  return { vocabularyPath, modelsDir };
}
