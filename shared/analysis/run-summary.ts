/** The run-level parts of an analysis: overall metrics, clustering, per-sample lines. */
import type { CollectedRun, ScoredColumns } from './collect-samples.ts';
import type { CandidateAssessment } from './significance.ts';
import type {
  AnalyzeRunInput,
  ClusterSummary,
  ClusteringInfo,
  KMeansResult,
  OverallMetrics,
  PerSampleResult,
  RunAnalysis,
} from './types.ts';

export interface SummaryOptions {
  seed: number;
  restarts: number;
  minAggressorSize: number;
  minSupportFraction: number;
  minLossRatio: number;
  alpha: number;
}

export function overallMetrics(
  scored: ScoredColumns,
  isClassification: boolean,
): OverallMetrics {
  const meanLoss = scored.losses.reduce((sum, loss) => sum + loss, 0) / scored.count;
  const wrong = scored.correct?.reduce((sum, right) => sum + (1 - right), 0) ?? 0;
  const errorRate = isClassification ? wrong / scored.count : null;

  return { meanLoss, errorRate, accuracy: errorRate === null ? null : 1 - errorRate };
}

export function minSupportOf(options: SummaryOptions, clusteredCount: number): number {
  return Math.max(
    options.minAggressorSize,
    Math.ceil(options.minSupportFraction * clusteredCount),
  );
}

export function clusteringInfo(
  result: KMeansResult,
  kReason: string,
  options: SummaryOptions,
  clusters: readonly ClusterSummary[],
  assessed: ReadonlyMap<string, CandidateAssessment>,
): ClusteringInfo {
  return {
    k: result.k,
    kReason,
    converged: result.converged,
    iterations: result.iterations,
    seed: options.seed,
    inertia: result.inertia,
    restarts: options.restarts,
    minSupport: minSupportOf(options, result.assignments.length),
    minLossRatio: options.minLossRatio,
    alpha: options.alpha,
    clusters: clusters.map(({ index: _index, sampleIds: _ids, ...summary }) => {
      const a = assessed.get(summary.id) as CandidateAssessment;
      return {
        ...summary,
        impact: a.impact,
        pValue: a.pValue,
        qValue: a.qValue,
        isAggressor: a.isAggressor,
        reasons: a.reasons,
      };
    }),
  };
}

/** Each scored sample's result, in input order; `rowOf` maps clustered ids to rows. */
export function perSampleResults(
  scored: ScoredColumns,
  result: KMeansResult | null,
  clusters: readonly ClusterSummary[],
  coordinates: Float32Array,
  rowOf: ReadonlyMap<string, number>,
): PerSampleResult[] {
  const idByIndex = new Map(clusters.map((c) => [c.index, c.id]));

  return scored.ids.map((id, p) => {
    const row = rowOf.get(id);
    const cluster =
      row === undefined || result === null
        ? undefined
        : idByIndex.get(result.assignments[row] as number);
    return {
      id,
      loss: scored.losses[p] as number,
      prediction: scored.predictionAt(p),
      correct: scored.correct === null ? null : scored.correct[p] === 1,
      cluster: cluster ?? null,
      x: row === undefined ? null : (coordinates[row * 2] as number),
      y: row === undefined ? null : (coordinates[row * 2 + 1] as number),
    };
  });
}

/**
 * Fewer than two samples can be clustered: no group can do worse than a
 * rest, so the run has no aggressor, a normal outcome said in `kReason`.
 */
export function nothingToCompare(
  run: CollectedRun,
  clusterableCount: number,
  options: SummaryOptions,
  input: AnalyzeRunInput,
): RunAnalysis {
  const { samples, failed, quarantined } = run.counts;

  return {
    counts: run.counts,
    overall: overallMetrics(run.scored, input.task === 'classification'),
    clustering: {
      k: 0,
      kReason:
        `no clustering: ${clusterableCount} of ${samples} samples have finite ` +
        `embeddings (${failed} failed, ${quarantined} quarantined); at least 2 are needed`,
      converged: true,
      iterations: 0,
      seed: options.seed,
      inertia: 0,
      restarts: options.restarts,
      minSupport: minSupportOf(options, clusterableCount),
      minLossRatio: options.minLossRatio,
      alpha: options.alpha,
      clusters: [],
    },
    aggressors: [],
    perSample: perSampleResults(run.scored, null, [], new Float32Array(0), new Map()),
    lossByField: [],
    map: null,
    heatmapPngs: {},
  };
}
