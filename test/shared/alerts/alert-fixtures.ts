/** Alert inputs for the tests: a run of spam v3 with one regression. */
import type {
  AlertAggressor,
  AlertInput,
  AlertTestResult,
} from '../../../shared/alerts/types.ts';

export function regression(overrides: Partial<AlertTestResult> = {}): AlertTestResult {
  return {
    name: 'hard-ham',
    status: 'regressed',
    metric: 'error rate',
    value: 0.25,
    previousValue: 0.12,
    difference: 0.13,
    interval: [0.05, 0.21],
    ...overrides,
  };
}

export function newAggressor(overrides: Partial<AlertAggressor> = {}): AlertAggressor {
  return {
    id: 'a1b2c3',
    rank: 1,
    size: 120,
    impact: 0.34,
    meanLoss: 0.82,
    lossRatio: 3.14,
    errorRate: 0.4,
    hypothesis: 'Mostly e-mails with html = true: the model calls them spam.',
    worstSampleIds: ['hard-ham-1/0042', 'hard-ham-1/0007'],
    ...overrides,
  };
}

export function alertInput(overrides: Partial<AlertInput> = {}): AlertInput {
  return {
    run: {
      runId: 'spam-v3-abc',
      project: 'spam',
      modelVersion: 'v3',
      status: 'succeeded',
      accuracy: 0.9712,
    },
    tests: [regression(), regression({ name: 'short-mails', status: 'pass' })],
    newAggressors: [],
    ...overrides,
  };
}
