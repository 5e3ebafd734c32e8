import { AnalysisParameterError, CandidateInputError } from './errors.ts';
import { benjaminiHochberg } from './stats/benjamini-hochberg.ts';
import { checkSample } from './stats/check.ts';
import { mannWhitneyU } from './stats/mann-whitney.ts';
import { summarizeSample } from './stats/summary.ts';
import { welchTTestFromSummaries } from './stats/welch.ts';
import { wilsonInterval } from './stats/wilson.ts';

export { MERGE_DEFAULTS, mergeOverlapping } from './stats/merge-overlapping.ts';
export type {
  MergeCandidate,
  MergeOptions,
  MergeRecord,
  MergeResult,
} from './stats/merge-overlapping.ts';

export const SIGNIFICANCE_DEFAULTS = {
  minLossRatio: 1.2,
  alpha: 0.05,
} as const;

/** Below this many errors an error rate is given with its interval, not as a finding. */
export const FEW_POSITIVES = 10;

/** A group of samples that may be an aggressor: a cluster, or a slice of one. */
export interface CandidateGroup {
  id: string;
  /** Indexes into `losses`, each at most once. */
  memberIndexes: Int32Array | readonly number[];
  /**
   * The samples tested against the rest, when not the members (may be
   * empty: then no test, p = 1): for a cluster found with the errors, its
   * region of the embedding, so that no sample is in the tested group
   * because of its own loss. Every other figure is the members'.
   */
  testIndexes?: Int32Array | readonly number[];
}

/** The smallest group worth reporting: max(absolute, ceil(fraction x N)). */
export interface MinSupport {
  absolute: number;
  fraction: number;
}

export interface AssessCandidatesInput {
  /** Loss of every sample the groups are drawn from. */
  losses: Float64Array;
  /** Per sample whether the model was right; null outside classification. */
  correct: readonly boolean[] | null;
  groups: readonly CandidateGroup[];
  minSupport: MinSupport;
  /** Smallest loss ratio to the rest for an aggressor; default 1.2. */
  minLossRatio?: number;
  /** Largest q-value for an aggressor; default 0.05. */
  alpha?: number;
}

/** Which test gave the p-value (see docs/analysis.md). */
export type CandidateTest = 'welch-greater' | 'mann-whitney-greater' | 'none';

/** Why a loss ratio or the rest's mean is null. */
export type CandidateRatioNote = 'rest-has-zero-loss' | 'rest-is-empty';

export interface CandidateAssessment {
  id: string;
  size: number;
  /** size / number of samples. */
  share: number;
  meanLoss: number;
  /** Mean loss of the samples outside the group; null when there are none. */
  restMeanLoss: number | null;
  /** meanLoss / restMeanLoss; null with a note when the rest is empty or at zero. */
  lossRatio: number | null;
  lossRatioNote?: CandidateRatioNote;
  /** Wrong predictions in the group; null outside classification. */
  errors: number | null;
  errorRate: number | null;
  /** 95% Wilson score interval of the error rate; null outside classification. */
  errorRateInterval: [number, number] | null;
  /** Fewer than FEW_POSITIVES errors: read the rate with its interval. */
  fewPositives: boolean;
  /** The group's share of the run's excess loss, in [0, 1] (docs/analysis.md). */
  impact: number;
  test: CandidateTest;
  /** One-sided: the group's losses are higher than the rest's. */
  pValue: number;
  /** Benjamini–Hochberg over all candidates of the call. */
  qValue: number;
  /**
   * The samples the test used when they are not the members (`testIndexes`):
   * their size, loss ratio to the rest and how many are members. The support
   * and loss-ratio rules hold for them too. Null when the members were tested.
   */
  tested: TestedSamples | null;
  isAggressor: boolean;
  /** Why it is not an aggressor; empty when it is. */
  reasons: string[];
}

export interface TestedSamples {
  size: number;
  /** Null when there are none. */
  meanLoss: number | null;
  /** As the members' `lossRatio`, for the tested samples; null when there are none. */
  lossRatio: number | null;
  lossRatioNote?: CandidateRatioNote;
  /** Tested samples that are also members. */
  sharedWithMembers: number;
}

