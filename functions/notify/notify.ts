/**
 * Notify: the last step of both paths. Finalizes the run record (failed with
 * the caught error's details, or succeeded), then, when something in the
 * run needs attention, sends one alert to each destination: Slack, a signed
 * generic webhook, or locally the sink. A run that needs no attention sends
 * nothing. Delivery never fails the step: an alert that could not be sent is
 * recorded and logged.
 */
import { alertFor } from '../../shared/alerts/alert.ts';
import type { DeliveryPolicy } from '../../shared/alerts/post-with-retry.ts';
import { DEFAULT_ALERT_OPTIONS } from '../../shared/alerts/triggers.ts';
import type { AlertOptions } from '../../shared/alerts/types.ts';
import { delay } from '../../shared/aws/backoff.ts';
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { requireManifestKey } from '../../shared/aws/manifest-key.ts';
import type { ManifestLocation } from '../../shared/aws/manifest-key.ts';
import { runErrorFromFailure } from '../../shared/aws/task-errors.ts';
import type { NotifyOutput, PipelineState } from '../../shared/pipeline/types.ts';
import { alertInputOf } from './alert-input.ts';
import { destinationsOf } from './destinations.ts';
import { NotifyStateError } from './errors.ts';
import { finalizeRun } from './finalize-run.ts';
import type { FinalStatus } from './finalize-run.ts';
import { sendAlert } from './send-alert.ts';

/**
 * Bounded so that every destination, posted in parallel, ends well inside
 * Notify's one-minute timeout and the delivery record's lease.
 */
const DEFAULT_DELIVERY = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 10_000,
  attemptTimeoutMs: 8_000,
  budgetMs: 40_000,
  sleep: delay,
  random: Math.random,
} satisfies Partial<DeliveryPolicy>;

export async function notify(
  state: PipelineState,
  deps: PipelineDeps,
  delivery: Partial<DeliveryPolicy> = {},
): Promise<NotifyOutput> {
  const identity = requireManifestKey(state.manifestKey);
  const final = finalStatusOf(state, identity);

  await finalizeRun(state, final, deps);
  deps.logger.info('run finalized', { runId: state.runId, status: final.status });
  const delivered = await alertIfNeeded(state, final, deps, delivery).catch(
    (error: unknown) => {
      // The run is finalized: an alert that cannot be built or claimed must not
      // send it down the failure path, which would mark it failed.
      deps.logger.error('alert not sent', {
        runId: state.runId,
        reason: error instanceof Error ? error.message : String(error),
      });
      return false;
    },
  );

  return { status: final.status, delivered };
}

/** Failed with the caught error's details, or succeeded with Analyze's results. */
function finalStatusOf(state: PipelineState, identity: ManifestLocation): FinalStatus {
  if (state.failure) {
    return { ...identity, status: 'failed', error: runErrorFromFailure(state.failure) };
  }
  if (state.analyzed === undefined) {
    throw new NotifyStateError(state.runId, '$.analyzed');
  }

  return { ...identity, status: 'succeeded', analyzed: state.analyzed };
}

/** True when every destination has the alert, now or from an earlier attempt. */
async function alertIfNeeded(
  state: PipelineState,
  final: FinalStatus,
  deps: PipelineDeps,
  delivery: Partial<DeliveryPolicy>,
): Promise<boolean> {
  const options: AlertOptions = { ...DEFAULT_ALERT_OPTIONS, ...deps.config.alerts };
  const input = await alertInputOf(state, final, deps, options.includeSamples);
  const alert = alertFor(input, options);
  if (alert === undefined) {
    deps.logger.info('nothing needs attention, no alert sent', { runId: state.runId });
    return false;
  }
  const destinations = destinationsOf(deps.config);
  if (destinations.length === 0) {
    deps.logger.info('no alert destination configured', { runId: state.runId });
    return false;
  }

  const policy = {
    ...DEFAULT_DELIVERY,
    nowEpochMs: deps.nowEpochMs,
    fetch: deps.fetch,
    ...delivery,
  };
  const results = await Promise.all(
    destinations.map((d) => sendAlert(alert, d, state.runId, deps, policy)),
  );
  return results.every((result) => result !== 'failed');
}
