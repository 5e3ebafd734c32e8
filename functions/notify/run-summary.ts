/** The message posted when a run ends: ids, status, and where to look. */
import type { RunError } from '../../shared/aws/runs.ts';
import type { PipelineState } from '../../shared/pipeline/types.ts';

export interface RunSummary {
  runId: string;
  project: string;
  modelVersion: string;
  status: 'succeeded' | 'failed';
  /** Null when the run failed: a failed run points at no results. */
  aggressorCount: number | null;
  error?: RunError;
  /** Null when the run failed. */
  resultsKey: string | null;
  /** One line for chat tools (Slack reads `text`). */
  text: string;
}

export function runSummary(
  state: PipelineState,
  identity: { project: string; modelVersion: string },
  error: RunError | undefined,
): RunSummary {
  const { project, modelVersion } = identity;
  const results = error ? undefined : state.analyzed;
  const aggressorCount = results?.aggressorCount ?? null;
  const summary: RunSummary = {
    runId: state.runId,
    project,
    modelVersion,
    status: error ? 'failed' : 'succeeded',
    aggressorCount,
    resultsKey: results?.resultsKey ?? null,
    text: summaryText(project, modelVersion, aggressorCount, error),
  };
  if (error) summary.error = error;

  return summary;
}

function summaryText(
  project: string,
  modelVersion: string,
  aggressorCount: number | null,
  error: RunError | undefined,
): string {
  const run = `${project} ${modelVersion}`;
  if (error) return `aggressors: run of ${run} failed: ${error.message}`;
  const found =
    aggressorCount === 1 ? '1 aggressor' : `${aggressorCount ?? 0} aggressors`;

  return `aggressors: run of ${run} succeeded, ${found} found`;
}
