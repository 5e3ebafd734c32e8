import type { RunResults } from '../functions/analyze/results.ts';
import { getJson } from '../shared/aws/s3-io.ts';
import { latestRunOfVersion, listRuns, type RunRecord } from '../shared/aws/runs.ts';
import { CliError } from './errors.ts';
import type { Store } from './store.ts';

/** One aggressor as `show --json` prints it (fields may be added, not renamed). */
export type AggressorView = RunResults['aggressors'][number];

/** The run as other tools read it: DESIGN.md "Results". */
export interface RunView {
  schemaVersion: 1;
  project: string;
  modelVersion: string;
  runId: string;
  status: RunRecord['status'];
  error?: RunRecord['error'];
  /** Null when the run ended before its samples were counted. */
  counts: { samples: number; quarantined: number; failed: number } | null;
  overall: {
    meanLoss: number | null;
    errorRate: number | null;
    accuracy: number | null;
  };
  aggressors: AggressorView[];
  resolved: unknown[];
  tests: unknown[];
  [field: string]: unknown;
}

const RUN_RECORD_FIELDS = [
  'schemaVersion',
  'project',
  'modelVersion',
  'runId',
  'status',
  'counts',
  'overall',
] as const;

interface StoredResults {
  aggressors?: AggressorView[];
  [field: string]: unknown;
}

/** The latest run of a model version, with its stored results. */
export async function loadRunView(
  store: Store,
  project: string,
  modelVersion: string,
): Promise<RunView> {
  const run = await latestRunOfVersion(store.ddb, store.table, project, modelVersion);
  if (run === undefined) {
    const known = (await listRuns(store.ddb, store.table, project)).map(
      (r) => r.modelVersion,
    );
    const hint =
      known.length > 0 ? ` (runs exist for: ${[...new Set(known)].join(', ')})` : '';
    throw new CliError(
      `no run of project "${project}" model version "${modelVersion}" in ` +
        `${store.location}${hint}`,
    );
  }
  const results =
    run.status === 'succeeded' && run.resultsKey
      ? await getJson<StoredResults>(store.s3, store.bucket, run.resultsKey)
      : {};

  // The run record speaks for identity, status and counts; the stored results
  // add the aggressors and whatever else the analysis reports.
  const { aggressors = [], ...more } = results;
  for (const field of RUN_RECORD_FIELDS) delete more[field];

  return {
    schemaVersion: 1,
    project: run.project,
    modelVersion: run.modelVersion,
    runId: run.runId,
    status: run.status,
    ...(run.error ? { error: run.error } : {}),
    counts: run.counts ?? null,
    overall: run.overall ?? { meanLoss: null, errorRate: null, accuracy: null },
    aggressors,
    resolved: [],
    tests: [],
    ...more,
  };
}
