/**
 * This run's aggressors against the previous version's, by member overlap:
 * the Jaccard index of their sample ids, counted over the samples both runs
 * hold. Pairs are taken greedily, highest overlap first, each aggressor at
 * most once; a pair at or above `minOverlap` is the same aggressor.
 */
import { TrackingParameterError } from './errors.ts';
import type { AggressorMatch, AggressorTracking, ResolvedAggressor } from './types.ts';

export const DEFAULT_MIN_OVERLAP = 0.3;

/** What matching reads of an aggressor. */
export type TrackedAggressor = Omit<
  AggressorMatch,
  'state' | 'previousId' | 'overlap'
> & {
  sampleIds: readonly string[];
};

export interface MatchInput {
  current: readonly TrackedAggressor[];
  previous: readonly TrackedAggressor[];
  /** Ids of the samples of the current run (scored or not). */
  currentSampleIds: ReadonlySet<string>;
  /** Ids of the samples of the previous run. */
  previousSampleIds: ReadonlySet<string>;
  minOverlap?: number;
}

export function matchAggressors(input: MatchInput): AggressorTracking {
  const minOverlap = input.minOverlap ?? DEFAULT_MIN_OVERLAP;
  if (!(minOverlap > 0 && minOverlap <= 1)) {
    throw new TrackingParameterError('minOverlap', minOverlap, 'in (0, 1]');
  }
  const current = input.current.map((a) => onShared(a, input.previousSampleIds));
  const previous = input.previous.map((a) => onShared(a, input.currentSampleIds));

  const pairs = pairsByOverlap(current, previous, minOverlap);
  const matchedPrevious = new Set([...pairs.values()].map((p) => p.previous));

  return {
    matches: input.current.map((aggressor, i) =>
      matchOf(aggressor, pairs.get(i), input),
    ),
    resolved: previousWhere(
      input,
      (j) => !matchedPrevious.has(j) && (previous[j]?.size ?? 0) > 0,
    ),
    absent: previousWhere(input, (j) => (previous[j]?.size ?? 0) === 0),
    minOverlap,
  };
}

/** Jaccard index |a ∩ b| / |a ∪ b|; 0 for two empty sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const id of a) if (b.has(id)) shared += 1;
  const union = a.size + b.size - shared;

  return union === 0 ? 0 : shared / union;
}

function onShared(
  aggressor: TrackedAggressor,
  otherRun: ReadonlySet<string>,
): Set<string> {
  return new Set(aggressor.sampleIds.filter((id) => otherRun.has(id)));
}

interface Pair {
  previous: number;
  overlap: number;
}

/** Current index -> its previous partner, greedily by overlap. */
function pairsByOverlap(
  current: Set<string>[],
  previous: Set<string>[],
  minOverlap: number,
): Map<number, Pair> {
  const candidates = current.flatMap((a, i) =>
    previous.map((b, j) => ({ current: i, previous: j, overlap: jaccard(a, b) })),
  );
  candidates.sort(
    (x, y) => y.overlap - x.overlap || x.current - y.current || x.previous - y.previous,
  );

  const pairs = new Map<number, Pair>();
  const taken = new Set<number>();
  for (const c of candidates) {
    if (c.overlap < minOverlap) break;
    if (pairs.has(c.current) || taken.has(c.previous)) continue;
    pairs.set(c.current, { previous: c.previous, overlap: c.overlap });
    taken.add(c.previous);
  }

  return pairs;
}

function matchOf(
  aggressor: TrackedAggressor,
  pair: Pair | undefined,
  input: MatchInput,
): AggressorMatch {
  const { id, rank, size, meanLoss, lossRatio, errorRate, impact, hypothesis } =
    aggressor;
  const figures = {
    id,
    rank,
    size,
    meanLoss,
    lossRatio,
    errorRate,
    impact,
    hypothesis,
  };

  return pair === undefined
    ? { ...figures, state: 'new', previousId: null, overlap: 0 }
    : {
        ...figures,
        state: 'persisting',
        previousId: input.previous[pair.previous]?.id ?? null,
        overlap: pair.overlap,
      };
}

function previousWhere(
  input: MatchInput,
  keep: (j: number) => boolean,
): ResolvedAggressor[] {
  return input.previous
    .filter((_, j) => keep(j))
    .map(({ id, size, meanLoss }) => ({ previousId: id, size, meanLoss }));
}