interface Options {
  minLossRatio: number;
  alpha: number;
  minSize: number;
  supportRule: string;
}

interface RunTotals {
  n: number;
  meanLoss: number;
  /** Σ max(0, loss - meanLoss) over every sample. */
  excessLoss: number;
}

type Measured = Omit<CandidateAssessment, 'qValue' | 'isAggressor' | 'reasons'>;

/**
 * Measures each candidate group against the rest of the samples and decides
 * which are aggressors: at least the minimum support, a loss ratio of at
 * least `minLossRatio`, and a q-value (Benjamini–Hochberg over all the
 * candidates given) of at most `alpha`. Candidates come back in input order,
 * each with the reasons it is not an aggressor. No groups give an empty list.
 *
 * @throws AnalysisParameterError on a bad threshold; NonFiniteValueError on a
 *   non-finite loss; CandidateInputError on a bad group or `correct` length.
 */
export function assessCandidates(input: AssessCandidatesInput): CandidateAssessment[] {
  const options = checkedOptions(input);
  checkSample(input.losses, 'losses', 1);
  checkGroups(input);
  if (input.groups.length === 0) return [];

  const totals = runTotals(input.losses);
  const measured = input.groups.map((group) => measure(group, input, totals));
  const qValues = benjaminiHochberg(measured.map((m) => m.pValue));

  return measured.map((m, i) => decide(m, qValues[i] as number, options, totals.n));
}

function checkedOptions(input: AssessCandidatesInput): Options {
  const { minLossRatio, alpha } = { ...SIGNIFICANCE_DEFAULTS, ...definedOf(input) };
  const { absolute, fraction } = input.minSupport;
  if (!Number.isSafeInteger(absolute) || absolute < 1) {
    throw new AnalysisParameterError(
      'minSupport.absolute',
      absolute,
      'an integer >= 1',
    );
  }
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new AnalysisParameterError('minSupport.fraction', fraction, 'in [0, 1]');
  }
  if (!(Number.isFinite(minLossRatio) && minLossRatio >= 1)) {
    throw new AnalysisParameterError('minLossRatio', minLossRatio, 'a number >= 1');
  }
  if (!(alpha > 0 && alpha < 1)) {
    throw new AnalysisParameterError('alpha', alpha, 'between 0 and 1 (exclusive)');
  }

  const n = input.losses.length;
  const minSize = Math.max(absolute, Math.ceil(fraction * n));
  const supportRule = `max(${absolute}, ceil(${fraction} x ${n}))`;

  return { minLossRatio, alpha, minSize, supportRule };
}

function definedOf(input: AssessCandidatesInput) {
  return Object.fromEntries(
    Object.entries({ minLossRatio: input.minLossRatio, alpha: input.alpha }).filter(
      ([, value]) => value !== undefined,
    ),
  ) as Partial<typeof SIGNIFICANCE_DEFAULTS>;
}

function checkGroups({ losses, correct, groups }: AssessCandidatesInput): void {
  if (correct !== null && correct.length !== losses.length) {
    const needed = `${losses.length} (one per loss)`;
    throw new CandidateInputError('correct.length', correct.length, needed);
  }

  const ids = new Set<string>();
  groups.forEach((group, g) => {
    if (ids.has(group.id)) {
      throw new CandidateInputError(`groups[${g}].id`, group.id, 'unique');
    }
    ids.add(group.id);
    checkMembers(
      group.memberIndexes,
      `groups[${g}] (${group.id}).memberIndexes`,
      losses.length,
    );
    if (group.testIndexes !== undefined) {
      const field = `groups[${g}] (${group.id}).testIndexes`;
      checkMembers(group.testIndexes, field, losses.length, 0);
    }
  });
}

function checkMembers(
  indexes: CandidateGroup['memberIndexes'],
  field: string,
  n: number,
  least = 1,
): void {
  if (indexes.length < least) {
    throw new CandidateInputError(field, [], 'at least one index');
  }

  const seen = new Uint8Array(n);
  for (let k = 0; k < indexes.length; k++) {
    const index = indexes[k] as number;
    if (!Number.isInteger(index) || index < 0 || index >= n || seen[index] === 1) {
      const needed = `a new integer index in [0, ${n - 1}]`;
      throw new CandidateInputError(`${field}[${k}]`, index, needed);
    }
    seen[index] = 1;
  }
}

