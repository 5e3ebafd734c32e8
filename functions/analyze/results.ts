/** The run's results as stored in S3 and summarised in DynamoDB. */
import type { AggressorSummary } from '../../shared/aws/runs.ts';
import type {
  Aggressor,
  ClusteringInfo,
  OverallMetrics,
  PerSampleResult,
  SampleResults,
  RunAnalysis,
  RunColumns,
  RunCounts,
  SampleOutput,
} from '../../shared/analysis/types.ts';

import type { LabelingQueueResult } from './labeling.ts';

export const RESULTS_SCHEMA_VERSION = 1;

export interface RunIdentity {
  project: string;
  modelVersion: string;
  runId: string;
}

/**
 * `aggressors.json`: the analysis part of what `aggressors show --json`
 * prints (DESIGN.md "Results"). It carries no status: the run record is the
 * authority on that, and `show` merges the two.
 */
export interface RunResults extends RunIdentity {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  counts: RunCounts;
  overall: OverallMetrics;
  aggressors: Array<Aggressor & { similarUnlabeled: SimilarUnlabeled[] }>;
  clustering: ClusteringInfo;
  /** Loss against each metadata field over the whole run. */
  lossByField: RunAnalysis['lossByField'];
  /** The 2-D map (per-sample x, y are in samples.jsonl). */
  map: RunAnalysis['map'];
  /** Present when the manifest names a pool. */
  labelingQueue?: { key: string; size: number; budget: number };
}

export interface SimilarUnlabeled {
  id: string;
  distance: number;
}

export function runResults(
  identity: RunIdentity,
  analysis: RunAnalysis,
  queue?: LabelingQueueResult,
  heatmapKeys?: Record<string, string>,
): RunResults {
  const queued = new Map<string, SimilarUnlabeled[]>();
  for (const { id, aggressorId, distance } of queue?.queue ?? []) {
    queued.set(aggressorId, [...(queued.get(aggressorId) ?? []), { id, distance }]);
  }

  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    project: identity.project,
    modelVersion: identity.modelVersion,
    runId: identity.runId,
    counts: analysis.counts,
    overall: analysis.overall,
    aggressors: analysis.aggressors.map((aggressor) => ({
      ...aggressor,
      ...(aggressor.heatmap && {
        heatmap: { ...aggressor.heatmap, key: heatmapKeys?.[aggressor.id] },
      }),
      similarUnlabeled: queued.get(aggressor.id) ?? [],
    })),
    clustering: analysis.clustering,
    lossByField: analysis.lossByField,
    map: analysis.map,
    ...(queue && {
      labelingQueue: { key: queue.key, size: queue.queue.length, budget: queue.budget },
    }),
  };
}

/** One small DynamoDB item per aggressor: no member ids. */
export function aggressorSummaries(
  aggressors: readonly Aggressor[],
): AggressorSummary[] {
  return aggressors.map(
    ({ id, rank, size, share, meanLoss, lossRatio, errorRate }) => ({
      id,
      rank,
      size,
      share,
      meanLoss,
      lossRatio,
      errorRate,
    }),
  );
}

/** A sample whose inference failed, with the reason, in the per-sample file. */
export interface FailedSampleLine {
  id: string;
  error: string;
}

/**
 * The per-sample file's lines, in sample order: each scored sample's result,
 * and `{ id, error }` for a sample whose inference failed (work/ expires, so
 * the reason is kept here).
 */
export function sampleResultLines(
  samples: readonly { id: string }[],
  outputs: readonly SampleOutput[],
  perSample: SampleResults,
): Generator<PerSampleResult | FailedSampleLine> {
  const errors = new Map<string, string>();
  for (const { id, error } of outputs) if (error !== undefined) errors.set(id, error);

  return resultLines(
    samples.map((s) => s.id),
    (i) => errors.get((samples[i] as { id: string }).id),
    perSample,
  );
}

/** `sampleResultLines` for a run read as columns. */
export function columnResultLines(
  columns: Pick<RunColumns, 'ids' | 'others'>,
  perSample: SampleResults,
): Generator<PerSampleResult | FailedSampleLine> {
  return resultLines(columns.ids, (i) => columns.others[i]?.error, perSample);
}

/**
 * Built one line at a time: the results are in sample order with the failed
 * samples left out, so one walk pairs them; a result that does not pair up
 * is a bug, refused rather than written as a shorter file.
 */
function* resultLines(
  ids: readonly string[],
  errorAt: (index: number) => string | undefined,
  perSample: SampleResults,
): Generator<PerSampleResult | FailedSampleLine> {
  let next = 0;
  for (let index = 0; index < ids.length; index++) {
    const id = ids[index] as string;
    const error = errorAt(index);
    if (error !== undefined) {
      yield { id, error };
      continue;
    }
    const result = next < perSample.length ? perSample.at(next) : undefined;
    if (result?.id !== id) {
      throw new Error(
        `per-sample results out of step with the samples at sample ${index} ` +
          `("${id}"): result ${next} is ${result === undefined ? 'missing' : `"${result.id}"`}`,
      );
    }
    next++;
    yield result;
  }
  if (next !== perSample.length) {
    throw new Error(`${perSample.length - next} per-sample results have no sample`);
  }
}
