/**
 * Sets a run's final status. On-upload wrote the record ('queued'); should
 * it be missing all the same, it is written whole from the execution state,
 * so a run never ends without its record.
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { RunMissingError } from '../../shared/aws/errors.ts';
import { createRun, updateRun } from '../../shared/aws/runs.ts';
import type { RunError, RunRecord } from '../../shared/aws/runs.ts';
import type { PipelineState } from '../../shared/pipeline/types.ts';

export interface FinalStatus {
  project: string;
  modelVersion: string;
  status: 'succeeded' | 'failed';
  error?: RunError;
}

export async function finalizeRun(
  state: PipelineState,
  final: FinalStatus,
  deps: PipelineDeps,
): Promise<void> {
  const { project, status, error } = final;
  const fields: Partial<RunRecord> = { status, finishedAtEpochMs: deps.nowEpochMs() };
  if (error) fields.error = error;
  const { ddb, config } = deps;

  try {
    await updateRun(ddb, config.table, project, state.runId, fields);
  } catch (caught) {
    if (!(caught instanceof RunMissingError)) throw caught;
    deps.logger.warn('run record missing, writing it whole', { runId: state.runId });
    const record = wholeRecord(state, final, fields);
    const outcome = await createRun(ddb, config.table, record);
    if (outcome === 'exists')
      await updateRun(ddb, config.table, project, state.runId, fields);
  }
}

function wholeRecord(
  state: PipelineState,
  final: FinalStatus,
  fields: Partial<RunRecord>,
): RunRecord {
  return {
    project: final.project,
    modelVersion: final.modelVersion,
    runId: state.runId,
    status: final.status,
    uploadedAtEpochMs: state.uploadedAtEpochMs,
    manifestKey: state.manifestKey,
    ...fields,
  };
}
