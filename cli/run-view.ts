import type { RunResults } from '../functions/analyze/results.ts';
import { S3ObjectMissingError } from '../shared/aws/errors.ts';
import { s3Keys } from '../shared/aws/keys.ts';
import { getJson } from '../shared/aws/s3-io.ts';
import { readTestsReport } from '../shared/aws/tests-report.ts';
import type {
  AggressorMatch,
  ResolvedAggressor,
  RunTestsReport,
  TestResult,
} from '../shared/tracking/types.ts';
import type { RunRecord } from '../shared/aws/runs.ts';
import { selectRun } from './run-selection.ts';
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
  aggressors: Array<AggressorView & { match?: AggressorMatchView }>;
  /** The version this run was compared with; null for none or before tracking. */
  previous: { runId: string; modelVersion: string } | null;
  /** The previous version's aggressors this run no longer has. */
  resolved: ResolvedAggressor[];
  /** The saved tests' results in this run (docs/tracking.md). */
  tests: TestView[];
  [field: string]: unknown;
}

/** How an aggressor relates to the previous version's (docs/tracking.md). */
export type AggressorMatchView = Pick<
  AggressorMatch,
  'previousId' | 'state' | 'overlap'
>;

/** A test result, with `delta` and `ci` as DESIGN.md names the difference and interval. */
export type TestView = TestResult & {
  delta: TestResult['difference'];
  ci: TestResult['interval'];
};

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
  const { run } = await selectRun(store, project, modelVersion);

  return runViewOf(store, run);
}

/** One run's view: its record, its stored results and its tests. */
export async function runViewOf(store: Store, run: RunRecord): Promise<RunView> {
  const results =
    run.status === 'succeeded' && run.resultsKey
      ? await getJson<StoredResults>(store.s3, store.bucket, run.resultsKey)
      : {};

  // The run record speaks for identity, status and counts; the stored results
  // add the aggressors and whatever else the analysis reports.
  const { aggressors = [], ...more } = results;
  for (const field of RUN_RECORD_FIELDS) delete more[field];
  const tracking =
    run.status === 'succeeded' ? await loadTracking(store, run) : undefined;

  return {
    schemaVersion: 1,
    project: run.project,
    modelVersion: run.modelVersion,
    runId: run.runId,
    status: run.status,
    ...(run.error ? { error: run.error } : {}),
    counts: run.counts ?? null,
    overall: run.overall ?? { meanLoss: null, errorRate: null, accuracy: null },
    aggressors: withMatches(aggressors, tracking),
    previous: tracking?.previous
      ? { runId: tracking.previous.runId, modelVersion: tracking.previous.modelVersion }
      : null,
    resolved: tracking?.aggressors.resolved ?? [],
    tests: (tracking?.tests ?? []).map((t) => ({
      ...t,
      delta: t.difference,
      ci: t.interval,
    })),
    ...more,
  };
}

/** The run's tests.json, written by RunTests; undefined for runs before tracking. */
async function loadTracking(
  store: Store,
  run: RunRecord,
): Promise<RunTestsReport | undefined> {
  const key = s3Keys.testsResult(run.project, run.modelVersion, run.runId);
  try {
    return await readTestsReport(store.s3, store.bucket, key);
  } catch (error) {
    if (error instanceof S3ObjectMissingError) return undefined;
    throw error;
  }
}

function withMatches(
  aggressors: AggressorView[],
  tracking: RunTestsReport | undefined,
): RunView['aggressors'] {
  if (tracking === undefined) return aggressors;
  const matches = new Map(tracking.aggressors.matches.map((m) => [m.id, m]));

  return aggressors.map((a) => {
    const match = matches.get(a.id);
    return match === undefined
      ? a
      : {
          ...a,
          match: {
            previousId: match.previousId,
            state: match.state,
            overlap: match.overlap,
          },
        };
  });
}
