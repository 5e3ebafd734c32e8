/** The run-level parts of an analysis: overall metrics, clustering, per-sample lines. */
import {
  predictionAt,
  type CollectedRun,
  type ScoredColumns,
} from './collect-samples.ts';
import type { CandidateAssessment } from './significance.ts';
import type {
  AnalyzeRunInput,
  ClusterSummary,
  ClusteringInfo,
  KMeansResult,
  OverallMetrics,
  PerSampleResult,
  RunAnalysis,
  SampleResults,
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
        tested: a.tested,
        isAggressor: a.isAggressor,
        reasons: a.reasons,
      };
    }),
  };
}

/**
 * Each scored sample's result, in input order, from the columns: `positions`
 * are the scored positions of the clustered rows (row r is
 * `positions[r]`), `result` their k-means result, `coordinates` their 2-D
 * map (2 per row). Quarantined samples have no cluster and no coordinates.
 */
export function perSampleResults(
  scored: ScoredColumns,
  clustering: {
    positions: Int32Array;
    result: KMeansResult;
    clusters: readonly ClusterSummary[];
    coordinates: Float32Array;
  } | null,
): SampleResults {
  const rowAt = new Int32Array(scored.count).fill(-1);
  clustering?.positions.forEach((p, row) => (rowAt[p] = row));
  const clusterIds: Array<string | null> = new Array(clustering?.result.k ?? 0).fill(
    null,
  );
  for (const c of clustering?.clusters ?? []) clusterIds[c.index] = c.id;

  return new SampleResultColumns(
    scored,
    rowAt,
    clusterIds,
    clustering?.result.assignments ?? new Int32Array(0),
    clustering?.coordinates ?? new Float32Array(0),
  );
}

/** Plain data (two analyses of the same run compare equal) read one result at a time. */
class SampleResultColumns implements SampleResults {
  constructor(
    private readonly scored: ScoredColumns,
    /** Clustered row of each scored position; -1 when quarantined. */
    private readonly rowAt: Int32Array,
    private readonly clusterIds: ReadonlyArray<string | null>,
    private readonly assignments: Int32Array,
    private readonly coordinates: Float32Array,
  ) {}

  get length(): number {
    return this.scored.count;
  }

  at(position: number): PerSampleResult {
    const { scored } = this;
    if (!(Number.isInteger(position) && position >= 0 && position < scored.count)) {
      throw new RangeError(
        `no per-sample result at ${position} (${scored.count} results)`,
      );
    }
    const row = this.rowAt[position] as number;
    return {
      id: scored.ids[position] as string,
      loss: scored.losses[position] as number,
      prediction: predictionAt(scored.predictions, position),
      correct: scored.correct === null ? null : scored.correct[position] === 1,
      cluster:
        row < 0 ? null : (this.clusterIds[this.assignments[row] as number] ?? null),
      x: row < 0 ? null : (this.coordinates[row * 2] as number),
      y: row < 0 ? null : (this.coordinates[row * 2 + 1] as number),
    };
  }

  *[Symbol.iterator](): Generator<PerSampleResult> {
    for (let p = 0; p < this.scored.count; p++) yield this.at(p);
  }

  toArray(): PerSampleResult[] {
    return Array.from(this);
  }

  /** JSON as the results it stands for, not its columns. */
  toJSON(): PerSampleResult[] {
    return this.toArray();
  }
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
    perSample: perSampleResults(run.scored, null),
    lossByField: [],
    map: null,
    heatmapPngs: {},
  };
}
