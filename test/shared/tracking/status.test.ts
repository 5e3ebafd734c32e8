import { describe, expect, it } from 'vitest';
import { decideStatus } from '../../../shared/tracking/status.ts';

const worse = { difference: 0.1, interval: [0.05, 0.15] as [number, number] };
const better = { difference: -0.1, interval: [-0.15, -0.05] as [number, number] };
const unclear = { difference: 0.1, interval: [-0.02, 0.2] as [number, number] };

describe('Function: decideStatus', () => {
  it('says regressed when the error rate rose beyond the allowance and the interval excludes 0', () => {
    const out = decideStatus({
      metric: 'errorRate',
      value: 0.4,
      maxRegression: 0.05,
      comparison: worse,
    });

    expect(out.status).toBe('regressed');
  });

  it('says pass when the rise is within the allowed regression', () => {
    const out = decideStatus({
      metric: 'errorRate',
      value: 0.4,
      maxRegression: 0.1,
      comparison: worse,
    });

    expect(out.status).toBe('pass');
  });

  it('says pass when the interval holds 0', () => {
    const out = decideStatus({
      metric: 'meanLoss',
      value: 1,
      maxRegression: 0,
      comparison: unclear,
    });

    expect(out.status).toBe('pass');
  });

  it('says improved when the loss fell and the interval excludes 0', () => {
    const out = decideStatus({
      metric: 'meanLoss',
      value: 1,
      maxRegression: 0,
      comparison: better,
    });

    expect(out.status).toBe('improved');
  });

  it('reads accuracy the other way: a fall is a regression, a rise an improvement', () => {
    const fell = decideStatus({
      metric: 'accuracy',
      value: 0.6,
      maxRegression: 0,
      comparison: better,
    });
    const rose = decideStatus({
      metric: 'accuracy',
      value: 0.6,
      maxRegression: 0,
      comparison: worse,
    });

    expect(fell.status).toBe('regressed');
    expect(rose.status).toBe('improved');
  });

  it('says fail when the threshold is crossed, even when the value improved', () => {
    const loss = decideStatus({
      metric: 'errorRate',
      value: 0.4,
      threshold: 0.3,
      maxRegression: 0,
      comparison: better,
    });
    const accuracy = decideStatus({
      metric: 'accuracy',
      value: 0.6,
      threshold: 0.7,
      maxRegression: 0,
    });

    expect(loss).toEqual({
      status: 'fail',
      message: 'errorRate 0.4 is above the threshold 0.3',
    });
    expect(accuracy.status).toBe('fail');
  });

  it('says pass without a previous version when the threshold holds', () => {
    const out = decideStatus({
      metric: 'errorRate',
      value: 0.3,
      threshold: 0.3,
      maxRegression: 0,
    });

    expect(out).toEqual({
      status: 'pass',
      message: 'no previous version to compare with',
    });
  });
});
