import type { Density } from './density.ts';
import { AnalysisParameterError } from './errors.ts';
import { checkRowIndices } from './matrix-checks.ts';

export type ActionKind = 'relabel' | 'remove-noise' | 'collect-more' | 'augment';

/** What to do about an aggressor, why, and the figures behind it. */
export interface SuggestedAction {
  kind: ActionKind;
  /** One sentence with the deciding figures. */
  reason: string;
  /** Every figure measured (not only the deciding ones), by name. */
  evidence: Record<string, number>;
}

/** The thresholds of the rules; docs/analysis.md says why these values. */
export const ACTION_THRESHOLDS = {
  /** A probability for another class at least this high is a confident disagreement. */
  confidentProbability: 0.9,
  /** relabel: at least this share of the members disagree confidently... */
  relabelMinShare: 0.2,
  /** ...and at least this many times the share in the rest... */
  relabelMinRatio: 3,
  /** ...while the model is right on most of the group (error rate at most this). */
  relabelMaxErrorRate: 0.5,
  /** remove-noise: the highest-excess members making up this fraction (rounded up)... */
  noiseTopFraction: 0.1,
  /** ...carry at least this share of the group's excess loss. */
  noiseMinExcessShare: 0.7,
  /** collect-more: the members' median k-th neighbour distance is this many times the run's... */
  sparseDistanceRatio: 1.5,
  /** ...or the pool gives at most this fraction of its chance share of their neighbours. */
  sparsePoolRatio: 0.5,
} as const;

export type ActionThresholds = { [K in keyof typeof ACTION_THRESHOLDS]: number };

export interface ClassificationEvidence {
  /** Per row, the largest probability given a class other than the label (`otherClassProbability`). */
  otherClassProbabilities: ArrayLike<number>;
  /** Per row, whether the prediction matched the label. */
  correct: ArrayLike<boolean>;
}

export interface ActionInput {
  /** Loss of every clustered sample (the rows). */
  losses: ArrayLike<number>;
  /** Rows of the aggressor's members; the other rows are the rest. */
  memberRows: ArrayLike<number>;
  /**
   * Classification with scores; null otherwise (regression, custom loss,
   * predictions without scores): relabel is then not considered.
   */
  classification: ClassificationEvidence | null;
  /** The members' neighbourhood (`density`); null when not measured: collect-more is then not considered. */
  density: Density | null;
  thresholds?: Partial<ActionThresholds>;
}

interface Measures {
  thresholds: ActionThresholds;
  members: number;
  evidence: Record<string, number>;
}

/**
 * Suggests one action per aggressor, taking the first rule that holds:
 * relabel (confident disagreement with the label concentrated in a group the
 * model otherwise gets right), remove-noise (a few members carry most of the
 * excess loss), collect-more (a sparse region: far neighbours, or few pool
 * neighbours), else augment (dense, spread errors: the model sees such
 * samples and fails on them).
 */
export function suggestAction(input: ActionInput): SuggestedAction {
  const { isMember, restCount } = validateActionInput(input);
  const measures: Measures = {
    thresholds: { ...ACTION_THRESHOLDS, ...input.thresholds },
    members: input.memberRows.length,
    evidence: { members: input.memberRows.length, rest: restCount },
  };

  lossEvidence(input, isMember, measures);
  disagreementEvidence(input, isMember, measures);
  densityEvidence(input.density, measures.evidence);

  return (
    relabel(measures) ??
    removeNoise(measures) ??
    collectMore(measures) ??
    augment(measures)
  );
}

function validateActionInput(input: ActionInput) {
  const n = input.losses.length;
  const m = input.memberRows.length;
  checkRowIndices('memberRows', input.memberRows, n);
  const isMember = new Uint8Array(n);
  Array.from(input.memberRows).forEach((row) => (isMember[row] = 1));
  const distinct = isMember.reduce((sum, flag) => sum + flag, 0);
  if (m === 0 || distinct !== m || m >= n) {
    throw new AnalysisParameterError(
      'memberRows',
      m,
      `between 1 and ${n - 1} distinct rows (the rest must not be empty)`,
    );
  }
  checkEntries('losses', input.losses, n, Number.isFinite, 'a finite number');
  if (input.classification) {
    const { otherClassProbabilities, correct } = input.classification;
    const isProbability = (p: number) => p >= 0 && p <= 1;
    checkEntries(
      'otherClassProbabilities',
      otherClassProbabilities,
      n,
      isProbability,
      'a probability',
    );
    checkEntries('correct', correct, n, (c) => typeof c === 'boolean', 'a boolean');
  }

  return { isMember, restCount: n - m };
}

