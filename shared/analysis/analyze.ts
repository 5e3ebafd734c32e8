import { compareCodeUnits } from './cluster-id.ts';
import { rowIndex } from './id-index.ts';
import { clusterSamples, type ClusteredSamples } from './cluster-embeddings.ts';
import { collectSamples } from './collect-samples.ts';
import type { CollectedRun, ScoredColumns } from './collect-samples.ts';
import {
  describeAggressors,
  type AggressorDescription,
  type ClassEvidence,
} from './describe-aggressors.ts';
import { otherClassProbability } from './disagreement.ts';
import { errorSignalOf, gathered } from './error-signal.ts';
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
  const run = collectSamples(input, input);
  const { scored } = run;
  const positions = clusterable(scored);
  if (positions.length < 2) {
    return nothingToCompare(run, positions.length, options, input);
  }

  const dimensions = run.dimensions;
  const ids = Array.from(positions, (p) => scored.ids[p] as string);
  const rowOf = rowIndex(ids);
  const matrix = clusteredMatrix(run, positions);
  const losses = gathered(scored.losses, positions);
  const correct =
    scored.correct === null
      ? null
      : Array.from(positions, (p) => (scored.correct as Uint8Array)[p] === 1);
  const clustering = clusterRun(
    input,
    scored,
    { positions, ids, matrix, dimensions },
    options,
  );
  const { choice, result } = clustering;
  const clusters = rankClusters({
    sampleIds: ids,
    losses,
    correct,
    assignments: result.assignments,
    k: choice.k,
  });
  const assessed = assess(
    clusters,
    losses,
    correct,
    options,
    rowOf,
    clustering.regions,
  );
  const chosen = clusters.filter((c) => assessed.get(c.id)?.isAggressor);
  const table = clusteredMetadata(input, scored, positions, ids);
  const descriptions = describeAggressors({
    losses,
    classification: classEvidence(scored, positions, correct),
    matrix,
    dimensions,
    table,
    outputOfRow: (row) =>
      run.outputAt(scored.sampleIndex[positions[row] as number] as number),
    heatmaps: run.heatmaps,
    aggressors: chosen,
    ids,
    rowOf,
  });
  const projection = pcaProjection(
    matrix,
    dimensions,
    clustering.covariance === null ? {} : { covariance: clustering.covariance },
  );

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
    perSample: perSampleResults(scored, {
      positions,
      result,
      clusters,
      coordinates: projection.coordinates,
    }),
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

/** Positions (in `scored`) of the samples with finite embeddings, in id order. */
function clusterable(scored: ScoredColumns): Int32Array {
  const positions: number[] = [];
  for (let p = 0; p < scored.count; p++) {
    if ((scored.row[p] as number) >= 0) positions.push(p);
  }
  const { ids } = scored;
  positions.sort((a, b) => compareCodeUnits(ids[a] as string, ids[b] as string));

  return Int32Array.from(positions);
}

/**
 * Clusters the samples by the method asked for (default 'error-aware'), k
 * chosen unless given (docs/analysis.md, "Error-aware clustering").
 */
function clusterRun(
  input: AnalyzeRunInput,
  scored: ScoredColumns,
  rows: {
    positions: Int32Array;
    ids: readonly string[];
    matrix: Float32Array;
    dimensions: number;
  },
  options: Options,
): ClusteredSamples {
  const { positions, ids, matrix, dimensions } = rows;
  if (input.precomputedClustering !== undefined) {
    const found = precomputedResult(input.precomputedClustering, ids);
    return {
      method: 'embedding',
      ...found,
      regions: null,
      features: null,
      covariance: null,
    };
  }
  return clusterSamples({
    embeddings: matrix,
    dimensions,
    ids,
    method: input.clustering ?? 'error-aware',
    signal: errorSignalOf(scored, positions),
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
function clusteredMatrix(run: CollectedRun, positions: Int32Array): Float32Array {
  const d = run.dimensions;
  const rows = Int32Array.from(positions, (p) => run.scored.row[p] as number);
  if (rows.every((row, i) => row === i)) {
    return run.matrix.subarray(0, rows.length * d);
  }

  const matrix = new Float32Array(rows.length * d);
  rows.forEach((row, i) =>
    matrix.set(run.matrix.subarray(row * d, (row + 1) * d), i * d),
  );

  return matrix;
}

/** The clustered samples' metadata table, from the columns when given. */
function clusteredMetadata(
  input: AnalyzeRunInput,
  scored: ScoredColumns,
  positions: Int32Array,
  ids: readonly string[],
): MetadataTable {
  const rows = Int32Array.from(positions, (p) => scored.sampleIndex[p] as number);
  if (input.metadataColumns !== undefined) {
    return metadataTable(input.metadataColumns, ids, rows);
  }

  const { samples } = input as { samples: readonly AnalysisSample[] };
  return buildMetadataTable(
    Array.from(rows, (index) => samples[index] as AnalysisSample),
  );
}

/**
 * What the actions read of a classification run, per clustered sample: the
 * largest probability of a class other than the label (null for all when
 * any output had no scores) and whether the model was right.
 */
function classEvidence(
  scored: ScoredColumns,
  positions: Int32Array,
  correct: boolean[] | null,
): ClassEvidence | null {
  const columns = scored.classification;
  if (columns === null || correct === null) return null;
  if (positions.some((p) => columns.hasScores[p] !== 1)) return null;

  const otherClassProbabilities = Array.from(
    positions,
    (p) => otherClassProbability(scored, p) as number,
  );

  return { otherClassProbabilities, correct };
}

/** Each cluster tested against the rest (docs/analysis.md, "Significance"). */
function assess(
  clusters: readonly ClusterSummary[],
  losses: Float64Array,
  correct: boolean[] | null,
  options: Options,
  rowOf: ReadonlyMap<string, number>,
  regions: Int32Array | null,
): Map<string, CandidateAssessment> {
  const regionRows = regions === null ? null : rowsByRegion(regions, clusters);
  const assessments = assessCandidates({
    losses,
    correct,
    groups: clusters.map((c) => ({
      id: c.id,
      memberIndexes: c.sampleIds.map((id) => rowOf.get(id) as number),
      ...(regionRows && { testIndexes: regionRows.get(c.index) ?? [] }),
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

/** The rows of each cluster's region (its index in the k-means result). */
function rowsByRegion(
  regions: Int32Array,
  clusters: readonly ClusterSummary[],
): Map<number, number[]> {
  const rows = new Map<number, number[]>(clusters.map((c) => [c.index, []]));
  regions.forEach((region, row) => rows.get(region)?.push(row));

  return rows;
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
    tested: assessment.tested,
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
