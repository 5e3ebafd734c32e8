import { describe, expect, it } from 'vitest';
import type { CorpusGroup } from '../../../examples/spam-assassin/corpus.ts';
import { modelVersionSpec } from '../../../examples/spam-assassin/model-versions.ts';
import { composeTrainingSet } from '../../../examples/spam-assassin/training-set.ts';
import type { EmbeddedEmail } from '../../../examples/spam-assassin/train-model.ts';

function email(group: CorpusGroup, i: number, html = true): EmbeddedEmail {
  return {
    id: `${group}/${String(i).padStart(5, '0')}`,
    group,
    label: group.startsWith('spam') ? 'spam' : 'ham',
    embedding: Float32Array.from([i, 1]),
    metadata: { html, mailingList: false },
  };
}

const TRAINING = [
  ...Array.from({ length: 62 }, (_, i) => email('hard-ham-1', i)),
  ...Array.from({ length: 40 }, (_, i) => email('easy-ham-1', i, false)),
  ...Array.from({ length: 40 }, (_, i) => email('spam-1', i)),
];
const QUEUE = Array.from({ length: 10 }, (_, i) => email('hard-ham-1', 100 + i));

describe('Function: composeTrainingSet', () => {
  it("gives v2 v1's training e-mails plus the queued ones, with their true labels", () => {
    const v1 = composeTrainingSet(modelVersionSpec('v1'), TRAINING, [], 3);

    const v2 = composeTrainingSet(modelVersionSpec('v2'), TRAINING, QUEUE, 3);

    expect(v2.map((x) => x.email.id)).toEqual(
      [...v1, ...QUEUE.map((e) => ({ email: e }))].map((x) => x.email.id).sort(),
    );
    expect(v2.every((x) => x.label === x.email.label)).toBe(true);
  });

  it("gives v3 v2's e-mails with some HTML ham labeled spam and nothing else changed", () => {
    const v2 = composeTrainingSet(modelVersionSpec('v2'), TRAINING, QUEUE, 3);

    const v3 = composeTrainingSet(modelVersionSpec('v3'), TRAINING, QUEUE, 3);

    const changed = v3.filter((x) => x.label !== x.email.label);
    expect(v3.map((x) => x.email.id)).toEqual(v2.map((x) => x.email.id));
    expect(changed.length).toBeGreaterThan(0);
    expect(
      changed.every((x) => x.email.group === 'hard-ham-1' && x.label === 'spam'),
    ).toBe(true);
  });

  it('rejects queued e-mails for a version that learns from no queue', () => {
    expect(() =>
      composeTrainingSet(modelVersionSpec('v1'), TRAINING, QUEUE, 3),
    ).toThrow(
      'v1 learns from no labeling queue, yet labeled e-mails came (field labeledQueue, value 10)',
    );
  });

  it('rejects a queued e-mail that is already a training e-mail', () => {
    const queue = [QUEUE[0]!, TRAINING[5]!];

    expect(() =>
      composeTrainingSet(modelVersionSpec('v2'), TRAINING, queue, 3),
    ).toThrow(
      'a queued e-mail is already a training e-mail (field labeledQueue[1], value "hard-ham-1/00005")',
    );
  });
});
