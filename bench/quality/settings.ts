/**
 * The benchmark's rules, fixed before the evaluation seeds were run
 * (docs/benchmarks.md). Change them only with the tuning seeds.
 */

/** The three slice kinds of dcbench. */
export const SLICE_KINDS = ['noisy-label', 'rare', 'correlation'] as const;
export type SliceKind = (typeof SLICE_KINDS)[number];

/** Seeds used while building and tuning the benchmark; never reported as the score. */
export const TUNING_SEEDS: readonly number[] = [1, 2, 3];
/** Seeds the reported figures come from. */
export const EVALUATION_SEEDS: readonly number[] = [1001, 1002, 1003];

/** Share of a slice's members whose label is flipped or prediction degraded. */
export const STRENGTHS: readonly number[] = [0.2, 0.4, 0.6];

/** The synthetic model errs on this share of every sample, slice or not. */
export const BASE_ERROR_RATE = 0.05;

/** A plant took when the slice's error rate is at least this multiple of the rest's. */
export const TOOK_ERROR_RATIO = 1.5;

/** A slice is found when its precision at 10 reaches this. */
export const FOUND_PRECISION_AT_10 = 0.8;

/** How many of a method's top-ranked aggressors are tried per slice. */
export const TOP_AGGRESSORS = 5;

/** Sender-domain sizes (e-mails in the evaluation split) each kind draws from. */
export const GROUP_SIZES = {
  'noisy-label': { min: 40, max: 160 },
  rare: { min: 25, max: 39 },
} as const;

/** The metadata field whose groups noisy-label and rare plants use. */
export const GROUP_FIELD = 'senderDomain';

/** Boolean fields a spurious correlation may be planted on. */
export const CORRELATION_FIELDS: readonly string[] = [
  'html',
  'mailingList',
  'multipart',
];
