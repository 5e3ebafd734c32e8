import { compareCodeUnits } from './cluster-id.ts';
import { rowIndex, type Lookup } from './id-index.ts';
import { clusterSamples, type ClusteredSamples } from './cluster-embeddings.ts';
import { collectSamples } from './collect-samples.ts';
import type { CollectedRun, CollectedSample } from './collect-samples.ts';
import {
  describeAggressors,
  type AggressorDescription,
} from './describe-aggressors.ts';
import { errorSignalOf } from './error-signal.ts';
import { precomputedResult } from './distributed/precomputed.ts';
import { AnalysisParameterError } from './errors.ts';
import { buildMetadataTable, metadataTable } from './metadata/columns.ts';
import type { MetadataTable } from './metadata/types.ts';
import { lossByField } from './metadata/loss-by-field.ts';
import { pcaProjection } from './projection.ts';
import { rankClusters } from './rank.ts';
import { assessCandidates, type CandidateAssessment } from './significance.ts';
import {
  clusteringInfo,
  nothingToCompare,
  overallMetrics,
  perSampleResults,
} from './run-summary.ts';
import type {
  Aggressor,
  AnalysisSample,
  AnalyzeRunInput,
  ClusterSummary,
  RunAnalysis,
  SampleOutput,
} from './types.ts';

export const ANALYSIS_DEFAULTS = {
  seed: 1,
  maxIterations: 100,
  tolerance: 1e-6,
  restarts: 3,
  minAggressorSize: 10,
  minSupportFraction: 0.01,
  minLossRatio: 1.2,
  alpha: 0.05,
} as const;

type Options = { -readonly [K in keyof typeof ANALYSIS_DEFAULTS]: number };

/**
 * Analyses one run: scores every sample, clusters the embeddings with seeded
 * k-means, tests each cluster against the rest and reports as aggressors the
 * clusters with enough support, a loss well above the rest's and a
 * significant difference (docs/analysis.md), worst first, each described by
 * its metadata, a rule, a sentence, representative samples and an action.
 * Failed outputs are counted and skipped; non-finite embeddings are counted
 * as quarantined and scored without a cluster. Samples are clustered in id
 * order, so the result does not depend on the order they come in.
 */
export function analyzeRun(input: AnalyzeRunInput): RunAnalysis {
  const options = checkedOptions(input);
  const run = collectSamples(input, input.samples, input.outputs, input.embeddings);
  const clustered = clusterable(run);
  if (clustered.length < 2) {
    return nothingToCompare(run, clustered.length, options, input);
  }

  const dimensions = run.dimensions;
  const ids = clustered.map((s) => s.id);
  const rowOf = rowIndex(ids);
  const samplesById = sampleLookup(input.samples, clustered, rowOf);
  const outputs = run.outputById;
  const matrix = clusteredMatrix(run, clustered);
  const losses = Float64Array.from(clustered, (s) => s.loss);
  const clustering = clusterRun(input, clustered, matrix, dimensions, options, {
    samplesById,
    outputs,
  });
  const { choice, result } = clustering;
  const clusters = rankClusters({
    sampleIds: ids,
    losses,
    correct:
      input.task === 'classification' ? clustered.map((s) => s.correct === true) : null,
    assignments: result.assignments,
    k: choice.k,
  });
  const assessed = assess(clusters, clustered, losses, options, rowOf);
  const chosen = clusters.filter((c) => assessed.get(c.id)?.isAggressor);
  const table = clusteredMetadata(input, clustered, ids);
  const descriptions = describeAggressors({
    context: input,
    clustered,
    matrix,
    dimensions,
    table,
    samples: samplesById,
    outputs,
    aggressors: chosen,
    ids,
    rowOf,
  });
  const projection = pcaProjection(matrix, dimensions);

  return {
    counts: run.counts,
    overall: overallMetrics(run.scored, input.task === 'classification'),
    clustering: {
      method: clustering.method,
      features: clustering.features,
      ...clusteringInfo(result, choice.reason, options, clusters, assessed),
    },
    aggressors: chosen.map((c, i) =>
      aggressorOf(c, i, assessed.get(c.id) as CandidateAssessment, descriptions[i]),
    ),
    perSample: perSampleResults(
      run.scored,
      clustered,
      result,
      clusters,
      projection.coordinates,
      rowOf,
    ),
    lossByField: lossByField(table, losses),
    map: {
      explainedVarianceRatio: [
        projection.explainedVarianceRatio[0] ?? 0,
        projection.explainedVarianceRatio[1] ?? 0,
      ],
    },
    heatmapPngs: Object.fromEntries(
      chosen.flatMap((c, i) => {
        const png = descriptions[i]?.heatmapPng;
        return png ? [[c.id, png]] : [];
      }),
    ),
  };
}

