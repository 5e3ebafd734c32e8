import { describe, expect, it } from 'vitest';

import { collectSamples } from '../../../shared/analysis/collect-samples.ts';
import { otherClassProbability } from '../../../shared/analysis/disagreement.ts';
import type { LossContext, SampleOutput } from '../../../shared/analysis/types.ts';

const classes = ['ham', 'spam', 'other'];
const sample = { id: 's', label: 'ham', metadata: {} };

/** The probability for one sample, scored as the analysis scores it. */
function probabilityOf(
  context: LossContext,
  output: Omit<SampleOutput, 'id' | 'embedding'>,
  label: string | number = 'ham',
): number | null {
  const run = collectSamples(context, {
    samples: [{ ...sample, label }],
    outputs: [{ id: 's', embedding: [0, 1], ...output }],
  });

  return otherClassProbability(run.scored, 0);
}

describe('Function: otherClassProbability', () => {
  it('returns the largest renormalised probability of a class other than the label', () => {
    const context = {
      task: 'classification' as const,
      classes,
      scoreKind: 'probabilities' as const,
    };

    expect(probabilityOf(context, { scores: [0.1, 0.6, 0.3] })).toBeCloseTo(0.6, 12);
    expect(probabilityOf(context, { scores: [1, 6, 3] })).toBeCloseTo(0.6, 12);
    expect(probabilityOf(context, { scores: [0.1, 0.6, 0.3] }, 1)).toBeCloseTo(0.3, 12);
    expect(probabilityOf(context, { scores: [0.1, 0.6, 0.3] }, 'spam')).toBeCloseTo(
      0.3,
      12,
    );
  });

  it('applies softmax to logits', () => {
    const context = {
      task: 'classification' as const,
      classes,
      scoreKind: 'logits' as const,
    };
    const logits = [0, Math.log(6), Math.log(3)];

    expect(probabilityOf(context, { scores: logits })).toBeCloseTo(0.6, 12);
  });

  it('returns null without scores, and outside classification', () => {
    const context = {
      task: 'classification' as const,
      classes,
      scoreKind: 'logits' as const,
    };

    expect(probabilityOf(context, { prediction: 'spam' })).toBeNull();
    expect(probabilityOf({ task: 'regression' }, { prediction: 2 }, 1)).toBeNull();
  });
});
