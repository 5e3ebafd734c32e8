import {
  baselineAggressors,
  baselineAssignments,
  productAggressors,
  type MethodAggressors,
  type Evaluation,
  type PreparedCorpus,
} from './methods.ts';
import { centreOracle } from './centre-oracle.ts';
import { plantSlices } from './plant.ts';
import { streamFor } from './plant-random.ts';
import { syntheticScores } from './predictions.ts';
import { scoreSlice } from './score-slice.ts';
import type { SliceKind } from './settings.ts';
import type { Plant, SliceScore, TookCheck } from './types.ts';
import { plantTook } from './took.ts';

/** What one planted slice gave: whether it took and, if so, each method's score. */
export interface SliceResult {
  kind: SliceKind;
  strength: number;
  seed: number;
  /** The slice-defining metadata field (hidden in the blind pass). */
  field: string;
  slice: string;
  size: number;
  took: TookCheck;
  /** Null when the plant did not take (a dropped setting). */
  scores: { all: SliceScore; blind: SliceScore; baseline: SliceScore } | null;
  /** Aggressors each method offered for scoring (at most TOP_AGGRESSORS); null when dropped. */
  candidates: { all: number; blind: number; baseline: number } | null;
  /** The k the product chose (all metadata), which the baseline reuses; null when dropped. */
  k: number | null;
  /** The centre oracle's precision (centre-oracle.ts); null when the plant did not take. */
  oracle: { precisionAt10: number; precisionAt25: number } | null;
}

export interface BenchContext {
  corpus: PreparedCorpus;
  /** The baseline's k-means assignments by k, made once per k. */
  baselineClusterings: Map<number, Int32Array>;
  /** Wall time spent in each method, accumulated over settings. */
  seconds: { product: number; baseline: number };
}

/**
 * Plants one setting, then scores each slice that took against the product
 * with all metadata, the product with the slice's field hidden, and the
 * baseline. A setting whose slices all failed to take runs no method.
 */
export function runSetting(
  context: BenchContext,
  kind: SliceKind,
  strength: number,
  seed: number,
): SliceResult[] {
  const plant = plantSlices(context.corpus, kind, { strength, seed });
  const evaluation: Evaluation = {
    labels: plant.labels,
    scores: syntheticScores(plant.predictions, streamFor(seed, `${kind}/scores`)),
  };
  const checks = plant.slices.map((s) =>
    plantTook(plant.labels, plant.predictions, s.memberIndexes),
  );
  const methods = checks.some((c) => c.took)
    ? aggressorsByMethod(context, plant, evaluation)
    : null;

  return plant.slices.map((slice, i) => {
    const took = checks[i] as TookCheck;
    const scored = methods !== null && took.took ? methods : null;
    return {
      kind,
      strength,
      seed,
      field: plant.field,
      slice: slice.name,
      size: slice.memberIndexes.length,
      took,
      scores: scored && scoresOf(context, scored, slice.memberIndexes),
      candidates: scored && {
        all: scored.all.aggressors.length,
        blind: scored.blind.aggressors.length,
        baseline: scored.baseline.aggressors.length,
      },
      k: scored && scored.all.k,
      oracle: took.took
        ? centreOracle(
            context.corpus.embeddings,
            context.corpus.dimensions,
            slice.memberIndexes,
            plant.labels.map((label, j) => label !== plant.predictions[j]),
          )
        : null,
    };
  });
}

function aggressorsByMethod(
  context: BenchContext,
  plant: Plant,
  evaluation: Evaluation,
) {
  const productStartMs = performance.now();
  const all = productAggressors(context.corpus, evaluation, null);
  const blind = productAggressors(context.corpus, evaluation, plant.field);
  const baselineStartMs = performance.now();
  const baseline = baselineAggressors(
    context.corpus,
    { k: all.k, assignments: baselineClustering(context, all.k) },
    evaluation,
  );
  const endMs = performance.now();
  context.seconds.product += (baselineStartMs - productStartMs) / 1000;
  context.seconds.baseline += (endMs - baselineStartMs) / 1000;

  return { all, blind, baseline };
}

/** Plain k-means with the product's k: the same k selection for both methods. */
function baselineClustering(context: BenchContext, k: number): Int32Array {
  const cached = context.baselineClusterings.get(k);
  if (cached !== undefined) return cached;

  const assignments = baselineAssignments(context.corpus, k);
  context.baselineClusterings.set(k, assignments);
  return assignments;
}

type ByMethod = ReturnType<typeof aggressorsByMethod>;

function scoresOf(
  context: BenchContext,
  methods: ByMethod,
  sliceMemberIndexes: number[],
): Record<keyof ByMethod, SliceScore> {
  const { embeddings, dimensions } = context.corpus;
  const score = (method: MethodAggressors) =>
    scoreSlice(method.aggressors, sliceMemberIndexes, embeddings, dimensions);

  return {
    all: score(methods.all),
    blind: score(methods.blind),
    baseline: score(methods.baseline),
  };
}
