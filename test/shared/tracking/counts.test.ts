import { describe, expect, it } from 'vitest';
import { countStatuses, trackingSummary } from '../../../shared/tracking/counts.ts';
import { unreadableTestResult } from '../../../shared/tracking/evaluate-test.ts';
import type { AggressorTracking } from '../../../shared/tracking/types.ts';

const tracking = (states: Array<'new' | 'persisting'>, resolved: number) =>
  ({
    matches: states.map((state) => ({ state })),
    resolved: Array.from({ length: resolved }, () => ({})),
    absent: [],
    minOverlap: 0.3,
  }) as unknown as AggressorTracking;

describe('Function: countStatuses', () => {
  it('counts every status, zero included', () => {
    const results = [
      { ...unreadableTestResult('a', 'x'), status: 'pass' as const },
      unreadableTestResult('b', 'x'),
      unreadableTestResult('c', 'x'),
    ];

    expect(countStatuses(results)).toEqual({
      pass: 1,
      fail: 0,
      regressed: 0,
      improved: 0,
      'not-applicable': 0,
      error: 2,
    });
  });
});

describe('Function: trackingSummary', () => {
  it('names the non-zero statuses and the aggressor changes in one line', () => {
    const counts = countStatuses([
      { ...unreadableTestResult('a', 'x'), status: 'regressed' },
      { ...unreadableTestResult('b', 'x'), status: 'pass' },
    ]);

    expect(trackingSummary(counts, tracking(['new', 'persisting', 'new'], 1))).toBe(
      '2 tests: 1 pass, 1 regressed; aggressors: 1 persisting, 2 new, 1 resolved',
    );
  });

  it('says "1 test", not "1 tests"', () => {
    const counts = countStatuses([
      { ...unreadableTestResult('a', 'x'), status: 'pass' },
    ]);

    expect(trackingSummary(counts, tracking([], 0))).toBe(
      '1 test: 1 pass; aggressors: 0 persisting, 0 new, 0 resolved',
    );
  });

  it('says when there are no saved tests', () => {
    expect(trackingSummary(countStatuses([]), tracking([], 0))).toBe(
      'no saved tests; aggressors: 0 persisting, 0 new, 0 resolved',
    );
  });
});
