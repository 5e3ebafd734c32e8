import { describe, expect, it } from 'vitest';
import { describeGate, type GateResult } from '../../cli/commands/gate.ts';
import type { TestResult } from '../../shared/tracking/types.ts';
import { runCli, withLocalHome } from './tests-cli-capture.ts';

const regressed: TestResult = {
  name: 'hard-ham',
  metric: 'errorRate',
  membership: 'rule',
  status: 'regressed',
  value: 0.42,
  savedValue: 0.3,
  previousValue: 0.25,
  difference: 0.17,
  interval: [0.08, 0.26],
  members: 120,
  previousMembers: 118,
  maxRegression: 0,
  threshold: null,
  message: 'errorRate worse by 0.17 (allowed 0), interval excludes 0',
};

describe('Command: aggressors gate', () => {
  it('exits 1 and says so when the version has no run', async () => {
    const out = await withLocalHome(() => runCli(['gate', 'toy', 'v1']));

    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe(
      'gate FAILED for toy v1: no run of project "toy" model version "v1"\n',
    );
  });
});

describe('Function: describeGate', () => {
  it('prints the test table with signed differences, the reason and the verdict', () => {
    const result: GateResult = {
      exitCode: 1,
      verdict: '1 of 1 test: hard-ham regressed',
      runId: 'r',
      tests: [regressed],
    };

    const text = describeGate('spam', 'v3', {
      ...result,
      previous: { runId: 'spam-v2-abc', modelVersion: 'v2' },
    });

    expect(text.split('\n')).toEqual([
      'compared with v2 (run spam-v2-abc)',
      'test      status     metric     value  saved  previous  difference  95% interval      members',
      'hard-ham  regressed  errorRate  0.420  0.300  0.250     +0.170      [+0.080, +0.260]  120',
      '',
      '  hard-ham: errorRate worse by 0.17 (allowed 0), interval excludes 0',
      '',
      'gate FAILED for spam v3: 1 of 1 test: hard-ham regressed',
    ]);
  });

  it('says passed and shows not-applicable tests with their reason', () => {
    const result: GateResult = {
      exitCode: 0,
      verdict: '1 test, none failed, regressed or errored',
      runId: 'r',
      tests: [
        {
          ...regressed,
          status: 'not-applicable',
          value: null,
          difference: null,
          interval: null,
          previousValue: null,
          members: 0,
          message: 'no scored sample of run r is a member',
        },
      ],
    };

    const text = describeGate('spam', 'v2', result);

    expect(text.split('\n')[0]).toBe(
      'compared with no earlier version (first run of the project, or none succeeded)',
    );
    expect(text).toContain('hard-ham  not-applicable  errorRate  -      0.300');
    expect(text).toContain('  hard-ham: no scored sample of run r is a member');
    expect(
      text.endsWith(
        'gate passed for spam v2: 1 test, none failed, regressed or errored',
      ),
    ).toBe(true);
  });
});
