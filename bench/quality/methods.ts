import type { MetadataValue } from '../../shared/bundle/types.ts';
import { analyzeRun, ANALYSIS_DEFAULTS } from '../../shared/analysis/analyze.ts';
import { clusterEmbeddings } from '../../shared/analysis/cluster-embeddings.ts';
import { scoreSample } from '../../shared/analysis/losses.ts';
import { rankClusters } from '../../shared/analysis/rank.ts';
import type { LossContext } from '../../shared/analysis/types.ts';
import type { BenchCorpus } from './corpus.ts';
import { TOP_AGGRESSORS } from './settings.ts';
import type { SpamClass } from './types.ts';

export const LOSS_CONTEXT: LossContext = {
  task: 'classification',
  classes: ['ham', 'spam'],
  scoreKind: 'probabilities',
};

/** One evaluation as a method sees it: labels and the model's scores. */
export interface Evaluation {
  labels: readonly SpamClass[];
  scores: ReadonlyArray<[number, number]>;
}

/** The corpus with its embeddings as the arrays the analysis reads, made once. */
export interface PreparedCorpus extends BenchCorpus {
  embeddingRows: number[][];
  indexOf: ReadonlyMap<string, number>;
}

export function prepareCorpus(corpus: BenchCorpus): PreparedCorpus {
  const d = corpus.dimensions;

  return {
    ...corpus,
    embeddingRows: corpus.ids.map((_, i) =>
      Array.from(corpus.embeddings.subarray(i * d, (i + 1) * d)),
    ),
    indexOf: new Map(corpus.ids.map((id, i) => [id, i])),
  };
}

/** A method's first aggressors as member indexes, and the k it clustered with. */
export interface MethodAggressors {
  aggressors: number[][];
  k: number;
}

/**
 * The product's aggressors (analyzeRun with its defaults, as a pipeline run
 * makes them), best rank first, as member indexes: at most TOP_AGGRESSORS.
 * `hiddenField` is removed from every sample's metadata first.
 */
export function productAggressors(
  corpus: PreparedCorpus,
  evaluation: Evaluation,
  hiddenField: string | null,
): MethodAggressors {
  const analysis = analyzeRun({
    ...LOSS_CONTEXT,
    samples: corpus.ids.map((id, i) => ({
      id,
      label: evaluation.labels[i] as SpamClass,
      metadata: without(corpus.metadata[i] ?? {}, hiddenField),
    })),
    outputs: corpus.ids.map((id, i) => ({
      id,
      embedding: corpus.embeddingRows[i] as number[],
      scores: [...(evaluation.scores[i] as [number, number])],
    })),
  });

  return {
    aggressors: analysis.aggressors
      .slice(0, TOP_AGGRESSORS)
      .map((a) => a.sampleIds.map((id) => corpus.indexOf.get(id) as number)),
    k: analysis.clustering.k,
  };
}

/**
 * Plain k-means of the embeddings (samples in id order, as the product
 * clusters them) with the product's k-means defaults and the given k.
 */
export function baselineAssignments(corpus: BenchCorpus, k: number): Int32Array {
  const result = clusterEmbeddings(corpus.embeddings, corpus.dimensions, {
    k,
    seed: ANALYSIS_DEFAULTS.seed,
    maxIterations: ANALYSIS_DEFAULTS.maxIterations,
    tolerance: ANALYSIS_DEFAULTS.tolerance,
    restarts: ANALYSIS_DEFAULTS.restarts,
  });

  return result.assignments;
}

/**
 * The baseline's aggressors: the plain k-means clusters ranked by loss ratio
 * to the rest (rank.ts), first TOP_AGGRESSORS, with no significance filter.
 */
export function baselineAggressors(
  corpus: PreparedCorpus,
  clustering: { k: number; assignments: Int32Array },
  evaluation: Evaluation,
): MethodAggressors {
  const scored = corpus.ids.map((id, i) =>
    scoreSample(
      LOSS_CONTEXT,
      { id, label: evaluation.labels[i] as SpamClass, metadata: {} },
      { id, scores: [...(evaluation.scores[i] as [number, number])] },
    ),
  );
  const ranked = rankClusters({
    sampleIds: corpus.ids,
    losses: Float64Array.from(scored, (s) => s.loss),
    correct: scored.map((s) => s.correct === true),
    assignments: clustering.assignments,
    k: clustering.k,
  });

  return {
    aggressors: ranked
      .slice(0, TOP_AGGRESSORS)
      .map((c) => c.sampleIds.map((id) => corpus.indexOf.get(id) as number)),
    k: clustering.k,
  };
}

function without(
  metadata: Readonly<Record<string, MetadataValue>>,
  field: string | null,
): Record<string, MetadataValue> {
  if (field === null) return { ...metadata };

  const { [field]: _hidden, ...rest } = metadata;
  return rest;
}
