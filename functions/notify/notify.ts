/**
 * Notify: the last step of both paths. Finalizes the run record (failed with
 * the caught error's details, or succeeded), then posts the run summary to
 * the webhook, or to the local sink when no webhook is set.
 */
import { delay } from '../../shared/aws/backoff.ts';
import type { RetryPolicy } from '../../shared/aws/backoff.ts';
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { requireManifestKey } from '../../shared/aws/manifest-key.ts';
import type { ManifestLocation } from '../../shared/aws/manifest-key.ts';
import { runErrorFromFailure } from '../../shared/aws/task-errors.ts';
import type { NotifyOutput, PipelineState } from '../../shared/pipeline/types.ts';
import { appendToLocalSink, postToWebhook } from './deliver.ts';
import { NotifyStateError } from './errors.ts';
import { finalizeRun } from './finalize-run.ts';
import type { FinalStatus } from './finalize-run.ts';
import { runSummary } from './run-summary.ts';
import type { RunSummary } from './run-summary.ts';

const DEFAULT_DELIVERY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  sleep: delay,
  random: Math.random,
};

export async function notify(
  state: PipelineState,
  deps: PipelineDeps,
  delivery: Partial<RetryPolicy> = {},
): Promise<NotifyOutput> {
  const identity = requireManifestKey(state.manifestKey);
  const final = finalStatusOf(state, identity);

  await finalizeRun(state, final, deps);
  deps.logger.info('run finalized', { runId: state.runId, status: final.status });
  const error = final.status === 'failed' ? final.error : undefined;
  const summary = runSummary(state, identity, error);
  const delivered = await deliver(summary, deps, { ...DEFAULT_DELIVERY, ...delivery });

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

async function deliver(
  summary: RunSummary,
  deps: PipelineDeps,
  policy: RetryPolicy,
): Promise<boolean> {
  const { webhookUrl, localSinkDir } = deps.config;
  if (webhookUrl)
    return postToWebhook(deps.fetch, webhookUrl, summary, policy, deps.logger);
  if (localSinkDir) return appendToLocalSink(localSinkDir, summary, deps.logger);

  deps.logger.info('no alert destination configured', { runId: summary.runId });
  return false;
}
