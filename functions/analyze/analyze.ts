/**
 * The Analyze task: reads the run's context, samples and outputs from
 * work/<runId>/, runs the domain analysis, and writes the results under
 * results/ and the aggressor items (an earlier attempt's removed first). It
 * leaves the run record alone: Notify points it at the results once the run
 * has succeeded.
 */
import {
  deleteAggressorSummaries,
  putAggressorSummaries,
} from '../../shared/aws/runs.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { getRunContext } from '../../shared/aws/run-context.ts';
import { getPrecomputedClustering } from '../../shared/aws/clustering-files.ts';
import { putBytes, putJson, putLines } from '../../shared/aws/s3-io.ts';
import { analyzeRun } from '../../shared/analysis/analyze.ts';
import type {
  AnalyzeRunOptions,
  RunAnalysis,
  RunAsColumns,
} from '../../shared/analysis/types.ts';
import type { Analyzed, PipelineState, Prepared } from '../../shared/pipeline/types.ts';
import { AnalyzeStateError } from './errors.ts';
import { aggressorSummaries, columnResultLines, runResults } from './results.ts';
import { readRunOutputsIntoMatrix, readRunSamplesColumnar } from './run-matrix.ts';
import {
  writeLabelingQueue,
  type EvaluationEmbeddings,
  type LabelingQueueResult,
} from './labeling.ts';

/**
 * The analysis input as read from S3: the samples and outputs as columns
 * (failed outputs included), the embeddings in one matrix, the metadata as
 * columns.
 */
type LoadedRun = AnalyzeRunOptions & RunAsColumns & { labelingBudget?: number };

export async function analyze(
  state: PipelineState,
  deps: PipelineDeps,
): Promise<Analyzed> {
  const prepared = state.prepared;
  if (prepared === undefined) {
    throw new AnalyzeStateError(state.runId, '$.prepared');
  }
  const startedAtEpochMs = deps.nowEpochMs();

  const input = await loadRun(prepared, deps);
  if (state.clustering !== undefined) {
    const { bucket, runId } = prepared;
    const found = await getPrecomputedClustering(
      deps.s3,
      bucket,
      runId,
      state.clustering,
    );
    input.precomputedClustering = found;
  }
  const analysis = analyzeRun(input);
  const queue = await writeLabelingQueue(
    prepared,
    evaluationEmbeddings(input),
    analysis,
    input.labelingBudget,
    deps,
  );
  const resultsKey = await storeResults(prepared, input, analysis, queue, deps);
  deps.logger.info('run analysed', {
    runId: prepared.runId,
    ...analysis.counts,
    k: analysis.clustering.k,
    aggressorCount: analysis.aggressors.length,
    queued: queue?.queue.length ?? 0,
    durationMs: deps.nowEpochMs() - startedAtEpochMs,
  });

  return analyzedOf(resultsKey, analysis);
}

/** Each evaluation sample's embedding row (a view of the run's matrix), by id. */
function evaluationEmbeddings(input: LoadedRun): EvaluationEmbeddings {
  const { data, dimensions, rowOfSample } = input.embeddings;
  const sampleOf = new Map(input.columns.ids.map((id, i) => [id, i]));

  return {
    dimensions,
    rowOf: (id) => {
      const index = sampleOf.get(id);
      if (index === undefined) return undefined;
      const row = rowOfSample?.[index] ?? index;
      return data.subarray(row * dimensions, (row + 1) * dimensions);
    },
  };
}

/** Task, classes and score kind from run.json, with the run's samples and outputs. */
async function loadRun(prepared: Prepared, deps: PipelineDeps): Promise<LoadedRun> {
  const { bucket, runId } = prepared;
  const context = await getRunContext(deps.s3, bucket, runId);
  const { ids, labels, metadataColumns } = await readRunSamplesColumnar(
    deps.s3,
    bucket,
    runId,
  );
  const scoreWidth =
    context.task === 'classification' ? (context.classes?.length ?? 0) : 0;
  const { outputs, embeddings } = await readRunOutputsIntoMatrix(
    deps.s3,
    bucket,
    runId,
    ids,
    scoreWidth,
  );

  return {
    task: context.task,
    classes: context.classes,
    scoreKind: context.scores,
    columns: { ids, labels, ...outputs },
    metadataColumns,
    embeddings,
    ...(context.labelingBudget !== undefined && {
      labelingBudget: context.labelingBudget,
    }),
  };
}

/** Writes the S3 results, then replaces the run's aggressor items; returns the results key. */
async function storeResults(
  prepared: Prepared,
  input: LoadedRun,
  analysis: RunAnalysis,
  queue: LabelingQueueResult | undefined,
  deps: PipelineDeps,
): Promise<string> {
  const { bucket, runId, project, modelVersion } = prepared;
  const { table } = deps.config;
  const resultsKey = s3Keys.results(project, modelVersion, runId);
  const sampleScoresKey = s3Keys.sampleScores(project, modelVersion, runId);
  const lines = columnResultLines(input.columns, analysis.perSample);

  await putLines(deps.s3, bucket, sampleScoresKey, lines);
  const heatmapKeys = await putHeatmaps(prepared, analysis, deps);
  await putJson(
    deps.s3,
    bucket,
    resultsKey,
    runResults(prepared, analysis, queue, heatmapKeys),
  );
  await deleteAggressorSummaries(deps.ddb, table, runId);
  await putAggressorSummaries(
    deps.ddb,
    table,
    runId,
    aggressorSummaries(analysis.aggressors),
  );

  return resultsKey;
}

/** Each aggressor's mean heatmap as a PNG beside the results; keys by aggressor id. */
async function putHeatmaps(
  { bucket, project, modelVersion, runId }: Prepared,
  analysis: RunAnalysis,
  deps: PipelineDeps,
): Promise<Record<string, string>> {
  const keys: Record<string, string> = {};
  for (const [id, png] of Object.entries(analysis.heatmapPngs)) {
    const key = s3Keys.heatmap(project, modelVersion, runId, id);
    await putBytes(deps.s3, bucket, key, png, 'image/png');
    keys[id] = key;
  }

  return keys;
}

function analyzedOf(resultsKey: string, analysis: RunAnalysis): Analyzed {
  return {
    resultsKey,
    aggressorCount: analysis.aggressors.length,
    counts: analysis.counts,
    overall: analysis.overall,
  };
}
