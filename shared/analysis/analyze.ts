import { chooseK } from './choose-k.ts';
import { compareCodeUnits } from './cluster-id.ts';
import { clusterEmbeddings } from './cluster-embeddings.ts';
import { collectSamples } from './collect-samples.ts';
import type { CollectedRun, CollectedSample } from './collect-samples.ts';
import { AnalysisParameterError } from './errors.ts';
import { isAggressor, rankClusters } from './rank.ts';
import type {
  Aggressor,
  AnalyzeRunInput,
  ClusterSummary,
  ClusteringInfo,
  KMeansResult,
  OverallMetrics,
  PerSampleResult,
  RunAnalysis,
} from './types.ts';

export const ANALYSIS_DEFAULTS = {
  seed: 1,
  maxIterations: 100,
  tolerance: 1e-6,
  restarts: 3,
  minAggressorSize: 5,
} as const;

/**
 * Analyses one run: scores every sample, clusters the embeddings with seeded
 * k-means and reports as aggressors the clusters whose mean loss exceeds the
 * rest's, worst first. Failed outputs are counted and skipped; non-finite
 * embeddings are counted as quarantined and scored without a cluster.
 * Samples are clustered in id order, so the result does not depend on the
 * order they come in.
 */
export function analyzeRun(input: AnalyzeRunInput): RunAnalysis {
  const options = checkedOptions(input);
  const run = collectSamples(input, input.samples, input.outputs);
  const clustered = clusterable(run);
  if (clustered.length < 2)
    return nothingToCompare(run, clustered.length, options, input);

  const choice = chooseK(clustered.length, input.k);
  const result = clusterEmbeddings(
    toMatrix(clustered, run.dimensions),
    run.dimensions,
    {
      ...options,
      k: choice.k,
    },
  );
  const clusters = rankClusters({
    sampleIds: clustered.map((s) => s.id),
    losses: Float64Array.from(clustered, (s) => s.loss),
    correct:
      input.task === 'classification' ? clustered.map((s) => s.correct === true) : null,
    assignments: result.assignments,
    k: choice.k,
  });

  return {
    counts: run.counts,
    overall: overallMetrics(run.scored, input.task === 'classification'),
    clustering: clusteringInfo(result, choice.reason, options, clusters),
    aggressors: aggressorsOf(clusters, options.minAggressorSize),
    perSample: perSampleResults(run.scored, clustered, result, clusters),
  };
}

function checkedOptions(input: AnalyzeRunInput) {
  const options = { ...ANALYSIS_DEFAULTS, ...definedOptions(input) };
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new AnalysisParameterError('seed', options.seed, 'an integer >= 0');
  }
  if (!Number.isInteger(options.minAggressorSize) || options.minAggressorSize < 1) {
    throw new AnalysisParameterError(
      'minAggressorSize',
      options.minAggressorSize,
      'a positive integer',
    );
  }

  return options;
}

/** Samples with finite embeddings, in id order. */
function clusterable(run: CollectedRun): CollectedSample[] {
  return run.scored
    .filter((s) => s.embedding !== null)
    .sort((a, b) => compareCodeUnits(a.id, b.id));
}

/**
 * Fewer than two samples can be clustered: no group can do worse than a
 * rest, so the run has no aggressor, a normal outcome said in `kReason`.
 */
function nothingToCompare(
  run: CollectedRun,
  clusterableCount: number,
  options: { seed: number; restarts: number; minAggressorSize: number },
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
      minAggressorSize: options.minAggressorSize,
      clusters: [],
    },
    aggressors: [],
    perSample: run.scored.map((s) => ({
      id: s.id,
      loss: s.loss,
      prediction: s.prediction,
      correct: s.correct,
      cluster: null,
    })),
  };
}

function definedOptions(input: AnalyzeRunInput) {
  const { seed, maxIterations, tolerance, restarts, minAggressorSize } = input;
  const given = { seed, maxIterations, tolerance, restarts, minAggressorSize };

  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
}

function toMatrix(clustered: readonly CollectedSample[], dimensions: number) {
  const matrix = new Float32Array(clustered.length * dimensions);
  clustered.forEach((s, i) => matrix.set(s.embedding as number[], i * dimensions));

  return matrix;
}

function overallMetrics(
  scored: readonly CollectedSample[],
  isClassification: boolean,
): OverallMetrics {
  const meanLoss = scored.reduce((sum, s) => sum + s.loss, 0) / scored.length;
  const wrong = scored.filter((s) => s.correct === false).length;
  const errorRate = isClassification ? wrong / scored.length : null;

  return { meanLoss, errorRate, accuracy: errorRate === null ? null : 1 - errorRate };
}

function clusteringInfo(
  result: KMeansResult,
  kReason: string,
  options: { seed: number; restarts: number; minAggressorSize: number },
  clusters: readonly ClusterSummary[],
): ClusteringInfo {
  return {
    k: result.k,
    kReason,
    converged: result.converged,
    iterations: result.iterations,
    seed: options.seed,
    inertia: result.inertia,
    restarts: options.restarts,
    minAggressorSize: options.minAggressorSize,
    clusters: clusters.map(({ index: _index, sampleIds: _ids, ...summary }) => summary),
  };
}

/** Clusters that pass `isAggressor`, ranked from 1 in the clusters' order. */
function aggressorsOf(
  clusters: readonly ClusterSummary[],
  minSize: number,
): Aggressor[] {
  return clusters
    .filter((c) => isAggressor(c, minSize))
    .map(({ index: _index, ...cluster }, i) => ({
      id: cluster.id,
      rank: i + 1,
      size: cluster.size,
      share: cluster.share,
      meanLoss: cluster.meanLoss,
      lossRatio: cluster.lossRatio,
      ...(cluster.lossRatioNote ? { lossRatioNote: cluster.lossRatioNote } : {}),
      errorRate: cluster.errorRate,
      sampleIds: cluster.sampleIds,
    }));
}

function perSampleResults(
  scored: readonly CollectedSample[],
  clustered: readonly CollectedSample[],
  result: KMeansResult,
  clusters: readonly ClusterSummary[],
): PerSampleResult[] {
  const idByIndex = new Map(clusters.map((c) => [c.index, c.id]));
  const clusterBySample = new Map(
    clustered.map((s, i) => [s.id, idByIndex.get(result.assignments[i] as number)]),
  );

  return scored.map((s) => ({
    id: s.id,
    loss: s.loss,
    prediction: s.prediction,
    correct: s.correct,
    cluster: clusterBySample.get(s.id) ?? null,
  }));
}
