import { listRuns } from '../../shared/aws/runs.ts';
import { duration, table } from '../format.ts';
import { openStore, type StoreOptions } from '../store.ts';

export async function runsCommand(
  project: string,
  options: StoreOptions & { json?: boolean },
): Promise<void> {
  const store = await openStore(options);
  try {
    const runs = await listRuns(store.ddb, store.table, project);
    if (options.json) {
      console.log(JSON.stringify(runs, null, 2));
      return;
    }
    if (runs.length === 0) {
      console.log(`no runs of project "${project}" in ${store.location}`);
      return;
    }
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
    console.log(
      table(
        ['version', 'run', 'status', 'uploaded', 'took', 'aggressors', 'error'],
        rows,
      ),
    );
  } finally {
    await store.close();
  }
}
