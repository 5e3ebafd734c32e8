import { describe, expect, it } from 'vitest';

import { chooseK, kBounds, selectK } from '../../../shared/analysis/choose-k.ts';
import { AnalysisParameterError } from '../../../shared/analysis/errors.ts';

describe('Function: chooseK (the v1 rule)', () => {
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

describe('Function: kBounds', () => {
  it('runs from 2 to 30 when the support allows 30 clusters', () => {
    expect(kBounds(3000, 30)).toEqual({ min: 2, max: 30 });
  });

  it('stops at n / minSupport so the average cluster keeps the minimum support', () => {
    expect(kBounds(200, 10)).toEqual({ min: 2, max: 20 });
    expect(kBounds(45, 10)).toEqual({ min: 2, max: 4 });
  });

  it('starts at minK, giving way to the upper end when they cross', () => {
    expect(kBounds(3000, 30, 4)).toEqual({ min: 4, max: 30 });
    expect(kBounds(30, 10, 4)).toEqual({ min: 3, max: 3 });
  });

  it('never exceeds n', () => {
    expect(kBounds(2, 1)).toEqual({ min: 2, max: 2 });
    expect(kBounds(3, 10)).toEqual({ min: 2, max: 2 });
  });

  it('refuses a minimum support or minK below 1', () => {
    expect(() => kBounds(100, 0)).toThrow(
      /parameter minSupport must be an integer >= 1, got 0/,
    );
    expect(() => kBounds(100, 10, 0)).toThrow(/parameter minK must be an integer >= 1/);
  });
});

describe('Function: selectK', () => {
  it('picks round(sqrt(n / 20)) inside the bounds', () => {
    expect(selectK({ n: 3000, minSupport: 30 }).k).toBe(12);
    expect(selectK({ n: 660, minSupport: 10 }).k).toBe(6);
  });

  it('raises k to minK, and lowers it to n / minSupport', () => {
    expect(selectK({ n: 240, minSupport: 10, minK: 4 }).k).toBe(4);
    expect(selectK({ n: 100_000, minSupport: 1000 }).k).toBe(30);
    expect(selectK({ n: 100_000, minSupport: 5000 }).k).toBe(20);
  });

  it('records the rule, the bounds, n and the minimum support in the reason', () => {
    expect(selectK({ n: 3023, minSupport: 31, minK: 4 }).reason).toBe(
      'rule: k = clamp(round(sqrt(n / 20)), 4, 30) with n = 3023, minimum support 31',
    );
  });

  it('keeps a requested k, clamped to n', () => {
    expect(selectK({ n: 50, minSupport: 10, requested: 7 })).toEqual({
      k: 7,
      reason: 'requested k = 7',
    });
    expect(selectK({ n: 4, minSupport: 10, requested: 9 }).k).toBe(4);
  });
});