function checkEntries<T>(
  field: string,
  values: ArrayLike<T>,
  n: number,
  isValid: (value: T) => boolean,
  needed: string,
): void {
  if (values.length !== n) {
    throw new AnalysisParameterError(field, values.length, `one entry per row (${n})`);
  }
  for (let row = 0; row < n; row++) {
    if (!isValid(values[row] as T)) {
      throw new AnalysisParameterError(`${field}[${row}]`, values[row], needed);
    }
  }
}

/** Mean losses, and the share of the excess loss the top members carry. */
function lossEvidence(input: ActionInput, isMember: Uint8Array, measures: Measures) {
  const { evidence, thresholds } = measures;
  const memberLosses: number[] = [];
  for (let row = 0; row < input.losses.length; row++) {
    if (isMember[row] === 1) memberLosses.push(input.losses[row] as number);
  }
  const restMeanLoss = meanOver(input.losses, isMember, 0);
  const excess = memberLosses.map((loss) => Math.max(0, loss - restMeanLoss));
  const totalExcess = excess.reduce((sum, e) => sum + e, 0);
  const topCount = Math.ceil(thresholds.noiseTopFraction * measures.members);
  const topExcess = excess
    .sort((a, b) => b - a)
    .slice(0, topCount)
    .reduce((sum, e) => sum + e, 0);

  evidence.meanLoss = mean(memberLosses);
  evidence.restMeanLoss = restMeanLoss;
  evidence.topExcessCount = topCount;
  if (totalExcess > 0) {
    evidence.topExcessShare = topExcess / totalExcess;
  }
}

function disagreementEvidence(input: ActionInput, isMember: Uint8Array, m: Measures) {
  if (input.classification === null) {
    return;
  }

  const { otherClassProbabilities, correct } = input.classification;
  const threshold = m.thresholds.confidentProbability;
  // Counts by part (0 rest, 1 members): one pass, nothing per row kept.
  const errors = new Float64Array(2);
  const confident = new Float64Array(2);
  for (let row = 0; row < correct.length; row++) {
    const part = isMember[row] as number;
    errors[part] = (errors[part] as number) + (correct[row] ? 0 : 1);
    confident[part] =
      (confident[part] as number) +
      ((otherClassProbabilities[row] as number) >= threshold ? 1 : 0);
  }
  const members = m.members;
  const rest = correct.length - members;
  m.evidence.errorRate = (errors[1] as number) / members;
  m.evidence.restErrorRate = (errors[0] as number) / rest;
  m.evidence.confidentDisagreementCount = confident[1] as number;
  m.evidence.confidentDisagreementShare = (confident[1] as number) / members;
  m.evidence.restConfidentDisagreementShare = (confident[0] as number) / rest;
}

function densityEvidence(density: Density | null, evidence: Record<string, number>) {
  if (density === null) {
    return;
  }

  evidence.k = density.k;
  evidence.sameGroupShare = density.sameGroupShare;
  evidence.chanceSameGroupShare = density.chanceSameGroupShare;
  evidence.medianKthDistance = density.medianKthDistance;
  evidence.runMedianKthDistance = density.runMedianKthDistance;
  if (density.kthDistanceRatio !== null) {
    evidence.kthDistanceRatio = density.kthDistanceRatio;
  }
  if (density.poolNeighbourShare !== undefined) {
    evidence.poolNeighbourShare = density.poolNeighbourShare;
    evidence.chancePoolShare = density.chancePoolShare as number;
  }
}

