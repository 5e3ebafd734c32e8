import { AnalysisParameterError } from './errors.ts';
import type { KChoice } from './types.ts';

/** Fewest clusters the rule picks. */
export const MIN_RULE_K = 2;
/** Most clusters the rule picks. */
export const MAX_RULE_K = 30;

/**
 * The number of clusters for n samples. Without a request:
 * round(sqrt(n / 10)) within [2, 30] (17 for 3,000 samples: clusters of
 * about 180 on average, so a tight group of a few per cent of the run is
 * not merged into a large one); with n >= 2 this never exceeds n. A request above n is clamped
 * to n, with the reason recorded.
 */
export function chooseK(n: number, requested?: number): KChoice {
  if (!Number.isInteger(n) || n < 2) {
    throw new AnalysisParameterError('n', n, 'an integer >= 2');
  }
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
    throw new AnalysisParameterError('k', requested, 'a positive integer');
  }

  if (requested !== undefined) {
    return requested > n
      ? { k: n, reason: `requested k = ${requested} clamped to the ${n} samples` }
      : { k: requested, reason: `requested k = ${requested}` };
  }
  const byRule = Math.round(Math.sqrt(n / 10));
  const k = Math.max(MIN_RULE_K, Math.min(MAX_RULE_K, byRule));

  return {
    k,
    reason:
      `rule: k = clamp(round(sqrt(n / 10)), ${MIN_RULE_K}, ${MAX_RULE_K}) ` +
      `with n = ${n}`,
  };
}
