import { describe, expect, it } from 'vitest';

import {
  NonFiniteLossError,
  SampleInputError,
} from '../../../shared/analysis/errors.ts';
import { logSoftmax, scoreSample } from '../../../shared/analysis/losses.ts';
import type { LossContext } from '../../../shared/analysis/types.ts';

const probabilities: LossContext = {
  task: 'classification',
  classes: ['ham', 'spam'],
  scoreKind: 'probabilities',
};
const logits: LossContext = {
  task: 'classification',
  classes: ['a', 'b', 'c'],
  scoreKind: 'logits',
};
const sample = (label?: string | number) => ({ id: 's-1', label, metadata: {} });

describe('Function: scoreSample, classification', () => {
  it('returns the cross-entropy of the label from probabilities', () => {
    const scored = scoreSample(probabilities, sample('ham'), {
      id: 's-1',
      scores: [0.8, 0.2],
    });

    expect(scored.loss).toBeCloseTo(0.2231435513142097, 12);
    expect(scored).toMatchObject({ prediction: 'ham', correct: true });
  });

  it('renormalises probabilities that drift from a sum of 1', () => {
    const scored = scoreSample(probabilities, sample('spam'), {
      id: 's-1',
      scores: [0.3003, 0.7007],
    });

    expect(scored.loss).toBeCloseTo(-Math.log(0.7), 12);
  });

  it('clips a zero probability at 1e-12 so the loss stays finite', () => {
    const scored = scoreSample(probabilities, sample('spam'), {
      id: 's-1',
      scores: [1, 0],
    });

    expect(scored.loss).toBeCloseTo(12 * Math.log(10), 9);
    expect(scored).toMatchObject({ prediction: 'ham', correct: false });
  });

  it('returns the cross-entropy from logits (scipy softmax([2, 1, 0.1])[0] = 0.65900114)', () => {
    const scored = scoreSample(logits, sample('a'), { id: 's-1', scores: [2, 1, 0.1] });

    expect(scored.loss).toBeCloseTo(-Math.log(0.65900114), 7);
    expect(scored.prediction).toBe('a');
  });

  it('stays finite for logits far beyond the range of exp', () => {
    const scored = scoreSample(logits, sample('b'), {
      id: 's-1',
      scores: [1000, 0, -1000],
    });

    expect(scored.loss).toBeCloseTo(1000, 9);
    expect(logSoftmax([1000, 1000])).toEqual([-Math.LN2, -Math.LN2]);
  });

  it('reads a label given as a class index', () => {
    const scored = scoreSample(probabilities, sample(1), {
      id: 's-1',
      scores: [0.25, 0.75],
    });

    expect(scored.loss).toBeCloseTo(-Math.log(0.75), 12);
    expect(scored.correct).toBe(true);
  });

  it('returns a 0/1 loss when only a prediction is given', () => {
    const right = scoreSample(probabilities, sample('spam'), {
      id: 's-1',
      prediction: 'spam',
    });
    const wrong = scoreSample(probabilities, sample('spam'), {
      id: 's-1',
      prediction: 0,
    });

    expect(right).toEqual({ loss: 0, prediction: 'spam', correct: true });
    expect(wrong).toEqual({ loss: 1, prediction: 'ham', correct: false });
  });

  it('refuses a label that is not one of the classes, naming sample and value', () => {
    const act = () =>
      scoreSample(probabilities, sample('eggs'), { id: 's-1', scores: [1, 0] });

    expect(act).toThrow(SampleInputError);
    expect(act).toThrow(
      /sample s-1: field label must be one of the classes \[ham, spam\]/,
    );
    expect(act).toThrow(/got "eggs"/);
  });

  it('refuses scores of the wrong length, negative or with no score kind', () => {
    const output = { id: 's-1', scores: [0.5, 0.5] };

    expect(() => scoreSample(logits, sample('a'), output)).toThrow(
      /field scores must be 3/,
    );
    expect(() =>
      scoreSample(probabilities, sample('ham'), { id: 's-1', scores: [-0.1, 1.1] }),
    ).toThrow(/probabilities >= 0/);
    expect(() =>
      scoreSample({ ...probabilities, scoreKind: undefined }, sample('ham'), output),
    ).toThrow(/field scoreKind must be 'probabilities' or 'logits'/);
  });

  it('refuses an output with neither scores nor prediction', () => {
    expect(() => scoreSample(probabilities, sample('ham'), { id: 's-1' })).toThrow(
      /sample s-1: field scores must be present, or prediction, got nothing/,
    );
  });
});

describe('Function: scoreSample, regression and custom', () => {
  const regression: LossContext = { task: 'regression' };
  const custom: LossContext = { task: 'custom' };

  it('returns the squared error for regression with no error rate', () => {
    const scored = scoreSample(regression, sample(2.5), { id: 's-1', prediction: 4 });

    expect(scored).toEqual({ loss: 2.25, prediction: 4, correct: null });
  });

  it('returns the given loss for a custom task', () => {
    const scored = scoreSample(custom, sample(), { id: 's-1', loss: 0.7 });

    expect(scored).toEqual({ loss: 0.7, prediction: null, correct: null });
  });

  it('refuses a squared error that overflows, naming the sample', () => {
    const act = () =>
      scoreSample(regression, sample(0), { id: 's-1', prediction: 1e200 });

    expect(act).toThrow(NonFiniteLossError);
    expect(act).toThrow('sample s-1: loss is not finite (Infinity)');
  });

  it('refuses a missing custom loss or a regression label that is not a number', () => {
    expect(() => scoreSample(custom, sample(), { id: 's-1' })).toThrow(
      /field loss must be a finite number, got nothing/,
    );
    expect(() =>
      scoreSample(regression, sample('x'), { id: 's-1', prediction: 1 }),
    ).toThrow(/field label must be a finite number, got "x"/);
  });
});
