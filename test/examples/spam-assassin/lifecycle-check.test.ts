import { describe, expect, it } from 'vitest';
import { lifecycleProblems } from '../../../examples/spam-assassin/lifecycle-check.ts';
import type { LifecycleOutcome } from '../../../examples/spam-assassin/lifecycle-check.ts';

const EXPECTED: LifecycleOutcome = {
  v1: { modelVersion: 'v1', accuracy: 0.962, testStatus: 'pass', alerts: 1 },
  v2: {
    modelVersion: 'v2',
    accuracy: 0.9633,
    testStatus: 'improved',
    gateExitCode: 0,
    alerts: 0,
  },
  v3: {
    modelVersion: 'v3',
    accuracy: 0.9583,
    testStatus: 'regressed',
    gateExitCode: 1,
    alerts: 1,
  },
};

describe('Function: lifecycleProblems', () => {
  it('finds none in the lifecycle the demo tells', () => {
    expect(lifecycleProblems(EXPECTED)).toEqual([]);
  });

  it('accepts a v2 whose test passes without a significant improvement', () => {
    const outcome = { ...EXPECTED, v2: { ...EXPECTED.v2, testStatus: 'pass' } };

    expect(lifecycleProblems(outcome)).toEqual([]);
  });

  it('names each broken expectation', () => {
    const outcome: LifecycleOutcome = {
      v1: EXPECTED.v1,
      v2: { ...EXPECTED.v2, testStatus: 'regressed', gateExitCode: 1, alerts: 1 },
      v3: { ...EXPECTED.v3, testStatus: 'pass', gateExitCode: 0, alerts: 2 },
    };

    expect(lifecycleProblems(outcome)).toEqual([
      "v2's hard-ham test is regressed, expected improved or pass",
      "v3's hard-ham test is pass, expected regressed",
      'the gate of v2 exited 1, expected 0',
      'the gate of v3 exited 0, expected non-zero',
      'v2 sent 1 alerts, expected none',
      'v3 sent 2 alerts, expected one',
    ]);
  });

  it('names an accuracy gap of more than one point, and a missing accuracy', () => {
    const far = { ...EXPECTED, v3: { ...EXPECTED.v3, accuracy: 0.95 } };
    const missing = { ...EXPECTED, v2: { ...EXPECTED.v2, accuracy: null } };

    expect(lifecycleProblems(far)).toEqual([
      "v3's overall accuracy is 1.33 points from v2's, expected at most 1",
    ]);
    expect(lifecycleProblems(missing)).toEqual([
      'overall accuracy is missing (v2 null, v3 0.9583)',
    ]);
  });

  it('counts a version that was never gated as a broken expectation', () => {
    const { gateExitCode: _dropped, ...ungated } = EXPECTED.v3;

    expect(lifecycleProblems({ ...EXPECTED, v3: ungated })).toEqual([
      'the gate of v3 exited undefined, expected non-zero',
    ]);
  });

  it('names each Block Kit problem of an alert, with its version', () => {
    const outcome = {
      ...EXPECTED,
      v3: { ...EXPECTED.v3, alertProblems: ['the message has no top-level text'] },
    };

    expect(lifecycleProblems(outcome)).toEqual([
      'an alert of v3 breaks Block Kit: the message has no top-level text',
    ]);
  });
});

describe('Function: lifecycleProblems with a webhook configured', () => {
  it('leaves the alert counts unchecked when alerts went to the webhook', () => {
    const outcome = {
      ...EXPECTED,
      v2: { ...EXPECTED.v2, alerts: null },
      v3: { ...EXPECTED.v3, alerts: null },
    };

    expect(lifecycleProblems(outcome)).toEqual([]);
  });
});
