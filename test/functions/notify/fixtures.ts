/** A RunTestsReport as RunTests writes it, for the notify tests. */
import type { RunTestsReport, TestResult } from '../../../shared/tracking/types.ts';

export function testResult(overrides: Partial<TestResult> = {}): TestResult {
  return {
    name: 'hard-ham',
    metric: 'errorRate',
    membership: 'rule',
    status: 'regressed',
    value: 0.25,
    savedValue: 0.3,
    previousValue: 0.12,
    difference: 0.13,
    interval: [0.05, 0.21],
    members: 80,
    previousMembers: 82,
    maxRegression: 0.02,
    threshold: null,
    ...overrides,
  };
}

export function testsReport(overrides: Partial<RunTestsReport> = {}): RunTestsReport {
  return {
    schemaVersion: 1,
    project: 'spam',
    modelVersion: 'v2',
    runId: 'spam-v2-abc',
    previous: { runId: 'spam-v1-xyz', modelVersion: 'v1', uploadedAtEpochMs: 500 },
    tests: [testResult(), testResult({ name: 'short-mails', status: 'pass' })],
    counts: {
      pass: 1,
      fail: 0,
      regressed: 1,
      improved: 0,
      'not-applicable': 0,
      error: 0,
    },
    aggressors: { matches: [], resolved: [], absent: [], minOverlap: 0.3 },
    ...overrides,
  };
}
