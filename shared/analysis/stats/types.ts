/**
 * Which difference a test looks for: any ('two-sided'), or the first sample
 * larger than the second ('greater').
 */
export type Alternative = 'two-sided' | 'greater';

export interface WelchResult {
  /** (mean x - mean y) / standard error. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom (fractional). */
  df: number;
  pValue: number;
}

export interface MannWhitneyResult {
  /** U of the first sample: pairs where x beats y, a tie counting one half. */
  u: number;
  /** Normal approximation with tie and continuity corrections, signed toward x > y. */
  z: number;
  pValue: number;
}

export interface GTestResult {
  /** 2 Σ O ln(O / E), divided by Williams' q when corrected. */
  g: number;
  /** (rows - 1)(columns - 1). */
  df: number;
  pValue: number;
  /** Williams' q (1 when not corrected). */
  williamsQ: number;
}