function checkedOptions(input: AnalyzeRunInput): Options {
  const options: Options = { ...ANALYSIS_DEFAULTS, ...definedOptions(input) };
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

function definedOptions(input: AnalyzeRunInput): Partial<Options> {
  const keys = Object.keys(ANALYSIS_DEFAULTS) as Array<keyof Options>;
  const given = keys.flatMap((key) => {
    const value = input[key];
    return value === undefined ? [] : [[key, value] as const];
  });

  return Object.fromEntries(given);
}

/** Samples with finite embeddings, in id order. */
function clusterable(run: CollectedRun): CollectedSample[] {
  return run.scored
    .filter((s) => s.row >= 0)
    .sort((a, b) => compareCodeUnits(a.id, b.id));
}

/**
 * Clusters the samples by the method asked for (default 'error-aware'), k
 * chosen unless given (docs/analysis.md, "Error-aware clustering").
 */
function clusterRun(
  input: AnalyzeRunInput,
  clustered: readonly CollectedSample[],
  matrix: Float32Array,
  dimensions: number,
  options: Options,
  lookups: {
    samplesById: Lookup<AnalysisSample>;
    outputs: Lookup<SampleOutput>;
  },
): ClusteredSamples {
  if (input.precomputedClustering !== undefined) {
    const ids = clustered.map((s) => s.id);
    const found = precomputedResult(input.precomputedClustering, ids);
    return { method: 'embedding', ...found, features: null };
  }
  return clusterSamples({
    embeddings: matrix,
    dimensions,
    method: input.clustering ?? 'error-aware',
    signal: errorSignalOf(input, clustered, lookups.samplesById, lookups.outputs),
    ...(input.k === undefined ? {} : { k: input.k }),
    kmeans: options,
    minSupport: {
      absolute: options.minAggressorSize,
      fraction: options.minSupportFraction,
    },
  });
}

/**
 * The clustered rows of the run's matrix, in their order: a view of it when
 * they are its leading rows in order (nothing copied), else a copy.
 */
function clusteredMatrix(
  run: CollectedRun,
  clustered: readonly CollectedSample[],
): Float32Array {
  const d = run.dimensions;
  if (clustered.every((s, i) => s.row === i)) {
    return run.matrix.subarray(0, clustered.length * d);
  }

  const matrix = new Float32Array(clustered.length * d);
  clustered.forEach((s, i) =>
    matrix.set(run.matrix.subarray(s.row * d, (s.row + 1) * d), i * d),
  );

  return matrix;
}

/** The clustered samples' metadata table, from the columns when given. */
function clusteredMetadata(
  input: AnalyzeRunInput,
  clustered: readonly CollectedSample[],
  ids: readonly string[],
): MetadataTable {
  const rows = Int32Array.from(clustered, (s) => s.index);
  if (input.metadataColumns !== undefined) {
    return metadataTable(input.metadataColumns, ids, rows);
  }

  return buildMetadataTable(
    clustered.map((s) => input.samples[s.index] as AnalysisSample),
  );
}

/**
 * The clustered samples by id, through the row index the analysis already
 * has: no second million-entry map.
 */
function sampleLookup(
  samples: readonly AnalysisSample[],
  clustered: readonly CollectedSample[],
  rowOf: ReadonlyMap<string, number>,
): Lookup<AnalysisSample> {
  return {
    get: (id) => {
      const row = rowOf.get(id);
      return row === undefined
        ? undefined
        : samples[(clustered[row] as CollectedSample).index];
    },
  };
}

/** Each cluster tested against the rest (docs/analysis.md, "Significance"). */
function assess(
  clusters: readonly ClusterSummary[],
  clustered: readonly CollectedSample[],
  losses: Float64Array,
  options: Options,
  rowOf: ReadonlyMap<string, number>,
): Map<string, CandidateAssessment> {
  const isClassification = clustered.some((s) => s.correct !== null);
  const assessments = assessCandidates({
    losses,
    correct: isClassification ? clustered.map((s) => s.correct === true) : null,
    groups: clusters.map((c) => ({
      id: c.id,
      memberIndexes: c.sampleIds.map((id) => rowOf.get(id) as number),
    })),
    minSupport: {
      absolute: options.minAggressorSize,
      fraction: options.minSupportFraction,
    },
    minLossRatio: options.minLossRatio,
    alpha: options.alpha,
  });

  return new Map(assessments.map((a) => [a.id, a]));
}

function aggressorOf(
  cluster: ClusterSummary,
  index: number,
  assessment: CandidateAssessment,
  description: AggressorDescription | undefined,
): Aggressor {
  const { index: _index, ...summary } = cluster;
  const { heatmapPng: _png, ...described } = description ?? emptyDescription();

  return {
    ...summary,
    rank: index + 1,
    impact: assessment.impact,
    pValue: assessment.pValue,
    qValue: assessment.qValue,
    errorRateInterval: assessment.errorRateInterval,
    fewPositives: assessment.fewPositives,
    ...described,
  };
}

function emptyDescription(): AggressorDescription {
  return {
    metadata: [],
    rule: null,
    hypothesis: '',
    representatives: { typical: [], worst: [] },
    heatmap: null,
    heatmapPng: null,
    action: { kind: 'augment', reason: '', evidence: {} },
  };
}
