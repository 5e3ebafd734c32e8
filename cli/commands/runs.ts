import { listRuns, type RunRecord } from '../../shared/aws/runs.ts';
import { duration, shellWords, table } from '../format.ts';
import { openStore, type StoreOptions } from '../store.ts';

/**
 * `aggressors runs`: the project's runs, or with a model version only that
 * version's, oldest upload first (the last of a version is the one `show` opens).
 */
export async function runsCommand(
  project: string,
  modelVersion: string | undefined,
  options: StoreOptions & { json?: boolean },
): Promise<void> {
  const store = await openStore(options);
  try {
    const all = await listRuns(store.ddb, store.table, project);
    const runs =
      modelVersion === undefined
        ? all
        : all.filter((run) => run.modelVersion === modelVersion);
    if (options.json) {
      console.log(JSON.stringify(runs, null, 2));
      return;
    }
    if (runs.length === 0) {
      const of = modelVersion === undefined ? '' : ` model version "${modelVersion}"`;
      console.log(`no runs of project "${project}"${of} in ${store.location}`);
      return;
    }
    console.log(describeRuns(runs));
    if (modelVersion !== undefined) console.log(openHint(runs));
  } finally {
    await store.close();
  }
}

function describeRuns(runs: RunRecord[]): string {
  const rows = runs.map((run) => [
    run.modelVersion,
    run.runId,
    run.status,
    new Date(run.uploadedAtEpochMs).toISOString(),
    duration(
      run.finishedAtEpochMs && run.startedAtEpochMs
        ? run.finishedAtEpochMs - run.startedAtEpochMs
        : undefined,
    ),
    run.aggressorCount ?? '-',
    run.error?.message ?? '',
  ]);

  return table(
    ['version', 'run', 'status', 'uploaded', 'took', 'aggressors', 'error'],
    rows,
  );
}

/** Under one version's runs: which one `show` opens, and how to open another. */
function openHint(runs: RunRecord[]): string {
  const latest = runs.at(-1) as RunRecord;
  const show = shellWords(['aggressors', 'show', latest.project, latest.modelVersion]);
  const another = runs.length > 1 ? `; ${show} --run <run> opens another` : '';

  return `\n${show} opens the latest (${latest.runId})${another}`;
}
