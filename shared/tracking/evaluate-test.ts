/**
 * One saved test on one run: its members, the metric on them, the previous
 * version's value, the difference with a bootstrap interval and the status.
 * A test that cannot be evaluated is an `error` result, never a pass.
 */
import { bootstrapDifference, type BootstrapOptions } from './bootstrap.ts';
import { membersOf } from './members.ts';
import { mean, metricValues } from './metric.ts';
import { decideStatus } from './status.ts';
import type { ReferenceEmbeddings, TrackedRun } from './tracked-run.ts';
import type { AggressorTest, TestResult } from './types.ts';

export interface EvaluationContext {
  current: TrackedRun;
  /** The project's last succeeded run before this one; null when none. */
  previous: TrackedRun | null;
  /** Required by region tests. */
  reference?: ReferenceEmbeddings;
  bootstrap?: BootstrapOptions;
}

export function evaluateTest(
  test: AggressorTest,
  context: EvaluationContext,
): TestResult {
  try {
    return evaluate(test, context);
  } catch (error) {
    return {
      ...blankResult(test),
      status: 'error',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The result of a test whose file could not be read. */
export function unreadableTestResult(name: string, error: unknown): TestResult {
  return {
    name,
    metric: null,
    membership: null,
    status: 'error',
    value: null,
    savedValue: null,
    previousValue: null,
    difference: null,
    interval: null,
    members: 0,
    previousMembers: null,
    maxRegression: null,
    threshold: null,
    message: error instanceof Error ? error.message : String(error),
  };
}

function evaluate(test: AggressorTest, context: EvaluationContext): TestResult {
  const { current, previous, reference } = context;
  const found = membersOf(test.name, test.membership, current, reference);
  if (found.samples.length === 0) {
    return { ...blankResult(test), status: 'not-applicable', message: found.reason };
  }

  const values = metricValues(test.metric, found.samples);
  const value = mean(values);
  const before = previousValues(test, previous, reference);
  const comparison =
    before.values === undefined
      ? undefined
      : bootstrapDifference(values, before.values, context.bootstrap);
  const decision = decideStatus({ ...test, value, comparison });

  return {
    ...blankResult(test),
    status: decision.status,
    value,
    previousValue: before.values === undefined ? null : mean(before.values),
    difference: comparison?.difference ?? null,
    interval: comparison?.interval ?? null,
    members: values.length,
    previousMembers: before.values?.length ?? (previous === null ? null : 0),
    message:
      before.note === undefined
        ? decision.message
        : `${decision.message}; ${before.note}`,
  };
}

/** The metric's per-member values in the previous version, or why there are none. */
function previousValues(
  test: AggressorTest,
  previous: TrackedRun | null,
  reference: ReferenceEmbeddings | undefined,
): { values?: Float64Array; note?: string } {
  if (previous === null) return {};
  if (test.membership.kind === 'rule' && !previous.hasMetadata) {
    return {
      note: `the metadata of previous run ${previous.runId} is no longer available`,
    };
  }

  const found = membersOf(test.name, test.membership, previous, reference);
  if (found.samples.length === 0) return { note: found.reason };

  return { values: metricValues(test.metric, found.samples) };
}

function blankResult(test: AggressorTest): TestResult {
  return {
    name: test.name,
    metric: test.metric,
    membership: test.membership.kind,
    status: 'error',
    value: null,
    savedValue: test.savedValue,
    previousValue: null,
    difference: null,
    interval: null,
    members: 0,
    previousMembers: null,
    maxRegression: test.maxRegression,
    threshold: test.threshold ?? null,
  };
}
