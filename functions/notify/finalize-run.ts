/**
 * Sets a run's final status. On success the record is pointed at the
 * results (counts, overall, resultsKey, aggressorCount) and an earlier
 * attempt's error is removed; on failure the error is set and any results
 * fields are removed, so a failed run never points at results. On-upload
 * wrote the record ('queued'); should it be missing all the same, it is
 * written whole from the execution state, so a run never ends without it.
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { RunMissingError } from '../../shared/aws/errors.ts';
import { createRun, updateRun } from '../../shared/aws/runs.ts';
import type { RunError, RunField, RunRecord } from '../../shared/aws/runs.ts';
import type { Analyzed, PipelineState } from '../../shared/pipeline/types.ts';

export type FinalStatus =
  | { project: string; modelVersion: string; status: 'succeeded'; analyzed: Analyzed }
  | { project: string; modelVersion: string; status: 'failed'; error: RunError };

/** The fields that point a run record at its results. */
export const RESULT_FIELDS: readonly RunField[] = [
  'counts',
  'overall',
  'resultsKey',
  'aggressorCount',
];

interface FinalChange {
  set: Partial<RunRecord>;
  remove: readonly RunField[];
}

export async function finalizeRun(
  state: PipelineState,
  final: FinalStatus,
  deps: PipelineDeps,
): Promise<void> {
  const { set, remove } = finalChange(final, deps.nowEpochMs());
  const { ddb, config } = deps;

  try {
    await updateRun(ddb, config.table, final.project, state.runId, set, remove);
  } catch (caught) {
    if (!(caught instanceof RunMissingError)) throw caught;
    deps.logger.warn('run record missing, writing it whole', { runId: state.runId });
    const outcome = await createRun(ddb, config.table, wholeRecord(state, final, set));
    if (outcome === 'exists')
      await updateRun(ddb, config.table, final.project, state.runId, set, remove);
  }
}

/** What to set and remove on the record for the final status. */
export function finalChange(final: FinalStatus, nowEpochMs: number): FinalChange {
  const finished = { status: final.status, finishedAtEpochMs: nowEpochMs };
  if (final.status === 'failed') {
    return { set: { ...finished, error: final.error }, remove: RESULT_FIELDS };
  }

  const { counts, overall, resultsKey, aggressorCount } = final.analyzed;

  return {
    set: { ...finished, counts, overall, resultsKey, aggressorCount },
    remove: ['error'],
  };
}

function wholeRecord(
  state: PipelineState,
  final: FinalStatus,
  set: Partial<RunRecord>,
): RunRecord {
  return {
    project: final.project,
    modelVersion: final.modelVersion,
    runId: state.runId,
    status: final.status,
    uploadedAtEpochMs: state.uploadedAtEpochMs,
    manifestKey: state.manifestKey,
    ...set,
  };
}
