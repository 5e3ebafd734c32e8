import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_L2 } from '../../../examples/spam-assassin/build.ts';
import {
  pickEmails,
  prepareSpamDemoData,
} from '../../../examples/spam-assassin/demo-data.ts';
import type {
  PreparedEmail,
  SpamDemoData,
} from '../../../examples/spam-assassin/demo-data.ts';
import { predictProbabilities } from '../../../examples/spam-assassin/logistic-regression.ts';
import { MAX_ACCURACY_GAP } from '../../../examples/spam-assassin/lifecycle-check.ts';
import { modelVersionSpec } from '../../../examples/spam-assassin/model-versions.ts';
import { spamDemoPaths } from '../../../examples/spam-assassin/paths.ts';
import { trainSpamModel } from '../../../examples/spam-assassin/train-model.ts';
import { bootstrapDifference } from '../../../shared/tracking/bootstrap.ts';
import { V1_LABELING_QUEUE } from './v1-labeling-queue.ts';

/**
 * v1, v2 and v3 trained on the real corpus, as the demo trains them, and
 * scored on the evaluation split. Needs the vocabulary cache that
 * `npm run demo` writes (cutting it from GloVe takes too long for a test).
 */
const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
const STATE_DIR = process.env.AGGRESSORS_HOME ?? path.join(REPO_ROOT, '.aggressors');
const { vocabularyPath } = spamDemoPaths(STATE_DIR);
const HAS_CACHE = existsSync(vocabularyPath);
if (!HAS_CACHE)
  console.warn(
    `Skipping the corpus model-version tests: no vocabulary cache at ${vocabularyPath}. ` +
      'Run `npm run demo` once (CI does, before `npm test`) and they run.',
  );

/** The hard-ham aggressor's rule in v1's run, which the demo saves as its test. */
function inHardHamTest(email: PreparedEmail): boolean {
  const { html, senderDomain } = email.sample.metadata;

  return html === true && senderDomain === 'newsletter.online.com';
}

interface Scored {
  accuracy: number;
  /** 1 per wrong test member, 0 per right one. */
  testErrors: Float64Array;
}

let data: SpamDemoData;
const scored = new Map<string, Scored>();

function trainAndScore(modelVersion: string): Scored {
  const spec = modelVersionSpec(modelVersion);
  const queue = spec.labeledQueueOf === undefined ? [] : V1_LABELING_QUEUE;
  const training = pickEmails(data, data.splits.training);
  const options = { seed: data.seed, l2: DEFAULT_L2 };
  const model = trainSpamModel(
    spec,
    training,
    data.vocabulary,
    options,
    pickEmails(data, queue),
  );
  const evaluation = pickEmails(data, data.splits.evaluation);
  const wrong = evaluation.map((email) => {
    const [, spam] = predictProbabilities(model, email.embedding);
    return (spam ?? 0) >= 0.5 !== (email.label === 'spam');
  });

  return {
    accuracy: wrong.filter((w) => !w).length / wrong.length,
    testErrors: Float64Array.from(
      evaluation.flatMap((email, i) =>
        inHardHamTest(email) ? [Number(wrong[i])] : [],
      ),
    ),
  };
}

describe.skipIf(!HAS_CACHE)('Model versions on the SpamAssassin corpus', () => {
  beforeAll(async () => {
    data = await prepareSpamDemoData({ vocabularyPath });
    for (const version of ['v1', 'v2', 'v3'])
      scored.set(version, trainAndScore(version));
  }, 120_000);

  it('finds test members in the evaluation split', () => {
    expect(scored.get('v1')?.testErrors.length).toBeGreaterThanOrEqual(30);
  });

  it("improves the hard-ham test's error rate from v1 to v2, interval excluding zero", () => {
    const { interval } = bootstrapDifference(
      scored.get('v2')!.testErrors,
      scored.get('v1')!.testErrors,
    );

    expect(interval[1]).toBeLessThan(0);
  });

  it("worsens the hard-ham test's error rate from v2 to v3, interval excluding zero", () => {
    const { difference, interval } = bootstrapDifference(
      scored.get('v3')!.testErrors,
      scored.get('v2')!.testErrors,
    );

    expect(interval[0]).toBeGreaterThan(0);
    expect(difference).toBeGreaterThan(0.1);
  });

  it("keeps v3's overall accuracy within one point of v2's", () => {
    const gap = Math.abs(scored.get('v3')!.accuracy - scored.get('v2')!.accuracy);

    expect(gap).toBeLessThanOrEqual(MAX_ACCURACY_GAP);
  });
});
