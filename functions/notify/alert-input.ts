/**
 * What the alert is built from, gathered from the execution state and the
 * results in S3: the run, its saved tests' results and its new aggressors
 * (the tests result RunTests wrote, `$.tests.testsKey`), and, only when
 * sample content is allowed, the aggressors' worst sample ids
 * (aggressors.json), and a signed link to the run's report. A tests result that cannot be read is reported as a test
 * in error, never taken as "all passed".
 */
import type {
  AlertAggressor,
  AlertInput,
  AlertRun,
  AlertTestResult,
} from '../../shared/alerts/types.ts';
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import type { ReportLink } from '../../shared/aws/report-link.ts';
import { getJson } from '../../shared/aws/s3-io.ts';
import { readTestsReport } from '../../shared/aws/tests-report.ts';
import type { PipelineState } from '../../shared/pipeline/types.ts';
import type {
  AggressorMatch,
  RunTestsReport,
  TestMetric,
  TestResult,
} from '../../shared/tracking/types.ts';
import type { FinalStatus } from './finalize-run.ts';

/** The name of the stand-in test when the tests result cannot be read. */
export const UNREADABLE_TESTS = 'saved tests';

const METRIC_NAMES: Record<TestMetric, string> = {
  meanLoss: 'mean loss',
  errorRate: 'error rate',
  accuracy: 'accuracy',
};

export async function alertInputOf(
  state: PipelineState,
  final: FinalStatus,
  deps: PipelineDeps,
  includeSamples: boolean,
): Promise<AlertInput> {
  const run = alertRunOf(state, final);
  const link = await reportLink(state, final, deps);
  if (link !== undefined) {
    run.reportUrl = link.url;
    run.reportUrlExpiresAt = new Date(link.expiresAtEpochMs).toISOString();
  }
  const testsKey = final.status === 'succeeded' ? state.tests?.testsKey : undefined;
  if (testsKey === undefined) return { run, tests: [], newAggressors: [] };

  const report = await readTestsResult(deps, testsKey, state.runId);
  if ('unreadable' in report)
    return { run, tests: [report.unreadable], newAggressors: [] };
  if (report.previous) run.previousModelVersion = report.previous.modelVersion;
  const fresh = report.aggressors.matches.filter((match) => match.state === 'new');
  const worst =
    includeSamples && fresh.length > 0 ? await worstSamples(state, deps) : {};

  return {
    run,
    tests: report.tests.map(alertTestOf),
    newAggressors: fresh.map((match) => alertAggressorOf(match, worst[match.id] ?? [])),
  };
}

function alertRunOf(state: PipelineState, final: FinalStatus): AlertRun {
  const run: AlertRun = {
    runId: state.runId,
    project: final.project,
    modelVersion: final.modelVersion,
    status: final.status,
    accuracy: final.status === 'succeeded' ? final.analyzed.overall.accuracy : null,
  };
  if (final.status === 'failed') run.error = final.error.message;

  return run;
}

/** A signed link to the run's report, when there is one and a signer; never fatal. */
async function reportLink(
  state: PipelineState,
  final: FinalStatus,
  deps: PipelineDeps,
): Promise<ReportLink | undefined> {
  const key = final.status === 'succeeded' ? state.tests?.reportKey : undefined;
  if (key === undefined || deps.linkReport === undefined) return undefined;
  try {
    return await deps.linkReport(deps.config.bucket, key);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    deps.logger.warn('report link not signed, alert carries none', {
      runId: state.runId,
      key,
      reason,
    });
    return undefined;
  }
}

/** The tests result, or a stand-in test in error saying why it cannot be read. */
async function readTestsResult(
  deps: PipelineDeps,
  key: string,
  runId: string,
): Promise<RunTestsReport | { unreadable: AlertTestResult }> {
  try {
    return await readTestsReport(deps.s3, deps.config.bucket, key);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    deps.logger.error('tests result unreadable', { runId, key, reason });
    return {
      unreadable: {
        name: UNREADABLE_TESTS,
        status: 'error',
        value: null,
        previousValue: null,
        difference: null,
        interval: null,
        reason: `the tests result s3://${deps.config.bucket}/${key} could not be read: ${reason}`,
      },
    };
  }
}

function alertTestOf(result: TestResult): AlertTestResult {
  const test: AlertTestResult = {
    name: result.name,
    status: result.status,
    value: result.value,
    previousValue: result.previousValue,
    difference: result.difference,
    interval: result.interval,
  };
  if (result.metric !== null) test.metric = METRIC_NAMES[result.metric];
  if (result.message !== undefined) test.reason = result.message;

  return test;
}

function alertAggressorOf(
  match: AggressorMatch,
  worstSampleIds: string[],
): AlertAggressor {
  const { id, rank, size, impact, meanLoss, lossRatio, errorRate, hypothesis } = match;

  return {
    id,
    rank,
    size,
    impact,
    meanLoss,
    lossRatio,
    errorRate,
    hypothesis,
    worstSampleIds,
  };
}

interface StoredAggressors {
  aggressors?: Array<{ id: string; representatives?: { worst?: string[] } }>;
}

/** Worst sample ids by aggressor id; none when the results cannot be read. */
async function worstSamples(
  state: PipelineState,
  deps: PipelineDeps,
): Promise<Record<string, string[]>> {
  const key = state.analyzed?.resultsKey;
  if (key === undefined) return {};
  try {
    const stored = await getJson<StoredAggressors>(deps.s3, deps.config.bucket, key);
    const pairs = (stored.aggressors ?? []).map((a) => [
      a.id,
      a.representatives?.worst ?? [],
    ]);
    return Object.fromEntries(pairs);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    deps.logger.warn('aggressor results unreadable, alert names no samples', {
      key,
      reason,
    });
    return {};
  }
}