function relabel({ evidence: e, thresholds: t, members }: Measures) {
  const share = e.confidentDisagreementShare;
  const rest = e.restConfidentDisagreementShare;
  if (share === undefined || rest === undefined || share < t.relabelMinShare) {
    return null;
  }
  if (rest > 0 ? share < t.relabelMinRatio * rest : share === 0) {
    return null;
  }
  if ((e.errorRate as number) > t.relabelMaxErrorRate) {
    return null;
  }

  return action(
    'relabel',
    `${percent(share)} of the members (${e.confidentDisagreementCount} of ${members}) ` +
      `get a probability of at least ${t.confidentProbability} for a class other than ` +
      `their label, against ${percent(rest)} of the rest, while it is right on ` +
      `${percent(1 - (e.errorRate as number))} of the group: check these labels.`,
    e,
  );
}

function removeNoise({ evidence: e, thresholds: t }: Measures) {
  const share = e.topExcessShare;
  if (share === undefined || share < t.noiseMinExcessShare) {
    return null;
  }

  return action(
    'remove-noise',
    `The ${e.topExcessCount} highest-loss members (the top ` +
      `${percent(t.noiseTopFraction)}) carry ${percent(share)} of the group's loss ` +
      `above the rest's mean: inspect these samples, then fix or remove them.`,
    e,
  );
}

function collectMore({ evidence: e, thresholds: t }: Measures) {
  if (e.k !== undefined && (e.kthDistanceRatio ?? Infinity) >= t.sparseDistanceRatio) {
    const ratio = e.kthDistanceRatio;
    const times = ratio === undefined ? 'infinitely many times' : `${figure(ratio)}x`;
    return action(
      'collect-more',
      `The members' ${ordinal(e.k)} nearest neighbour is ${times} as far as in the ` +
        `run (median ${figure(e.medianKthDistance as number)} against ` +
        `${figure(e.runMedianKthDistance as number)}): a sparse region; collect more ` +
        `samples like these.`,
      e,
    );
  }
  const pool = e.poolNeighbourShare;
  const chance = e.chancePoolShare;
  if (
    pool !== undefined &&
    chance !== undefined &&
    pool <= t.sparsePoolRatio * chance
  ) {
    return action(
      'collect-more',
      `Only ${percent(pool)} of the members' nearest neighbours come from the pool, ` +
        `against ${percent(chance)} by chance: the pool barely covers this region; ` +
        `collect more samples like these.`,
      e,
    );
  }
  return null;
}

function augment({ evidence: e }: Measures): SuggestedAction {
  const rest = e.restMeanLoss as number;
  const loss =
    rest > 0
      ? `${figure((e.meanLoss as number) / rest)}x the rest's mean loss`
      : `a mean loss of ${figure(e.meanLoss as number)} against 0 in the rest`;
  const spread =
    e.topExcessShare === undefined
      ? 'no member above the rest'
      : `the top ${e.topExcessCount} members carry only ${percent(e.topExcessShare)} of the excess`;
  const region =
    e.kthDistanceRatio === undefined
      ? ''
      : ` in a region as dense as the run (${ordinal(e.k as number)} neighbour ` +
        `${figure(e.kthDistanceRatio)}x the run's distance)`;

  return action(
    'augment',
    `The members have ${loss}, spread over the group (${spread})${region}: the model ` +
      `sees such samples and fails on them; augment with variations of them.`,
    e,
  );
}

function action(
  kind: ActionKind,
  reason: string,
  evidence: Record<string, number>,
): SuggestedAction {
  return { kind, reason, evidence };
}

/** The mean of the values of one part (1 members, 0 the rest), summed in row order. */
function meanOver(
  values: ArrayLike<number>,
  isMember: Uint8Array,
  part: 0 | 1,
): number {
  let sum = 0;
  let count = 0;
  for (let row = 0; row < values.length; row++) {
    if (isMember[row] === part) {
      sum += values[row] as number;
      count++;
    }
  }

  return sum / count;
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Two significant digits, without exponent notation for everyday sizes. */
function figure(value: number): string {
  return Number(value.toPrecision(2)).toString();
}

function ordinal(k: number): string {
  const suffix =
    k % 10 === 1 && k % 100 !== 11
      ? 'st'
      : k % 10 === 2 && k % 100 !== 12
        ? 'nd'
        : k % 10 === 3 && k % 100 !== 13
          ? 'rd'
          : 'th';

  return `${k}${suffix}`;
}
