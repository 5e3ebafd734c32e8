/**
 * Posting one alert with retries: 5xx, 408, 429 and network errors are
 * retried with jittered backoff, or after exactly the wait a `Retry-After`
 * header asks for; any other answer ends it (400, 403, 404, 410: the URL or
 * the message is wrong, repeating cannot help). Attempts are bounded, and a
 * Retry-After longer than the policy allows ends it too. Never throws: the
 * outcome says what happened.
 */
import { backoffMs } from '../aws/backoff.ts';
import type { Logger } from '../logger.ts';
import { retryAfterMs } from './retry-after.ts';

export interface DeliveryPolicy {
  /** Posts in all, the first included. */
  maxAttempts: number;
  /** Upper bound of the first backoff, in milliseconds. */
  baseDelayMs: number;
  /** No backoff is longer than this, in milliseconds. */
  maxDelayMs: number;
  /** A Retry-After asking for more than this ends the delivery, in milliseconds. */
  maxRetryAfterMs: number;
  /** One post is abandoned after this, in milliseconds (then retried). */
  attemptTimeoutMs: number;
  /** No wait starts that would end past this, from the first post, in milliseconds. */
  budgetMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  nowEpochMs: () => number;
  fetch: typeof fetch;
}

export interface AlertRequest {
  url: string;
  body: string;
  /** The headers of one attempt, made when it is sent (a signature is timed). */
  headersAt: (nowEpochMs: number) => Record<string, string>;
}

export interface DeliveryOutcome {
  delivered: boolean;
  attempts: number;
  /** The last answer's HTTP status; null after a network error. */
  httpStatus: number | null;
  /** Why it was not delivered; null when delivered. */
  reason: string | null;
}

interface Failed {
  ok: false;
  status: number | null;
  reason: string;
  /** What Retry-After asked for, when it did. */
  waitMs?: number;
  retryable: boolean;
}

type Attempt = { ok: true; status: number } | Failed;

export async function postWithRetry(
  request: AlertRequest,
  policy: DeliveryPolicy,
  logger: Logger,
): Promise<DeliveryOutcome> {
  const startEpochMs = policy.nowEpochMs();

  for (let attempt = 1; ; attempt += 1) {
    const answer = await postOnce(request, policy);
    if (answer.ok) return delivered(answer.status, attempt);
    logger.warn('alert delivery failed', {
      attempt,
      status: answer.status,
      reason: answer.reason,
    });
    const wait = waitBeforeNext(answer, attempt, policy, startEpochMs);
    if (typeof wait === 'string') return notDelivered(answer.status, attempt, wait);

    await policy.sleep(wait);
  }
}

/** How long to wait before the next attempt, or why there is none. */
function waitBeforeNext(
  answer: Failed,
  attempt: number,
  policy: DeliveryPolicy,
  startEpochMs: number,
): number | string {
  if (!answer.retryable) return `${answer.reason}, not retried`;
  if (attempt >= policy.maxAttempts) {
    return `${answer.reason} after ${attempt} attempts`;
  }
  if (answer.waitMs !== undefined && answer.waitMs > policy.maxRetryAfterMs) {
    return (
      `${answer.reason}, Retry-After asks for ${answer.waitMs} ms, more than the ` +
      `${policy.maxRetryAfterMs} ms allowed`
    );
  }

  const waitMs =
    answer.waitMs ?? backoffMs(attempt, policy.random, backoffBounds(policy));
  const elapsedMs = policy.nowEpochMs() - startEpochMs;
  if (elapsedMs + waitMs > policy.budgetMs) {
    return `${answer.reason}, no time left to retry within ${policy.budgetMs} ms`;
  }

  return waitMs;
}

async function postOnce(
  request: AlertRequest,
  policy: DeliveryPolicy,
): Promise<Attempt> {
  try {
    const response = await policy.fetch(request.url, {
      method: 'POST',
      headers: request.headersAt(policy.nowEpochMs()),
      body: request.body,
      signal: AbortSignal.timeout(policy.attemptTimeoutMs),
    });
    const text = await response.text().catch(() => '');
    if (response.ok) return { ok: true, status: response.status };

    return failedAnswer(response, text, policy.nowEpochMs());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A URL is a credential (Slack's holds its token): fetch's message may quote it.
    const reason = message.split(request.url).join('<destination URL>');
    return { ok: false, status: null, reason, retryable: true };
  }
}

/** Of the answer's body, this much goes into the reason (Slack says what it refused). */
const REASON_BODY_CHARS = 200;

function failedAnswer(response: Response, text: string, nowEpochMs: number): Failed {
  const status = response.status;
  const said = text.trim().replace(/\s+/g, ' ').slice(0, REASON_BODY_CHARS);
  const retryable = status >= 500 || status === 429 || status === 408;
  const waitMs = retryable
    ? retryAfterMs(response.headers.get('retry-after'), nowEpochMs)
    : undefined;

  return {
    ok: false,
    status,
    reason: `HTTP ${status}` + (said ? `: ${said}` : ''),
    retryable,
    ...(waitMs === undefined ? {} : { waitMs }),
  };
}

function backoffBounds(policy: DeliveryPolicy) {
  return { baseMs: policy.baseDelayMs, capMs: policy.maxDelayMs };
}

function delivered(httpStatus: number, attempts: number): DeliveryOutcome {
  return { delivered: true, attempts, httpStatus, reason: null };
}

function notDelivered(
  httpStatus: number | null,
  attempts: number,
  reason: string,
): DeliveryOutcome {
  return { delivered: false, attempts, httpStatus, reason };
}
