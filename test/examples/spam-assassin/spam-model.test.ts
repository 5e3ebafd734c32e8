import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelFileError } from '../../../examples/spam-assassin/errors.ts';
import {
  readSpamModel,
  scoreEmail,
  writeSpamModel,
} from '../../../examples/spam-assassin/spam-model.ts';
import { temporaryDir } from './fixtures.ts';
import { tinyModel, tinyVocabulary } from './model-fixtures.ts';

let dir: string;

beforeEach(async () => {
  dir = await temporaryDir();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Function: scoreEmail', () => {
  it('predicts spam for spammy words and ham for work words', () => {
    const model = tinyModel();
    const vocabulary = tinyVocabulary();

    const spam = scoreEmail(model, vocabulary, 'Subject: FREE money\n\nfree free');
    const ham = scoreEmail(model, vocabulary, 'Subject: project\n\nmeeting at noon');

    expect(spam.prediction).toBe('spam');
    expect(spam.scores[1]).toBeCloseTo(1 / (1 + Math.exp(-4)), 12);
    expect(ham.prediction).toBe('ham');
    expect(ham.knownWords).toBe(2);
  });
});

describe('Function: readSpamModel', () => {
  it('reads back what writeSpamModel wrote', async () => {
    const file = path.join(dir, 'spam-test.json');

    await writeSpamModel(file, tinyModel());

    expect(await readSpamModel(file)).toEqual(tinyModel());
  });

  it('names the file and the field of a missing or wrong value', async () => {
    const file = path.join(dir, 'bad.json');
    const withoutBias: Partial<ReturnType<typeof tinyModel>> = tinyModel();
    delete withoutBias.bias;
    await writeFile(file, JSON.stringify(withoutBias));

    const reading = readSpamModel(file);

    await expect(reading).rejects.toThrow(ModelFileError);
    await expect(reading).rejects.toThrow(`(file ${file}, field bias)`);
  });

  it('names the field whose length does not fit the dimensions', async () => {
    const file = path.join(dir, 'bad.json');
    await writeSpamModel(file, tinyModel({ weights: [[1, 2], [3]] }));

    await expect(readSpamModel(file)).rejects.toThrow(
      `expected 2 entries (file ${file}, field weights.1, value 1)`,
    );
  });

  it('rejects a file that is not JSON, naming it', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, '{ not json');

    await expect(readSpamModel(file)).rejects.toThrow(`not valid JSON (file ${file})`);
  });
});
