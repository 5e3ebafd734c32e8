/** Tests by status, and the one-line summary the run record keeps. */
import { TEST_STATUSES } from './types.ts';
import type { AggressorTracking, StatusCounts, TestResult } from './types.ts';

export function countStatuses(results: readonly TestResult[]): StatusCounts {
  const counts = Object.fromEntries(TEST_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const { status } of results) counts[status] += 1;

  return counts;
}

/** "3 tests: 2 pass, 1 regressed; aggressors: 1 persisting, 2 new, 0 resolved". */
export function trackingSummary(
  counts: StatusCounts,
  aggressors: AggressorTracking,
): string {
  const total = TEST_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  const byStatus = TEST_STATUSES.filter((s) => counts[s] > 0).map(
    (s) => `${counts[s]} ${s}`,
  );
  const persisting = aggressors.matches.filter((m) => m.state === 'persisting').length;
  const fresh = aggressors.matches.length - persisting;
  const tests =
    total === 0
      ? 'no saved tests'
      : `${total} test${total === 1 ? '' : 's'}: ${byStatus.join(', ')}`;

  return `${tests}; aggressors: ${persisting} persisting, ${fresh} new, ${aggressors.resolved.length} resolved`;
}
