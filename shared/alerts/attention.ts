/** What in a run needs attention, by the triggers asked for. */
import type {
  AlertInput,
  AlertOptions,
  AlertTestStatus,
  AlertTrigger,
  Attention,
} from './types.ts';

/** The test statuses each trigger reports. */
const STATUSES_OF: Partial<Record<AlertTrigger, readonly AlertTestStatus[]>> = {
  regressions: ['regressed'],
  failures: ['fail', 'error'],
};

export function attentionOf(input: AlertInput, options: AlertOptions): Attention {
  const asked = new Set(options.triggers);
  const statuses = new Set(
    options.triggers.flatMap((trigger) => STATUSES_OF[trigger] ?? []),
  );
  const newAggressors = asked.has('new-aggressors')
    ? input.newAggressors.filter((a) => a.impact >= options.minImpact)
    : [];

  return {
    tests: input.tests.filter((test) => statuses.has(test.status)),
    runFailed: asked.has('failed-runs') && input.run.status === 'failed',
    newAggressors: [...newAggressors].sort((a, b) => a.rank - b.rank),
  };
}

/** True when there is something to send. */
export function needsAttention(attention: Attention): boolean {
  return (
    attention.runFailed ||
    attention.tests.length > 0 ||
    attention.newAggressors.length > 0
  );
}
