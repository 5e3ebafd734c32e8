/**
 * Notify: the last step of both paths. Finalizes the run record (failed with
 * the caught error's details, or succeeded), then posts the run summary to
 * the webhook, or to the local sink when no webhook is set.
 */
import { delay } from '../../shared/aws/backoff.ts';
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { requireManifestKey } from '../../shared/aws/manifest-key.ts';
import { runErrorFromFailure } from '../../shared/aws/task-errors.ts';
import type { NotifyOutput, PipelineState } from '../../shared/pipeline/types.ts';
import { appendToLocalSink, postToWebhook } from './deliver.ts';
import type { DeliveryPolicy } from './deliver.ts';
import { finalizeRun } from './finalize-run.ts';
import { runSummary } from './run-summary.ts';
import type { RunSummary } from './run-summary.ts';

const DEFAULT_DELIVERY: DeliveryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  sleep: delay,
  random: Math.random,
};

export async function notify(
  state: PipelineState,
  deps: PipelineDeps,
  delivery: Partial<DeliveryPolicy> = {},
): Promise<NotifyOutput> {
  const identity = requireManifestKey(state.manifestKey);
  const error = state.failure ? runErrorFromFailure(state.failure) : undefined;
  const status = error ? 'failed' : 'succeeded';

  await finalizeRun(state, { ...identity, status, error }, deps);
  deps.logger.info('run finalized', { runId: state.runId, status });
  const summary = runSummary(state, identity, error);
  const delivered = await deliver(summary, deps, { ...DEFAULT_DELIVERY, ...delivery });

  return { status, delivered };
}

async function deliver(
  summary: RunSummary,
  deps: PipelineDeps,
  policy: DeliveryPolicy,
): Promise<boolean> {
  const { webhookUrl, localSinkDir } = deps.config;
  if (webhookUrl)
    return postToWebhook(deps.fetch, webhookUrl, summary, policy, deps.logger);
  if (localSinkDir) return appendToLocalSink(localSinkDir, summary, deps.logger);

  deps.logger.info('no alert destination configured', { runId: summary.runId });
  return false;
}
