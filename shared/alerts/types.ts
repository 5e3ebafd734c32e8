/**
 * What an alert is built from and what it becomes. The input is a run's
 * outcome as the alert needs it: no AWS, no storage formats; functions/notify
 * adapts the run record, the tests result and the aggressors to it.
 */

/** What may make a run worth a message; `alertTriggers` lists them. */
export type AlertTrigger =
  'regressions' | 'failures' | 'new-aggressors' | 'failed-runs';

/** A saved test's status, as the tracking step reports it. */
export type AlertTestStatus =
  'pass' | 'fail' | 'regressed' | 'improved' | 'not-applicable' | 'error';

/** One saved test's result in this run. */
export interface AlertTestResult {
  name: string;
  status: AlertTestStatus;
  /** Name of the metric (mean loss, error rate, accuracy); absent when unknown. */
  metric?: string;
  /** The metric on the test's members in this run; null when not computed. */
  value: number | null;
  /** In the previous version; null when there is none. */
  previousValue: number | null;
  /** value - previousValue, with its confidence interval. */
  difference: number | null;
  interval: [number, number] | null;
  /** Why the evaluation failed or the test failed (status error or fail). */
  reason?: string;
}

/** An aggressor of this run that matches none of the previous version's. */
export interface AlertAggressor {
  id: string;
  rank: number;
  size: number;
  /** Its share of the run's excess loss, in [0, 1]. */
  impact: number;
  meanLoss: number;
  lossRatio: number | null;
  errorRate: number | null;
  hypothesis: string;
  /** Worst member ids; sent only when sample content is allowed. */
  worstSampleIds: string[];
}

export interface AlertRun {
  runId: string;
  project: string;
  modelVersion: string;
  status: 'succeeded' | 'failed';
  /** Null when the run failed or the task has no accuracy. */
  accuracy: number | null;
  /** The failed run's error message. */
  error?: string;
  /** Where its results are (an HTML report), when known. */
  reportUrl?: string;
  /** When reportUrl stops working (ISO 8601): it is a presigned URL. */
  reportUrlExpiresAt?: string;
  /** The model version the tests and aggressors were compared with, when any. */
  previousModelVersion?: string;
}

/** Everything one run's alert may say. */
export interface AlertInput {
  run: AlertRun;
  tests: AlertTestResult[];
  /** The run's new aggressors (high severity or not: the builder filters). */
  newAggressors: AlertAggressor[];
}

export interface AlertOptions {
  /** What makes a run worth a message; default: all of them. */
  triggers: readonly AlertTrigger[];
  /** A new aggressor is high severity from this impact on, in [0, 1]. */
  minImpact: number;
  /** Sample ids go into messages only when true. */
  includeSamples: boolean;
}

/**
 * What needs attention in a run, by the triggers asked for: nothing flagged
 * means send nothing.
 */
export interface Attention {
  /** Tests regressed (`regressions`), failed or errored (`failures`). */
  tests: AlertTestResult[];
  /** The run itself failed (the `failed-runs` trigger). */
  runFailed: boolean;
  /** New high-severity aggressors (the `new-aggressors` trigger). */
  newAggressors: AlertAggressor[];
}

export type SlackTextObject = { type: 'plain_text' | 'mrkdwn'; text: string };

export type SlackBlock =
  | { type: 'header'; text: SlackTextObject }
  | { type: 'section'; text?: SlackTextObject; fields?: SlackTextObject[] }
  | { type: 'context'; elements: SlackTextObject[] }
  | { type: 'divider' };

/** The body of a Slack incoming-webhook post. */
export interface SlackMessage {
  /** Shown in notifications and where blocks cannot be. */
  text: string;
  blocks: SlackBlock[];
}

/** The body of a generic webhook post; documented in docs/notifications.md. */
export interface WebhookBody {
  schemaVersion: 1;
  /** The same for every delivery of this run's alert: drop repeats by it. */
  deliveryId: string;
  /** run.failed: the run itself failed; run.attention: tests or aggressors. */
  event: 'run.attention' | 'run.failed';
  run: AlertRun;
  /** Tests regressed, failed or errored, as the triggers asked. */
  tests: AlertTestResult[];
  /** New high-severity aggressors. */
  newAggressors: AlertAggressor[];
  /** The one-line summary, as Slack's top-level text. */
  text: string;
}
