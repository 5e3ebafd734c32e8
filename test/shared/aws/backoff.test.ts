import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../../shared/aws/backoff.ts';

describe('Function: backoffMs', () => {
  const cap = { baseMs: 100, capMs: 1_000 };

  it('returns the random share of a ceiling that doubles each attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, () => 0.5, cap))).toEqual([
      50, 100, 200, 400,
    ]);
  });

  it('never waits past the cap, nor less than zero', () => {
    expect(backoffMs(10, () => 0.999, cap)).toBe(999);
    expect(backoffMs(3, () => 0, cap)).toBe(0);
  });
});
