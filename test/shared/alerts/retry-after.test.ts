import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../shared/alerts/retry-after.ts';

const NOW_EPOCH_MS = Date.parse('2026-12-03T20:00:00Z');

describe('Function: retryAfterMs', () => {
  it('reads delay-seconds as milliseconds', () => {
    expect(retryAfterMs('120', NOW_EPOCH_MS)).toBe(120_000);
    expect(retryAfterMs(' 0 ', NOW_EPOCH_MS)).toBe(0);
  });

  it('reads an HTTP date as the time left until it, and a past date as no wait', () => {
    expect(retryAfterMs('Thu, 03 Dec 2026 20:01:30 GMT', NOW_EPOCH_MS)).toBe(90_000);
    expect(retryAfterMs('Thu, 03 Dec 2026 19:00:00 GMT', NOW_EPOCH_MS)).toBe(0);
  });

  it('returns undefined for an absent, negative or unreadable value', () => {
    expect(retryAfterMs(null, NOW_EPOCH_MS)).toBeUndefined();
    expect(retryAfterMs('', NOW_EPOCH_MS)).toBeUndefined();
    expect(retryAfterMs('-5', NOW_EPOCH_MS)).toBeUndefined();
    expect(retryAfterMs('soon', NOW_EPOCH_MS)).toBeUndefined();
  });
});
