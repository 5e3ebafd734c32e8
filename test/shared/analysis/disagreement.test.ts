import { describe, expect, it } from 'vitest';

import { otherClassProbability } from '../../../shared/analysis/disagreement.ts';

const classes = ['ham', 'spam', 'other'];
const sample = { id: 's', label: 'ham', metadata: {} };

describe('Function: otherClassProbability', () => {
  it('returns the largest renormalised probability of a class other than the label', () => {
    const context = {
      task: 'classification' as const,
      classes,
      scoreKind: 'probabilities' as const,
    };

    expect(
      otherClassProbability(context, sample, { id: 's', scores: [0.1, 0.6, 0.3] }),
    ).toBeCloseTo(0.6, 12);
    expect(
      otherClassProbability(context, sample, { id: 's', scores: [1, 6, 3] }),
    ).toBeCloseTo(0.6, 12);
    expect(
      otherClassProbability(
        context,
        { ...sample, label: 1 },
        { id: 's', scores: [0.1, 0.6, 0.3] },
      ),
    ).toBeCloseTo(0.3, 12);
  });

  it('applies softmax to logits', () => {
    const context = {
      task: 'classification' as const,
      classes,
      scoreKind: 'logits' as const,
    };
    const logits = [0, Math.log(6), Math.log(3)];

    expect(
      otherClassProbability(context, sample, { id: 's', scores: logits }),
    ).toBeCloseTo(0.6, 12);
  });

  it('returns null without scores, outside classification, or with an unknown label', () => {
    const context = {
      task: 'classification' as const,
      classes,
      scoreKind: 'logits' as const,
    };

    expect(
      otherClassProbability(context, sample, { id: 's', prediction: 'ham' }),
    ).toBeNull();
    expect(
      otherClassProbability({ task: 'regression' }, sample, {
        id: 's',
        scores: [1, 2, 3],
      }),
    ).toBeNull();
    expect(
      otherClassProbability(
        context,
        { ...sample, label: 'cat' },
        { id: 's', scores: [1, 2, 3] },
      ),
    ).toBeNull();
  });
});
