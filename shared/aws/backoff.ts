/** Jittered exponential backoff shared by the adapters that retry. */

export interface BackoffOptions {
  /** Upper bound of the first wait, in milliseconds. */
  baseMs: number;
  /** No wait is longer than this, in milliseconds. */
  capMs: number;
}

/**
 * How a call is retried: how many attempts, how long to wait between them,
 * and the clock and random source (injected so tests need not wait).
 */
export interface RetryPolicy {
  /** Calls in all, the first included. */
  maxAttempts: number;
  /** Upper bound of the first wait, in milliseconds. */
  baseDelayMs: number;
  /** No wait is longer than this, in milliseconds. */
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/**
 * "Full jitter": a uniformly random wait between 0 and
 * min(capMs, baseMs x 2^(attempt-1)), for attempt 1, 2, ...
 */
export function backoffMs(
  attempt: number,
  random: () => number,
  { baseMs, capMs }: BackoffOptions,
): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)));
}

/** Waits the policy's jittered backoff after the given failed attempt (1, 2, ...). */
export async function waitBeforeRetry(
  attempt: number,
  policy: RetryPolicy,
): Promise<void> {
  const bounds = { baseMs: policy.baseDelayMs, capMs: policy.maxDelayMs };

  await policy.sleep(backoffMs(attempt, policy.random, bounds));
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
