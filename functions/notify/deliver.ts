/**
 * Delivering a run summary: POST to a webhook, retrying 5xx, 429 and
 * network errors with jittered backoff; or, locally, appending a JSON line
 * to <localSinkDir>/alerts.jsonl. Delivery never throws: a failure is
 * logged and reported as not delivered.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { waitBeforeRetry } from '../../shared/aws/backoff.ts';
import type { RetryPolicy } from '../../shared/aws/backoff.ts';
import type { Logger } from '../../shared/logger.ts';

export const LOCAL_SINK_FILE = 'alerts.jsonl';

export async function postToWebhook(
  fetchFn: typeof fetch,
  url: string,
  body: unknown,
  policy: RetryPolicy,
  logger: Logger,
): Promise<boolean> {
  const request = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };

  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    const outcome = await postOnce(fetchFn, url, request);
    if (outcome.delivered) return true;
    logger.warn('webhook delivery failed', { attempt, reason: outcome.reason });
    if (!outcome.retryable) return false;
    if (attempt < policy.maxAttempts) await waitBeforeRetry(attempt, policy);
  }

  return false;
}

type PostOutcome =
  { delivered: true } | { delivered: false; retryable: boolean; reason: string };

async function postOnce(
  fetchFn: typeof fetch,
  url: string,
  request: RequestInit,
): Promise<PostOutcome> {
  try {
    const response = await fetchFn(url, request);
    if (response.ok) return { delivered: true };

    const retryable = response.status >= 500 || response.status === 429;
    return { delivered: false, retryable, reason: `HTTP ${response.status}` };
  } catch (error) {
    return {
      delivered: false,
      retryable: true,
      reason: (error as Error)?.message ?? String(error),
    };
  }
}

/** Appends the summary as one JSON line; creates the folder if needed. */
export async function appendToLocalSink(
  dir: string,
  body: unknown,
  logger: Logger,
): Promise<boolean> {
  try {
    await mkdir(dir, { recursive: true });
    await appendFile(join(dir, LOCAL_SINK_FILE), JSON.stringify(body) + '\n', 'utf-8');

    return true;
  } catch (error) {
    logger.error('local alert sink failed', { dir, reason: (error as Error)?.message });
    return false;
  }
}
