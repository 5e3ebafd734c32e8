/**
 * `aggressors gate <project> <modelVersion>`: the CI gate. Prints the saved
 * tests' results of the version's latest run and fails (exit 1) when a test
 * failed, regressed or errored, or when the run is missing, failed or not
 * finished. Not-applicable does not fail it. docs/tracking.md.
 */
import { S3ObjectMissingError } from '../../shared/aws/errors.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { latestRunOfVersion } from '../../shared/aws/runs.ts';
import { readTestsReport } from '../../shared/aws/tests-report.ts';
import { TestsReportError } from '../../shared/tracking/errors.ts';
import { FAILING_STATUSES } from '../../shared/tracking/types.ts';
import type { RunTestsReport, TestResult } from '../../shared/tracking/types.ts';
import { num, table } from '../format.ts';
import { openStore, type StoreOptions } from '../store.ts';
import type { TestStore } from './tests.ts';

export interface GateResult {
  /** 0: the version may go on; 1: it may not. */
  exitCode: 0 | 1;
  /** One sentence: why it passes or fails. */
  verdict: string;
  runId: string | null;
  tests: TestResult[];
  /** The version the tests were compared with; absent when none or unknown. */
  previous?: { runId: string; modelVersion: string };
}

export async function gate(
  store: TestStore,
  project: string,
  modelVersion: string,
): Promise<GateResult> {
  const run = await latestRunOfVersion(store.ddb, store.table, project, modelVersion);
  if (run === undefined) {
    return blocked(
      `no run of project "${project}" model version "${modelVersion}"`,
      null,
    );
  }
  if (run.status !== 'succeeded') {
    const reason = run.error ? `: ${run.error.message}` : '';
    return blocked(`run ${run.runId} is ${run.status}${reason}`, run.runId);
  }
  const report = await readReport(store, project, run.modelVersion, run.runId);
  if (report === undefined) {
    return blocked(`run ${run.runId} has no test results (tests.json)`, run.runId);
  }
  if (report instanceof TestsReportError) {
    return blocked(
      `run ${run.runId}'s test results are unreadable: ${report.message}`,
      run.runId,
    );
  }

  const failing = report.tests.filter((t) => FAILING_STATUSES.includes(t.status));
  const verdict =
    failing.length > 0
      ? `${failing.length} of ${testCount(report.tests.length)}: ` +
        failing.map((t) => `${t.name} ${t.status}`).join(', ')
      : `${testCount(report.tests.length)}, none failed, regressed or errored`;

  return {
    exitCode: failing.length > 0 ? 1 : 0,
    verdict,
    runId: run.runId,
    tests: report.tests,
    ...(report.previous && {
      previous: {
        runId: report.previous.runId,
        modelVersion: report.previous.modelVersion,
      },
    }),
  };
}

function testCount(n: number): string {
  return n === 1 ? '1 test' : `${n} tests`;
}

/** The run's tests result; undefined when there is none, the error when it is bad. */
async function readReport(
  store: TestStore,
  project: string,
  modelVersion: string,
  runId: string,
): Promise<RunTestsReport | TestsReportError | undefined> {
  const key = s3Keys.testsResult(project, modelVersion, runId);
  try {
    return await readTestsReport(store.s3, store.bucket, key);
  } catch (error) {
    if (error instanceof S3ObjectMissingError) return undefined;
    if (error instanceof TestsReportError) return error;
    throw error;
  }
}

function blocked(verdict: string, runId: string | null): GateResult {
  return { exitCode: 1, verdict, runId, tests: [] };
}

/** The tests as a table: status, value, saved, previous, difference and interval. */
export function describeTestResults(tests: readonly TestResult[]): string {
  const rows = tests.map((t) => [
    t.name,
    t.status,
    t.metric ?? '-',
    num(t.value),
    num(t.savedValue),
    num(t.previousValue),
    signed(t.difference),
    t.interval ? `[${signed(t.interval[0])}, ${signed(t.interval[1])}]` : '-',
    t.members,
  ]);
  const headers = [
    'test',
    'status',
    'metric',
    'value',
    'saved',
    'previous',
    'difference',
  ];

  return table([...headers, '95% interval', 'members'], rows);
}

function signed(value: number | null): string {
  if (value === null) return '-';
  return value > 0 ? `+${num(value)}` : num(value);
}

export async function gateCommand(
  project: string,
  modelVersion: string,
  options: StoreOptions,
): Promise<void> {
  const store = await openStore(options);
  try {
    const result = await gate(store, project, modelVersion);
    console.log(describeGate(project, modelVersion, result));
    if (result.exitCode !== 0) process.exitCode = result.exitCode;
  } finally {
    await store.close();
  }
}

export function describeGate(
  project: string,
  modelVersion: string,
  result: GateResult,
): string {
  const lines = result.tests.length > 0 ? [describeTestResults(result.tests), ''] : [];
  if (result.tests.length > 0) {
    const { previous } = result;
    lines.unshift(
      previous
        ? `compared with ${previous.modelVersion} (run ${previous.runId})`
        : 'compared with no earlier version (first run of the project, or none succeeded)',
    );
  }
  const messages = result.tests
    .filter((t) => t.message !== undefined && t.status !== 'pass')
    .map((t) => `  ${t.name}: ${t.message}`);
  if (messages.length > 0) lines.push(...messages, '');
  lines.push(
    `gate ${result.exitCode === 0 ? 'passed' : 'FAILED'} for ${project} ${modelVersion}: ${result.verdict}`,
  );

  return lines.join('\n');
}
