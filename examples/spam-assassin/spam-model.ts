import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { embedEmail } from './embed.ts';
import type { EmbedText } from './embed-cache.ts';
import { ModelFileError } from './errors.ts';
import { predictProbabilities } from './logistic-regression.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Changes to the file shape below must change this. */
export const SPAM_MODEL_FORMAT = 'aggressors-spam-logreg-1';

const finiteNumber = z.number().refine(Number.isFinite, 'expected a finite number');

export const spamModelSchema = z.object({
  format: z.literal(SPAM_MODEL_FORMAT),
  modelVersion: z.string().min(1),
  endpoint: z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/),
  classes: z.array(z.string().min(1)).min(2),
  embedding: z.object({
    source: z.string(),
    tokenizer: z.string(),
    dimensions: z.number().int().positive(),
    vocabularyFingerprint: z.string(),
  }),
  featureMean: z.array(finiteNumber),
  featureStd: z.array(finiteNumber.refine((value) => value > 0, 'expected > 0')),
  weights: z.array(z.array(finiteNumber)),
  bias: z.array(finiteNumber),
  trainedOn: z.object({
    description: z.string(),
    samples: z.number().int().nonnegative(),
    perGroup: z.record(z.string(), z.number().int().nonnegative()),
    /** Counted by the label learned, which a noisy source may have changed. */
    perClass: z.record(z.string(), z.number().int().nonnegative()),
    /** Pool e-mails learned from a labeling queue (absent: none). */
    labeledFromQueue: z.number().int().nonnegative().optional(),
    /** E-mails learned with another label than their group's (absent: none). */
    noisyLabels: z.number().int().nonnegative().optional(),
    seed: z.number().int(),
    l2: z.number().nonnegative(),
    iterations: z.number().int().nonnegative(),
    converged: z.boolean(),
    loss: finiteNumber,
    trainingAccuracy: finiteNumber,
  }),
});

/** A demo model as stored in `<modelsDir>/<endpoint>.json`. */
export type SpamModel = z.infer<typeof spamModelSchema>;

export interface SpamScore {
  embedding: Float32Array;
  /** Class probabilities, in the order of `classes`. */
  scores: number[];
  prediction: string;
  knownWords: number;
}

/** Embeds an e-mail with the vocabulary and scores it. */
export function scoreEmail(
  model: SpamModel,
  vocabulary: Vocabulary,
  text: string,
  embed: EmbedText = (t) => embedEmail(vocabulary, t),
): SpamScore {
  const { vector, knownWords } = embed(text);
  const scores = predictProbabilities(model, vector);
  const best = scores.indexOf(Math.max(...scores));

  return {
    embedding: vector,
    scores,
    prediction: model.classes[best] ?? '',
    knownWords,
  };
}

export async function writeSpamModel(file: string, model: SpamModel): Promise<void> {
  await writeFile(file, `${JSON.stringify(model, null, 1)}\n`);
}

/** Reads and checks a model file: its shape, and that the arrays agree in size. */
export async function readSpamModel(file: string): Promise<SpamModel> {
  const result = spamModelSchema.safeParse(await readJson(file));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ModelFileError(issue?.message ?? 'invalid model file', {
      file,
      field: issue?.path.join('.'),
    });
  }

  checkShapes(result.data, file);
  return result.data;
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ModelFileError('not valid JSON', { file }, { cause: error });
  }
}

function checkShapes(model: SpamModel, file: string) {
  const { dimensions } = model.embedding;
  const sizes: Array<[string, number, number]> = [
    ['featureMean', model.featureMean.length, dimensions],
    ['featureStd', model.featureStd.length, dimensions],
    ['weights', model.weights.length, model.classes.length],
    ['bias', model.bias.length, model.classes.length],
    ...model.weights.map((row, k): [string, number, number] => [
      `weights.${k}`,
      row.length,
      dimensions,
    ]),
  ];
  for (const [field, actual, expected] of sizes) {
    if (actual !== expected) {
      throw new ModelFileError(`expected ${expected} entries`, {
        file,
        field,
        value: actual,
      });
    }
  }
}
