import { compareCodeUnits } from '../cluster-id.ts';
import { AnalysisParameterError, CandidateInputError } from '../errors.ts';
import { overlapOf } from './overlap.ts';
import type { Overlap } from './overlap.ts';

/** A candidate to merge: an assessed group with its member sample ids. */
export interface MergeCandidate {
  id: string;
  size: number;
  lossRatio: number | null;
  impact: number;
  qValue: number;
  sampleIds: readonly string[];
}

export interface MergeOptions {
  /** Jaccard at or above which two candidates are one finding; default 0.5. */
  minJaccard?: number;
  /** Share of the smaller inside the larger at or above which they nest; default 0.8. */
  minContainment?: number;
  /** A nested child is kept when its loss ratio is at least this times its parent's; default 1.25. */
  childRatioMargin?: number;
}

export const MERGE_DEFAULTS = {
  minJaccard: 0.5,
  minContainment: 0.8,
  childRatioMargin: 1.25,
} as const;

/** What happened to a candidate that overlapped a better-scored one. */
export interface MergeRecord extends Overlap {
  id: string;
  /** The better-scored candidate it overlapped. */
  into: string;
  /** 'merged': dropped in favour of `into`; 'kept-as-child': kept for its higher ratio. */
  outcome: 'merged' | 'kept-as-child';
}

export interface MergeResult<T extends MergeCandidate> {
  /** Surviving candidates, best-scored first. */
  kept: T[];
  merges: MergeRecord[];
}

/**
 * Merges overlapping candidates (from several clusterings, or nested
 * slices). Candidates are taken best-scored first: impact, then q-value,
 * then loss ratio (null above every number), then size, then id. One that
 * overlaps a kept candidate (Jaccard >= minJaccard, or containment of the
 * smaller >= minContainment) is dropped into it, unless it is a child: the
 * smaller, lying at least minContainment inside the kept one, with a loss
 * ratio at least childRatioMargin times the kept one's. A child is kept and
 * recorded as such.
 *
 * @throws AnalysisParameterError on a bad option; CandidateInputError on a
 *   duplicate id or a candidate with no sample ids.
 */
export function mergeOverlapping<T extends MergeCandidate>(
  candidates: readonly T[],
  options: MergeOptions = {},
): MergeResult<T> {
  const rules = checkedMergeOptions(options);
  const members = memberSets(candidates);

  const kept: T[] = [];
  const merges: MergeRecord[] = [];
  for (const candidate of [...candidates].sort(betterFirst)) {
    const records = relationsTo(candidate, kept, members, rules);
    const merged = records.find((record) => record.outcome === 'merged');
    if (merged === undefined) kept.push(candidate);
    merges.push(...(merged === undefined ? records : [merged]));
  }

  return { kept, merges };
}

type MergeRules = Required<MergeOptions>;

function checkedMergeOptions(options: MergeOptions): MergeRules {
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const rules: MergeRules = { ...MERGE_DEFAULTS, ...Object.fromEntries(given) };
  for (const field of ['minJaccard', 'minContainment'] as const) {
    if (!(rules[field] > 0 && rules[field] <= 1)) {
      throw new AnalysisParameterError(field, rules[field], 'in (0, 1]');
    }
  }
  const margin = rules.childRatioMargin;
  if (!(Number.isFinite(margin) && margin >= 1)) {
    throw new AnalysisParameterError('childRatioMargin', margin, 'a number >= 1');
  }

  return rules;
}

function memberSets(candidates: readonly MergeCandidate[]) {
  const sets = new Map<string, Set<string>>();
  candidates.forEach((c, i) => {
    if (sets.has(c.id)) {
      throw new CandidateInputError(`candidates[${i}].id`, c.id, 'unique');
    }
    if (c.sampleIds.length === 0) {
      throw new CandidateInputError(
        `candidates[${i}] (${c.id}).sampleIds`,
        [],
        'non-empty',
      );
    }
    sets.set(c.id, new Set(c.sampleIds));
  });

  return sets;
}

function relationsTo(
  candidate: MergeCandidate,
  kept: readonly MergeCandidate[],
  members: Map<string, Set<string>>,
  rules: MergeRules,
): MergeRecord[] {
  const own = members.get(candidate.id) as Set<string>;

  return kept.flatMap((other) => {
    const overlap = overlapOf(own, members.get(other.id) as Set<string>);
    if (
      overlap.jaccard < rules.minJaccard &&
      overlap.containment < rules.minContainment
    ) {
      return [];
    }
    const outcome = isKeptChild(candidate, other, overlap, rules)
      ? ('kept-as-child' as const)
      : ('merged' as const);
    return [{ id: candidate.id, into: other.id, outcome, ...overlap }];
  });
}

function isKeptChild(
  child: MergeCandidate,
  parent: MergeCandidate,
  overlap: Overlap,
  rules: MergeRules,
): boolean {
  const nested =
    child.size < parent.size && overlap.shared / child.size >= rules.minContainment;
  const childRatio = child.lossRatio ?? Infinity;
  const parentRatio = parent.lossRatio ?? Infinity;

  return (
    nested &&
    parentRatio !== Infinity &&
    childRatio >= parentRatio * rules.childRatioMargin
  );
}

function betterFirst(a: MergeCandidate, b: MergeCandidate): number {
  const ratioA = a.lossRatio ?? Infinity;
  const ratioB = b.lossRatio ?? Infinity;

  return (
    b.impact - a.impact ||
    a.qValue - b.qValue ||
    (ratioA === ratioB ? 0 : ratioB > ratioA ? 1 : -1) ||
    b.size - a.size ||
    compareCodeUnits(a.id, b.id)
  );
}
