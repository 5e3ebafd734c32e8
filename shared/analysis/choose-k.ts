import { AnalysisParameterError } from './errors.ts';
import type { KChoice } from './types.ts';

/** Fewest clusters chosen. */
export const MIN_RULE_K = 2;
/** Most clusters chosen. */
export const MAX_RULE_K = 30;

/** Samples per cluster squared: k = round(sqrt(n / SAMPLES_SCALE)). */
export const SAMPLES_SCALE = 20;

export interface KBounds {
  min: number;
  max: number;
}

export interface SelectKInput {
  /** Samples clustered. */
  n: number;
  /** Smallest group that can be an aggressor. */
  minSupport: number;
  /** Fewest clusters worth making; default 2. */
  minK?: number;
  /** A k asked for: used as is (clamped to n). */
  requested?: number;
}

/**
 * The allowed k: from max(2, minK) to min(30, floor(n / minSupport)), never
 * above n; when they cross, the upper end wins. More groups than
 * n / minSupport would leave the average group below the minimum support.
 */
export function kBounds(n: number, minSupport: number, minK = MIN_RULE_K): KBounds {
  checkedCount('n', n, 2);
  checkedCount('minSupport', minSupport, 1);
  checkedCount('minK', minK, 1);

  const max = Math.min(
    n,
    Math.max(MIN_RULE_K, Math.min(MAX_RULE_K, Math.floor(n / minSupport))),
  );
  const min = Math.min(Math.max(MIN_RULE_K, minK), max);
  return { min, max };
}

/**
 * The number of clusters for a run: round(sqrt(n / 40)) within `kBounds`
 * (9 for 3,000 samples), or the k requested (clamped to n).
 * docs/analysis.md, "Choosing k", says why.
 */
export function selectK(input: SelectKInput): KChoice {
  const { n, requested } = input;
  const bounds = kBounds(n, input.minSupport, input.minK);
  if (requested !== undefined) {
    return chooseK(n, requested);
  }

  const byRule = Math.round(Math.sqrt(n / SAMPLES_SCALE));
  const k = Math.max(bounds.min, Math.min(bounds.max, byRule));
  return {
    k,
    reason:
      `rule: k = clamp(round(sqrt(n / ${SAMPLES_SCALE})), ${bounds.min}, ` +
      `${bounds.max}) with n = ${n}, minimum support ${input.minSupport}`,
  };
}

/**
 * The v1 rule: round(sqrt(n / 10)) within [2, 30] (17 for 3,000 samples);
 * with n >= 2 this never exceeds n. A request is kept; one above n is
 * clamped to n, with the reason recorded. `analyzeRun` uses `selectK`.
 */
export function chooseK(n: number, requested?: number): KChoice {
  checkedCount('n', n, 2);
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
    throw new AnalysisParameterError('k', requested, 'a positive integer');
  }

  if (requested !== undefined) {
    return requested > n
      ? { k: n, reason: `requested k = ${requested} clamped to the ${n} samples` }
      : { k: requested, reason: `requested k = ${requested}` };
  }
  return {
    k: Math.max(MIN_RULE_K, Math.min(MAX_RULE_K, ruleK(n))),
    reason:
      `rule: k = clamp(round(sqrt(n / 10)), ${MIN_RULE_K}, ${MAX_RULE_K}) ` +
      `with n = ${n}`,
  };
}

function ruleK(n: number): number {
  return Math.round(Math.sqrt(n / 10));
}

function checkedCount(name: string, value: number, least: number): void {
  if (!Number.isInteger(value) || value < least) {
    throw new AnalysisParameterError(name, value, `an integer >= ${least}`);
  }
}
