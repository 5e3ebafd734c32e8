import { describe, expect, it } from 'vitest';
import { backoffMs, waitBeforeRetry } from '../../../shared/aws/backoff.ts';

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

describe('Function: waitBeforeRetry', () => {
  it('sleeps the jittered backoff of the attempt within the policy bounds', async () => {
    const waits: number[] = [];
    const policy = {
      maxAttempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 300,
      sleep: async (ms: number) => void waits.push(ms),
      random: () => 0.5,
    };

    for (const attempt of [1, 2, 3, 4]) await waitBeforeRetry(attempt, policy);

    expect(waits).toEqual([50, 100, 150, 150]);
  });
});
