/** Jittered exponential backoff shared by the adapters that retry. */

export interface BackoffOptions {
  /** Upper bound of the first wait, in milliseconds. */
  baseMs: number;
  /** No wait is longer than this, in milliseconds. */
  capMs: number;
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

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
