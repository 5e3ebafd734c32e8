import { checkSample } from './check.ts';
import type { Values } from './check.ts';

/** Size, mean and unbiased variance (divisor n - 1) of a sample. */
export interface SampleSummary {
  n: number;
  mean: number;
  variance: number;
}

/**
 * Summarises a sample of at least two finite values, in two passes (the
 * mean, then the squared deviations from it) so that large offsets do not
 * swallow a small spread.
 */
export function summarizeSample(values: Values, field: string): SampleSummary {
  checkSample(values, field, 2);

  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((values[i] as number) - mean) ** 2;

  return { n, mean, variance: squares / (n - 1) };
}
