import { describe, expect, it } from 'vitest';

import { chooseK } from '../../../shared/analysis/choose-k.ts';
import { AnalysisParameterError } from '../../../shared/analysis/errors.ts';

describe('Function: chooseK', () => {
  it('picks round(sqrt(n / 10)) for a mid-sized run', () => {
    expect(chooseK(3000).k).toBe(17);
    expect(chooseK(1000).k).toBe(10);
  });

  it('picks no fewer than 2 clusters for a small run', () => {
    expect(chooseK(2).k).toBe(2);
    expect(chooseK(30).k).toBe(2);
  });

  it('picks no more than 30 clusters for a large run', () => {
    expect(chooseK(1_000_000).k).toBe(30);
  });

  it('records the rule and n in the reason', () => {
    expect(chooseK(3000).reason).toBe(
      'rule: k = clamp(round(sqrt(n / 10)), 2, 30) with n = 3000',
    );
  });

  it('keeps a requested k up to n', () => {
    expect(chooseK(50, 7)).toEqual({ k: 7, reason: 'requested k = 7' });
  });

  it('clamps a requested k above n to n and says so', () => {
    expect(chooseK(4, 10)).toEqual({
      k: 4,
      reason: 'requested k = 10 clamped to the 4 samples',
    });
  });

  it('refuses fewer than 2 samples or a k that is not a positive integer', () => {
    expect(() => chooseK(1)).toThrow(AnalysisParameterError);
    expect(() => chooseK(10, 0)).toThrow(
      /parameter k must be a positive integer, got 0/,
    );
    expect(() => chooseK(10, 2.5)).toThrow(AnalysisParameterError);
  });
});
