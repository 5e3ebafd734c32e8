/**
 * Local runs cut short. A run is marked failed ("interrupted") when
 * `aggressors run` gets SIGINT or SIGTERM, and, when its process was killed
 * outright, by the next `aggressors run` of the project. Runs on AWS are
 * left to the pipeline.
 */
import { constants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { finalChange } from '../../functions/notify/finalize-run.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import type { LocalStorage } from '../../infra/local/storage.ts';
import { listRuns, updateRun, type RunRecord } from '../../shared/aws/runs.ts';
import { silentLogger } from '../../shared/logger.ts';
import type { Progress } from '../progress.ts';

/** What to do when the same manifest cannot start another local run. */
export const FRESH_RUN_HINT =
  'The local bucket keeps no versions, so the same manifest bytes make the same ' +
  'run id (docs/local.md); to start a fresh run, change modelVersion or any byte ' +
  'of manifest.json.';

/** The error of a local run whose process stopped without a signal it could handle. */
const ABANDONED =
  'interrupted: the aggressors process running it stopped (killed or crashed) ' +
  'before the run ended';

/** How long a stop waits for Prepare to mark a just-queued run running, and how often it looks. */
const PREPARE_START_WAIT_MS = 2_000;
const POLL_MS = 25;

const silentProgress: Progress = { step: () => undefined, logger: silentLogger };

type RunStorage = Pick<LocalStorage, 'ddb' | 'table'>;

/**
 * Marks the project's queued and running local runs failed with `message`.
 * The local state admits one process at a time, so while this process holds
 * it such a run is its own (on a signal) or was left by a process that
 * stopped before the run ended.
 */
export async function failUnfinishedRuns(
  storage: RunStorage,
  project: string,
  message: string,
  progress: Progress,
): Promise<RunRecord[]> {
  const runs = await listRuns(storage.ddb, storage.table, project);
  const unfinished = runs.filter(
    (r) => r.status === 'queued' || r.status === 'running',
  );

  for (const run of unfinished) {
    const { modelVersion, runId } = run;
    const failed = { project, modelVersion, status: 'failed' as const };
    const { set, remove } = finalChange({ ...failed, error: { message } }, Date.now());
    await updateRun(storage.ddb, storage.table, project, runId, set, remove);
    progress.step(
      `run ${runId} of ${project} ${modelVersion} was ${run.status}: ` +
        `marked failed (${message})`,
    );
  }
  return unfinished;
}

/** Before a local run starts: fails the project's runs a stopped process left unfinished. */
export async function failAbandonedRuns(
  storage: RunStorage,
  project: string,
  progress: Progress,
): Promise<RunRecord[]> {
  return failUnfinishedRuns(storage, project, ABANDONED, progress);
}

/**
 * On SIGINT or SIGTERM, marks the run failed ("interrupted") and exits with
 * 128 + the signal's number, so that the run is not left running for ever;
 * a second signal stops at once. Returns what stops the watching.
 */
export function failRunOnSignal(
  stack: LocalStack,
  project: string,
  progress: Progress,
): () => void {
  const stopWatching = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stopWatching();
    void stopInterrupted(stack, project, signal, progress);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  return stopWatching;
}

async function stopInterrupted(
  stack: LocalStack,
  project: string,
  signal: NodeJS.Signals,
  progress: Progress,
): Promise<never> {
  progress.step(
    `${signal}: marking the run failed before stopping (again to stop at once)`,
  );
  const message = `interrupted: aggressors run received ${signal} before the run ended`;
  try {
    const marked = await failUnfinishedRuns(stack.storage, project, message, progress);
    const queued = marked.filter((run) => run.status === 'queued');
    if (await prepareMarkedRunning(stack, project, queued)) {
      await failUnfinishedRuns(stack.storage, project, message, silentProgress);
    }
    if (marked.length > 0) progress.step(FRESH_RUN_HINT);
    await stack.storage.close();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    progress.step(`could not mark the run failed: ${reason}`);
  }

  process.exit(128 + constants.signals[signal]);
}

/**
 * Whether Prepare marked one of these queued runs running after they were
 * failed. Prepare sets `startedAtEpochMs` when it marks a run running, so a
 * failed run that has it was started before it was failed; one that has
 * not is waited for, up to a limit, if this process started its execution.
 */
async function prepareMarkedRunning(
  stack: LocalStack,
  project: string,
  queued: RunRecord[],
): Promise<boolean> {
  const runIds = new Set(
    queued.map((run) => run.runId).filter((id) => stack.machine.executions.has(id)),
  );
  if (runIds.size === 0) return false;

  for (let waitedMs = 0; waitedMs < PREPARE_START_WAIT_MS; waitedMs += POLL_MS) {
    const runs = await listRuns(stack.storage.ddb, stack.storage.table, project);
    const ours = runs.filter((run) => runIds.has(run.runId));
    if (ours.some((run) => run.status === 'running')) return true;
    if (ours.every((run) => run.startedAtEpochMs !== undefined)) return false;
    await sleep(POLL_MS);
  }
  return false;
}
