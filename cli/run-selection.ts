import { listRuns, type RunRecord } from '../shared/aws/runs.ts';
import { CliError } from './errors.ts';
import { shellWords } from './format.ts';
import type { Store } from './store.ts';

/** A version's run picked to be shown, among the version's runs. */
export interface RunSelection {
  /** The run to show: the version's latest, or the one asked for. */
  run: RunRecord;
  /** Every run of the version, oldest upload first: the last is the latest. */
  runsOfVersion: RunRecord[];
}

/** How many run ids an error lists before it says how many more there are. */
const LISTED_RUN_IDS = 10;

/**
 * The version's latest run or, with `runId`, that run of the version. A
 * version without runs and an id that is not one of the version's runs are
 * CliErrors naming what there is instead.
 */
export async function selectRun(
  store: Store,
  project: string,
  modelVersion: string,
  runId?: string,
): Promise<RunSelection> {
  const runs = await listRuns(store.ddb, store.table, project);
  const runsOfVersion = runs.filter((r) => r.modelVersion === modelVersion);
  if (runsOfVersion.length === 0)
    throw noRunOfVersion(store, project, modelVersion, runs);

  const run =
    runId === undefined
      ? runsOfVersion.at(-1)
      : runsOfVersion.find((r) => r.runId === runId);
  if (run === undefined) {
    throw unknownRun(store, runsOfVersion, runId ?? '', runs);
  }

  return { run, runsOfVersion };
}

function noRunOfVersion(
  store: Store,
  project: string,
  modelVersion: string,
  runs: RunRecord[],
): CliError {
  const known = [...new Set(runs.map((r) => r.modelVersion))];
  const hint = known.length > 0 ? ` (runs exist for: ${known.join(', ')})` : '';

  return new CliError(
    `no run of project "${project}" model version "${modelVersion}" in ` +
      `${store.location}${hint}`,
  );
}

function unknownRun(
  store: Store,
  runsOfVersion: RunRecord[],
  runId: string,
  runsOfProject: RunRecord[],
): CliError {
  const { project, modelVersion } = runsOfVersion[0] as RunRecord;
  const elsewhere = runsOfProject.find((r) => r.runId === runId);
  const other = elsewhere
    ? ` (run "${runId}" is of model version "${elsewhere.modelVersion}")`
    : '';
  const listed = runsOfVersion.slice(-LISTED_RUN_IDS);
  const earlier = runsOfVersion.length - listed.length;
  const ids = listed.map((r) => `${r.runId} (${r.status})`).join(', ');
  const more = earlier > 0 ? ` and ${earlier} earlier` : '';

  return new CliError(
    `no run "${runId}" of project "${project}" model version "${modelVersion}" ` +
      `in ${store.location}${other}; its runs, oldest first: ${ids}${more} ` +
      `(${shellWords(['aggressors', 'runs', project, modelVersion])} lists them)`,
  );
}

/**
 * What a reader of the selected run should know about the version's other
 * runs: that the latest did not succeed and which run last did, or that the
 * run shown is not the latest. Empty when the latest run succeeded and is shown.
 */
export function selectionNotes({ run, runsOfVersion }: RunSelection): string[] {
  const latest = runsOfVersion.at(-1) as RunRecord;
  const { project, modelVersion } = latest;
  if (run.runId !== latest.runId) {
    const show = shellWords(['aggressors', 'show', project, modelVersion]);
    return [
      `not the latest run of ${modelVersion}: that is ${latest.runId} ` +
        `(${latest.status}, uploaded ${isoTime(latest)}), which ${show} opens`,
    ];
  }
  if (latest.status === 'succeeded') return [];

  const lastSucceeded = runsOfVersion.findLast((r) => r.status === 'succeeded');
  const what = `the latest run of ${modelVersion} ${statusPhrase(latest)}`;
  if (lastSucceeded !== undefined) {
    const open = ['aggressors', 'show', project, modelVersion, '--run'];
    return [
      `${what}; the last one that succeeded is ${lastSucceeded.runId} ` +
        `(uploaded ${isoTime(lastSucceeded)}): ` +
        shellWords([...open, lastSucceeded.runId]),
    ];
  }
  if (runsOfVersion.length === 1) return [];

  const list = shellWords(['aggressors', 'runs', project, modelVersion]);
  return [
    `${what}; none of the ${runsOfVersion.length} runs of ${modelVersion} succeeded ` +
      `(${list} lists them)`,
  ];
}

function statusPhrase(run: RunRecord): string {
  if (run.status === 'running') return 'is still running';
  if (run.status === 'queued') return 'is queued';
  return run.status;
}

function isoTime(run: RunRecord): string {
  return new Date(run.uploadedAtEpochMs).toISOString();
}
