import { describe, expect, it } from 'vitest';
import { describeLifecycle, describeTest } from '../../cli/commands/demo.ts';
import type { TestResult } from '../../shared/tracking/types.ts';

function result(overrides: Partial<TestResult>): TestResult {
  return {
    name: 'hard-ham',
    metric: 'errorRate',
    membership: 'rule',
    status: 'improved',
    value: 0,
    savedValue: 0.293,
    previousValue: 0.293,
    difference: -0.293,
    interval: [-0.439, -0.17],
    members: 41,
    previousMembers: 41,
    maxRegression: 0.05,
    threshold: null,
    ...overrides,
  };
}

describe('Function: describeTest', () => {
  it('gives the status, the value before and after and the interval in points', () => {
    expect(describeTest(result({}))).toBe(
      'hard-ham improved: errorRate 29.3% → 0.0% (-29.3 points, 95% CI -43.9 to -17.0)',
    );
  });

  it('signs a worsening and leaves out a comparison that was not made', () => {
    const regressed = result({
      status: 'regressed',
      value: 0.341,
      previousValue: 0,
      difference: 0.341,
      interval: [0.195, 0.488],
    });
    const first = result({
      status: 'pass',
      previousValue: null,
      difference: null,
      interval: null,
    });

    expect(describeTest(regressed)).toBe(
      'hard-ham regressed: errorRate 0.0% → 34.1% (+34.1 points, 95% CI +19.5 to +48.8)',
    );
    expect(describeTest(first)).toBe('hard-ham pass: errorRate - → 0.0%');
  });

  it('says when the run had no hard-ham test yet', () => {
    expect(describeTest(undefined)).toBe('no hard-ham test yet');
  });
});

describe('Function: describeLifecycle', () => {
  it('prints one row per version with the test, the gate and the alerts', () => {
    const text = describeLifecycle([
      { outcome: { modelVersion: 'v1', accuracy: 0.962, alerts: 1 } },
      {
        outcome: { modelVersion: 'v2', accuracy: 0.9633, gateExitCode: 0, alerts: 0 },
        test: result({}),
      },
    ]);

    expect(text.split('\n')).toEqual([
      'version  accuracy  hard-ham test  error rate before → after  95% CI (points)  gate exit  alerts',
      'v1       96.2%     -              -                          -                -          1',
      'v2       96.3%     improved       29.3% → 0.0%               -43.9 to -17.0   0          0',
    ]);
  });
});
