/**
 * The wait a `Retry-After` header asks for (RFC 9110, 10.2.3): a number of
 * seconds, or an HTTP date (`Thu, 03 Dec 2026 20:01:30 GMT`). Undefined when absent or unreadable; a date in
 * the past means no wait.
 */
export function retryAfterMs(
  header: string | null,
  nowEpochMs: number,
): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const dateEpochMs = /^[A-Za-z]{3},/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(dateEpochMs)) return undefined;

  return Math.max(dateEpochMs - nowEpochMs, 0);
}