function runTotals(losses: Float64Array): RunTotals {
  const n = losses.length;
  const meanLoss = losses.reduce((sum, loss) => sum + loss, 0) / n;
  const excessLoss = losses.reduce(
    (sum, loss) => sum + Math.max(0, loss - meanLoss),
    0,
  );

  return { n, meanLoss, excessLoss };
}

function measure(
  group: CandidateGroup,
  input: AssessCandidatesInput,
  totals: RunTotals,
): Measured {
  const { inside, outside } = splitLosses(input.losses, group.memberIndexes);
  const split =
    group.testIndexes === undefined
      ? { inside, outside }
      : splitLosses(input.losses, group.testIndexes);
  const size = inside.length;
  const meanLoss = mean(inside);
  const restMeanLoss = outside.length === 0 ? null : mean(outside);
  const groupExcess = Math.max(0, size * (meanLoss - totals.meanLoss));

  return {
    id: group.id,
    size,
    share: size / totals.n,
    meanLoss,
    restMeanLoss,
    ...lossRatioOf(meanLoss, restMeanLoss),
    ...errorsOf(group.memberIndexes, input.correct),
    impact: totals.excessLoss === 0 ? 0 : Math.min(1, groupExcess / totals.excessLoss),
    ...testAgainstRest(split.inside, split.outside),
    tested:
      group.testIndexes === undefined
        ? null
        : testedSamples(split, group.memberIndexes, group.testIndexes),
  };
}

function testedSamples(
  split: { inside: Float64Array; outside: Float64Array },
  memberIndexes: CandidateGroup['memberIndexes'],
  testIndexes: NonNullable<CandidateGroup['testIndexes']>,
): TestedSamples {
  if (split.inside.length === 0) {
    return { size: 0, meanLoss: null, lossRatio: null, sharedWithMembers: 0 };
  }
  const meanLoss = mean(split.inside);
  const restMeanLoss = split.outside.length === 0 ? null : mean(split.outside);
  const members = new Set(memberIndexes);
  let sharedWithMembers = 0;
  for (const index of testIndexes) sharedWithMembers += members.has(index) ? 1 : 0;

  return {
    size: split.inside.length,
    meanLoss,
    ...lossRatioOf(meanLoss, restMeanLoss),
    sharedWithMembers,
  };
}

function splitLosses(
  losses: Float64Array,
  memberIndexes: CandidateGroup['memberIndexes'],
) {
  const isMember = new Uint8Array(losses.length);
  for (const index of memberIndexes) isMember[index] = 1;
  const inside = new Float64Array(memberIndexes.length);
  const outside = new Float64Array(losses.length - memberIndexes.length);

  let a = 0;
  let b = 0;
  losses.forEach((loss, i) => {
    if (isMember[i] === 1) inside[a++] = loss;
    else outside[b++] = loss;
  });

  return { inside, outside };
}

function mean(values: Float64Array): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function lossRatioOf(meanLoss: number, restMeanLoss: number | null) {
  if (restMeanLoss === null) {
    return { lossRatio: null, lossRatioNote: 'rest-is-empty' as const };
  }
  if (restMeanLoss > 0) {
    return { lossRatio: meanLoss / restMeanLoss };
  }

  return meanLoss > 0
    ? { lossRatio: null, lossRatioNote: 'rest-has-zero-loss' as const }
    : { lossRatio: 1 };
}

function errorsOf(
  memberIndexes: CandidateGroup['memberIndexes'],
  correct: readonly boolean[] | null,
) {
  if (correct === null) {
    return {
      errors: null,
      errorRate: null,
      errorRateInterval: null,
      fewPositives: false,
    };
  }

  let errors = 0;
  for (const index of memberIndexes) errors += correct[index] === false ? 1 : 0;
  const size = memberIndexes.length;

  return {
    errors,
    errorRate: errors / size,
    errorRateInterval: wilsonInterval(errors, size),
    fewPositives: errors < FEW_POSITIVES,
  };
}

