/**
 * A test's status from its value, the previous version's and the interval
 * of the difference (docs/tracking.md, "Statuses"). An absolute threshold
 * crossed is `fail` whatever the comparison says.
 */
import { higherIsBetter } from './metric.ts';
import type { TestMetric, TestStatus } from './types.ts';

export interface StatusInput {
  metric: TestMetric;
  value: number;
  threshold?: number;
  maxRegression: number;
  /** Absent when there is no previous version with members. */
  comparison?: { difference: number; interval: [number, number] };
}

export interface StatusDecision {
  status: Extract<TestStatus, 'pass' | 'fail' | 'regressed' | 'improved'>;
  message: string;
}

export function decideStatus(input: StatusInput): StatusDecision {
  const { metric, value, threshold, maxRegression, comparison } = input;
  const sign = higherIsBetter(metric) ? -1 : 1;
  const words = higherIsBetter(metric) ? 'below' : 'above';

  if (threshold !== undefined && sign * (value - threshold) > 0) {
    return {
      status: 'fail',
      message: `${metric} ${shown(value)} is ${words} the threshold ${threshold}`,
    };
  }
  if (comparison === undefined) {
    return { status: 'pass', message: 'no previous version to compare with' };
  }

  const worsening = sign * comparison.difference;
  const [low, high] = comparison.interval
    .map((end) => sign * end)
    .sort((a, b) => a - b);
  if (worsening > maxRegression && (low as number) > 0) {
    return {
      status: 'regressed',
      message: `${metric} worse by ${shown(Math.abs(comparison.difference))} (allowed ${maxRegression}), interval excludes 0`,
    };
  }
  if (worsening < 0 && (high as number) < 0) {
    return {
      status: 'improved',
      message: `${metric} better by ${shown(Math.abs(comparison.difference))}, interval excludes 0`,
    };
  }

  return {
    status: 'pass',
    message: 'within the allowed regression or not significant',
  };
}

/** A figure as a message shows it: 3 significant digits. */
function shown(value: number): number {
  return Number(value.toPrecision(3));
}
