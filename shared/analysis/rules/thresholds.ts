/**
 * Thresholds t for `value <= t` / `value > t` at the quantiles of `bins`
 * equal bins of the values (sorted ascending, no NaN). Each cut falls
 * between a quantile value and the next larger value, at the roundest
 * number there, so thresholds read like 5000 rather than 4987.25. Cuts that
 * split the values the same way are given once.
 */
export function quantileThresholds(sorted: Float64Array, bins: number): number[] {
  const m = sorted.length;
  const thresholds: number[] = [];
  let lastLow = NaN;
  for (let b = 1; b < bins; b++) {
    const low = sorted[Math.max(0, Math.ceil((b * m) / bins) - 1)] as number;
    const high = nextLarger(sorted, low);
    if (high !== undefined && low !== lastLow) {
      thresholds.push(roundThreshold(low, high));
      lastLow = low;
    }
  }

  return thresholds;
}

/**
 * The number with the fewest significant digits in [low, high): a threshold
 * that splits the values exactly as `low` does.
 */
export function roundThreshold(low: number, high: number): number {
  const scale = Math.max(Math.abs(low), Math.abs(high), 1e-300);

  for (let exp = Math.ceil(Math.log10(scale)) + 1; exp >= -15; exp--) {
    const t = roundUp(low, exp);
    if (t >= low && t < high) {
      return t;
    }
  }

  return low;
}

/** low rounded up to a multiple of 10^exp. */
function roundUp(low: number, exp: number): number {
  const guard = 1e-9;

  return exp >= 0
    ? Math.ceil(low / 10 ** exp - guard) * 10 ** exp
    : Math.ceil(low * 10 ** -exp - guard) / 10 ** -exp;
}

function nextLarger(sorted: Float64Array, value: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= value) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }

  return sorted[lo];
}