/**
 * Welch's one-sided t-test of the group's losses against the rest's; when
 * both are constant and differ (Welch is undefined), the Mann–Whitney U
 * test; with fewer than two samples on a side, no test and p = 1.
 */
function testAgainstRest(inside: Float64Array, outside: Float64Array) {
  if (inside.length < 2 || outside.length < 2) {
    return { test: 'none' as const, pValue: 1 };
  }

  const group = summarizeSample(inside, 'group losses');
  const rest = summarizeSample(outside, 'rest losses');
  if (group.variance + rest.variance === 0 && group.mean !== rest.mean) {
    const { pValue } = mannWhitneyU(inside, outside, 'greater');
    return { test: 'mann-whitney-greater' as const, pValue };
  }

  const { pValue } = welchTTestFromSummaries(group, rest, 'greater');
  return { test: 'welch-greater' as const, pValue };
}

function decide(
  m: Measured,
  qValue: number,
  options: Options,
  n: number,
): CandidateAssessment {
  const reasons = [
    supportReason(m, options),
    ratioReason(m, options.minLossRatio),
    m.tested && testedSupportReason(m.tested, options),
    m.tested && testedRatioReason(m.tested, options.minLossRatio),
    significanceReason(m, qValue, options.alpha, n),
  ].filter((reason): reason is string => typeof reason === 'string');

  return { ...m, qValue, isAggressor: reasons.length === 0, reasons };
}

function supportReason(m: Measured, options: Options): string | null {
  if (m.size >= options.minSize) return null;

  const rule = `${options.minSize} = ${options.supportRule}`;
  return `below minimum support (n = ${m.size} < ${rule})`;
}

/** The tested region's size against the same minimum as the members'. */
function testedSupportReason(tested: TestedSamples, options: Options): string | null {
  if (tested.size >= options.minSize) return null;

  const rule = `${options.minSize} = ${options.supportRule}`;
  return `tested region below minimum support (n = ${tested.size} < ${rule})`;
}

/** The tested region's loss ratio: the members' is raised by how they were found. */
function testedRatioReason(tested: TestedSamples, minLossRatio: number): string | null {
  if (tested.size === 0) return null;
  if (tested.lossRatioNote === 'rest-is-empty') {
    return 'no rest to compare the tested region with: it holds every sample';
  }
  if (tested.lossRatio === null || tested.lossRatio >= minLossRatio) return null;

  const ratio = shownAgainst(tested.lossRatio, minLossRatio);
  return tested.lossRatio < 1
    ? `tested region's loss ratio ${ratio}: lower than the rest`
    : `tested region's loss ratio ${ratio} within ${minLossRatio}x of the rest`;
}

function ratioReason(m: Measured, minLossRatio: number): string | null {
  if (m.lossRatioNote === 'rest-is-empty') {
    return 'no rest to compare with: the group holds every sample';
  }
  if (m.lossRatio === null || m.lossRatio >= minLossRatio) return null;

  const ratio = shownAgainst(m.lossRatio, minLossRatio);
  return m.lossRatio < 1
    ? `loss ratio ${ratio}: lower than the rest`
    : `loss ratio ${ratio} within ${minLossRatio}x of the rest`;
}

function significanceReason(
  m: Measured,
  qValue: number,
  alpha: number,
  n: number,
): string | null {
  if (m.test === 'none') {
    const what = m.tested === null ? 'group' : 'tested region';
    const size = m.tested?.size ?? m.size;
    return (
      `not tested: needs 2 samples in the ${what} and 2 in the rest ` +
      `(${what} has ${size}, rest ${n - size})`
    );
  }
  if (qValue <= alpha) return null;

  return `not significant (q = ${shownAgainst(qValue, alpha)} > ${alpha})`;
}

/**
 * The value with 2 significant digits, or more (up to 6) when rounding would
 * put it on the other side of, or onto, the limit it is compared with.
 */
function shownAgainst(value: number, limit: number): string {
  let digits = 2;
  const side = Math.sign(value - limit);
  while (digits < 6 && Math.sign(Number(value.toPrecision(digits)) - limit) !== side) {
    digits++;
  }

  return String(Number(value.toPrecision(digits)));
}
