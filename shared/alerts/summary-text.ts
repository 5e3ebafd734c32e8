/** The one-line summary of an alert: Slack's top-level text and the webhook's `text`. */
import type { AlertRun, Attention } from './types.ts';

export function summaryText(run: AlertRun, attention: Attention): string {
  const subject = `aggressors: ${run.project} ${run.modelVersion}`;
  if (attention.runFailed)
    return `${subject}: the run failed: ${run.error ?? 'no reason given'}`;

  return `${subject} needs attention: ${attentionPhrases(attention).join(', ')}`;
}

/** "1 test regressed", "2 tests failed", "3 new high-severity aggressors". */
export function attentionPhrases(attention: Attention): string[] {
  const counts = new Map<string, number>();
  for (const test of attention.tests) {
    counts.set(test.status, (counts.get(test.status) ?? 0) + 1);
  }
  const phrases = [...counts].map(([status, count]) => testsPhrase(count, status));
  const fresh = attention.newAggressors.length;
  if (fresh > 0) {
    phrases.push(
      `${fresh} new high-severity ${fresh === 1 ? 'aggressor' : 'aggressors'}`,
    );
  }

  return phrases;
}

const VERB_OF: Record<string, string> = {
  regressed: 'regressed',
  fail: 'failed',
  error: 'could not be evaluated',
};

function testsPhrase(count: number, status: string): string {
  return `${count} ${count === 1 ? 'test' : 'tests'} ${VERB_OF[status] ?? status}`;
}
