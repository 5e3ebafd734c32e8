/**
 * The Analyze task: reads the run's samples and outputs from S3, runs the
 * domain analysis, writes the results, then points the run record at them.
 */
import { putAggressorSummaries, updateRun } from '../../shared/aws/runs.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { getText, putJson, putLines } from '../../shared/aws/s3-io.ts';
import { analyzeRun } from '../../shared/analysis/analyze.ts';
import { parseManifest } from '../../shared/bundle/manifest.ts';
import type { AnalyzeRunInput, RunAnalysis } from '../../shared/analysis/types.ts';
import type { Analyzed, PipelineState, Prepared } from '../../shared/pipeline/types.ts';
import { AnalyzeStateError } from './errors.ts';
import { aggressorSummaries, runResults } from './results.ts';
import { readRunOutputs, readRunSamples } from './run-lines.ts';

export async function analyze(
  state: PipelineState,
  deps: PipelineDeps,
): Promise<Analyzed> {
  const prepared = state.prepared;
  if (prepared === undefined) {
    throw new AnalyzeStateError(state.runId, '$.prepared');
  }
  const startedAtEpochMs = deps.nowEpochMs();

  const analysis = analyzeRun(await loadRun(state, prepared, deps));
  const resultsKey = await storeResults(prepared, analysis, deps);
  deps.logger.info('run analysed', {
    runId: prepared.runId,
    ...analysis.counts,
    k: analysis.clustering.k,
    aggressorCount: analysis.aggressors.length,
    durationMs: deps.nowEpochMs() - startedAtEpochMs,
  });

  return {
    resultsKey,
    aggressorCount: analysis.aggressors.length,
    sampleCount: analysis.counts.samples,
    failedCount: analysis.counts.failed,
  };
}

/** The manifest's task, classes and score kind, with the run's samples and outputs. */
async function loadRun(
  state: PipelineState,
  prepared: Prepared,
  deps: PipelineDeps,
): Promise<AnalyzeRunInput> {
  const manifestFile = `s3://${state.bucket}/${state.manifestKey}`;
  const manifestText = await getText(deps.s3, state.bucket, state.manifestKey);
  const manifest = parseManifest(manifestText, manifestFile);

  return {
    task: manifest.task,
    classes: manifest.classes,
    scoreKind: manifest.scores,
    samples: await readRunSamples(deps.s3, prepared.bucket, prepared.runId),
    outputs: await readRunOutputs(deps.s3, prepared.bucket, prepared.runId),
  };
}

/** Writes the S3 results, then the aggressor items, then the run record; returns the results key. */
async function storeResults(
  prepared: Prepared,
  analysis: RunAnalysis,
  deps: PipelineDeps,
): Promise<string> {
  const { bucket, runId, project, modelVersion } = prepared;
  const { table } = deps.config;
  const resultsKey = s3Keys.results(project, modelVersion, runId);
  const sampleScoresKey = s3Keys.sampleScores(project, modelVersion, runId);

  await putLines(deps.s3, bucket, sampleScoresKey, analysis.perSample);
  await putJson(deps.s3, bucket, resultsKey, runResults(prepared, analysis));
  await putAggressorSummaries(
    deps.ddb,
    table,
    runId,
    aggressorSummaries(analysis.aggressors),
  );
  await updateRun(deps.ddb, table, project, runId, {
    counts: analysis.counts,
    overall: analysis.overall,
    resultsKey,
    aggressorCount: analysis.aggressors.length,
  });

  return resultsKey;
}
