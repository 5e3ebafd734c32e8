/**
 * RunTests: evaluates the project's saved aggressor tests on this run
 * against the previous version (the project's last succeeded run of another
 * model version uploaded before this version's first upload, or of the
 * manifest's `baseline`), matches this run's aggressors with the previous
 * version's, and stores it all: tests.json beside the results, one history
 * item per test, a one-line summary on the run record, and then the run's
 * HTML report. docs/tracking.md, docs/report.md.
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { readTests } from '../../shared/aws/aggressor-tests.ts';
import { S3ObjectMissingError } from '../../shared/aws/errors.ts';
import { MANIFEST_FILE, s3Keys } from '../../shared/aws/keys.ts';
import { getRunContext } from '../../shared/aws/run-context.ts';
import { listRuns, updateRun, type RunRecord } from '../../shared/aws/runs.ts';
import { putJson } from '../../shared/aws/s3-io.ts';
import { putTestHistory } from '../../shared/aws/test-history.ts';
import { keepRunMetadata, readTrackedRun } from '../../shared/aws/tracked-runs.ts';
import { countStatuses, trackingSummary } from '../../shared/tracking/counts.ts';
import {
  baselineRunsSummary,
  previousRunOf,
} from '../../shared/tracking/previous-run.ts';
import type { TrackedRun } from '../../shared/tracking/tracked-run.ts';
import { TESTS_REPORT_SCHEMA_VERSION } from '../../shared/tracking/types.ts';
import type { RunTestsReport, TestResult } from '../../shared/tracking/types.ts';
import type {
  PipelineState,
  Prepared,
  TestsOutcome,
} from '../../shared/pipeline/types.ts';
import { writeRunReport } from '../../shared/report/run-report.ts';
import { BaselineNotFoundError, RunTestsStateError } from './errors.ts';
import { evaluateSavedTests } from './evaluate-saved.ts';
import { trackAggressors, type RunWithResults } from './track-aggressors.ts';

export async function runTests(
  state: PipelineState,
  deps: PipelineDeps,
): Promise<TestsOutcome> {
  const { prepared, analyzed } = state;
  if (prepared === undefined) throw new RunTestsStateError(state.runId, '$.prepared');
  if (analyzed === undefined) throw new RunTestsStateError(state.runId, '$.analyzed');

  const current = await loadCurrent(prepared, deps);
  const previous = await loadPrevious(prepared, state.uploadedAtEpochMs, deps);
  const report = await buildReport(
    prepared,
    { run: current, resultsKey: analyzed.resultsKey },
    previous,
    deps,
  );
  const outcome = await store(prepared, state.uploadedAtEpochMs, report, deps);
  deps.logger.info('tests evaluated', { runId: prepared.runId, ...outcome.counts });
  const reportKey = await writeReport(prepared, state.uploadedAtEpochMs, deps);

  return reportKey === undefined ? outcome : { ...outcome, reportKey };
}

/**
 * The run's HTML report, now that its tests and history are stored
 * (docs/report.md). A report that cannot be built is logged, not fatal: the
 * results and the tests stand without it, and `aggressors report --rebuild`
 * builds it again from them.
 */
async function writeReport(
  prepared: Prepared,
  uploadedAtEpochMs: number,
  deps: PipelineDeps,
): Promise<string | undefined> {
  const { bucket, project, modelVersion, runId } = prepared;
  try {
    const run = { bucket, project, modelVersion, runId, uploadedAtEpochMs };
    return (await writeRunReport(deps, run)).key;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    deps.logger.error('report not written', { runId, reason });
    return undefined;
  }
}

/** This run's samples; its metadata is copied to results/ on the way, and read once. */
async function loadCurrent(
  prepared: Prepared,
  deps: PipelineDeps,
): Promise<TrackedRun> {
  const metadata = await keepRunMetadata(deps.s3, prepared.bucket, prepared);

  return readTrackedRun(deps.s3, prepared.bucket, prepared, metadata);
}

async function loadPrevious(
  prepared: Prepared,
  uploadedAtEpochMs: number,
  deps: PipelineDeps,
): Promise<(RunWithResults & { record: RunRecord }) | null> {
  const runs = await listRuns(deps.ddb, deps.config.table, prepared.project);
  const { baseline } = await getRunContext(deps.s3, prepared.bucket, prepared.runId);
  const current = { ...prepared, uploadedAtEpochMs };
  const record = previousRunOf(runs, current, baseline);
  if (record === undefined && baseline !== undefined) {
    const manifest = `${s3Keys.evaluationPrefix(prepared.project, prepared.modelVersion)}${MANIFEST_FILE}`;
    throw new BaselineNotFoundError(
      `s3://${prepared.bucket}/${manifest}`,
      prepared.project,
      baseline,
      baselineRunsSummary(runs, baseline),
    );
  }
  if (record?.resultsKey === undefined) return null;

  try {
    const run = await readTrackedRun(deps.s3, prepared.bucket, record);
    return { run, resultsKey: record.resultsKey, record };
  } catch (error) {
    if (!(error instanceof S3ObjectMissingError)) throw error;
    deps.logger.warn('previous run results missing', {
      runId: prepared.runId,
      previousRunId: record.runId,
      key: error.key,
    });
    return null;
  }
}

async function buildReport(
  prepared: Prepared,
  current: RunWithResults,
  previous: (RunWithResults & { record: RunRecord }) | null,
  deps: PipelineDeps,
): Promise<RunTestsReport> {
  const { bucket, project, modelVersion, runId } = prepared;
  const stored = await readTests(deps.s3, bucket, project);
  const tests = await evaluateSavedTests({
    s3: deps.s3,
    bucket,
    stored,
    current: current.run,
    previous: previous?.run ?? null,
  });
  const aggressors = await trackAggressors(deps.s3, bucket, current, previous);

  return {
    schemaVersion: TESTS_REPORT_SCHEMA_VERSION,
    project,
    modelVersion,
    runId,
    previous: previous && {
      runId: previous.record.runId,
      modelVersion: previous.record.modelVersion,
      uploadedAtEpochMs: previous.record.uploadedAtEpochMs,
    },
    tests,
    counts: countStatuses(tests),
    aggressors,
  };
}

/** tests.json, the history items and the run record's note; answers `$.tests`. */
async function store(
  prepared: Prepared,
  uploadedAtEpochMs: number,
  report: RunTestsReport,
  deps: PipelineDeps,
): Promise<TestsOutcome> {
  const { bucket, project, modelVersion, runId } = prepared;
  const testsKey = s3Keys.testsResult(project, modelVersion, runId);
  const note = trackingSummary(report.counts, report.aggressors);

  await putJson(deps.s3, bucket, testsKey, report);
  await putTestHistory(
    deps.ddb,
    deps.config.table,
    report.tests.map((result: TestResult) => ({
      ...result,
      project,
      modelVersion,
      runId,
      uploadedAtEpochMs,
    })),
  );
  await updateRun(deps.ddb, deps.config.table, project, runId, { testsNote: note });

  const persisting = report.aggressors.matches.filter((m) => m.state === 'persisting');
  return {
    evaluated: report.tests.length,
    note,
    testsKey,
    counts: report.counts,
    aggressors: {
      persisting: persisting.length,
      new: report.aggressors.matches.length - persisting.length,
      resolved: report.aggressors.resolved.length,
    },
    previousRunId: report.previous?.runId ?? null,
  };
}
